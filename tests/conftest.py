"""Shared fixtures: one Auditor for the whole test run (building it loads spaCy and the rules).

The repository root is appended to sys.path so tests can use the fixture builders (`fixtures.build`,
`fixtures.caseload`) and the hostile corpus (`tests.hostile.make_corpus`), while `pathway_audit` itself
still comes from the installed package, as `pip install .` ships it.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from pathway_audit.auditor import Auditor

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))
FIXTURES = ROOT / "fixtures"
TODAY = date(2026, 11, 24)


@pytest.fixture(scope="session")
def today() -> date:
    return TODAY


@pytest.fixture(scope="session")
def auditor() -> Auditor:
    return Auditor()

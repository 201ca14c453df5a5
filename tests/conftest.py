"""Shared fixtures: one Auditor for the whole test run (building it loads spaCy and the rules)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pathway_audit.auditor import Auditor

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
TODAY = date(2026, 11, 24)


@pytest.fixture(scope="session")
def today() -> date:
    return TODAY


@pytest.fixture(scope="session")
def auditor() -> Auditor:
    return Auditor()

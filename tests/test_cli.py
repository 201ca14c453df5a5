"""The command line: formats, exit codes, plain errors, rule listing and council packs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pathway_audit.cli import main
from pathway_audit.errors import RulePackError
from pathway_audit.rules.loader import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "fixtures" / "plans" / "example-good.docx"
POOR = ROOT / "fixtures" / "plans" / "example-poor.docx"
PACK = ROOT / "fixtures" / "packs" / "council-example.yaml"


def test_text_report(capsys) -> None:
    assert main(["check", str(GOOD), "--today", "2026-11-24"]) == 0
    out = capsys.readouterr().out
    assert "Overall:" in out and "Contingency" in out


def test_json_report_follows_schema(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    assert main(["check", str(POOR), "--format", "json", "-o", str(target), "--today", "2026-11-24"]) == 0
    report = json.loads(target.read_text())
    assert report["schema_version"] == "1"
    assert len(report["criteria"]) == 10
    for criterion in report["criteria"]:
        for finding in criterion["findings"]:
            assert finding["rule"] and finding["suggestion"]
            for ev in finding["evidence"]:
                assert {"section", "block", "start", "end", "text"} <= set(ev)


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    assert main(["check", str(POOR), "--format", "html", "-o", str(target), "--today", "2026-11-24"]) == 0
    html = target.read_text()
    assert "<mark>" in html and "<style>" in html
    assert "http://" not in html.split("<main", 1)[0] and "<script src" not in html


def test_fail_under(capsys) -> None:
    assert main(["check", str(POOR), "--fail-under", "90", "--today", "2026-11-24"]) == 1
    assert main(["check", str(GOOD), "--fail-under", "50", "--today", "2026-11-24"]) == 0


@pytest.mark.parametrize("content,name", [(b"", "empty.docx"), (b"PK\x03\x04broken", "broken.docx"),
                                          (b"\x89PNG\r\n\x1a\n" + bytes(100), "photo.docx")])
def test_bad_input_exits_2_without_traceback(tmp_path: Path, content: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = subprocess.run([sys.executable, "-m", "pathway_audit.cli", "check", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("pathway-audit: ")


def test_missing_file_and_folder(tmp_path: Path, capsys) -> None:
    assert main(["check", str(tmp_path / "nope.docx")]) == 2
    assert main(["check", str(tmp_path)]) == 2
    assert "folder" in capsys.readouterr().err


def test_rules_list_and_explain(capsys) -> None:
    assert main(["rules", "list"]) == 0
    assert "contingency.missing" in capsys.readouterr().out
    assert main(["rules", "explain", "contingency.missing"]) == 0
    out = capsys.readouterr().out
    assert "Care Leavers (England) Regulations 2010" in out and "Bad example" in out
    assert main(["rules", "explain", "no.such-rule"]) == 2


def test_council_pack_merges_as_documented() -> None:
    core, council = load_ruleset(), load_ruleset([PACK])
    assert "plain.repeated-text" not in {r.id for r in council.rules}
    assert council.rule("smart.vague-verb").weight == 25
    assert council.rule("smart.vague-verb").message == core.rule("smart.vague-verb").message
    assert council.rule("entitlements.local-offer") is not None
    assert "safety net" in council.vocabulary.areas["contingency"].headings
    assert "contingency plan" in council.vocabulary.areas["contingency"].headings
    assert "northfield hub worker" in council.vocabulary.lexicons["owner_roles"]
    assert council.scoring.met == 80 and council.scoring.partly_met == core.scoring.partly_met
    assert council.packs == ("core", str(PACK))


def test_council_pack_changes_results(capsys) -> None:
    assert main(["check", str(POOR), "--rules", str(PACK), "--format", "json", "--today", "2026-11-24"]) == 0
    report = json.loads(capsys.readouterr().out)
    rules_fired = {f["rule"] for c in report["criteria"] for f in c["findings"]}
    assert "entitlements.local-offer" in rules_fired
    assert report["ruleset"]["name"] == "northfield-council"


@pytest.mark.parametrize("pack,needle", [
    ("rules:\n  - id: smart.new-rule\n    criterion: smart_actions\n", "smart.new-rule"),
    ("disable: [no.such-rule]\n", "no.such-rule"),
    ("rules:\n  - id: smart.vague-verb\n    detector: nonsense\n", "unknown detector"),
    ("rules:\n  - id: smart.vague-verb\n    params: {check: owner, colour: red}\n", "colour"),
    ("vocabulary:\n  lexicons:\n    weak_verbs: {remove: [fly]}\n", "fly"),
    ("flavour: mint\n", "unknown keys"),
    ("vocabulary:\n  patterns:\n    phone: ['(unclosed']\n", "not a valid regular expression"),
    ("vocabulary:\n  areas:\n    health:\n      lines: ['[a-']\n", "vocabulary.areas.health.lines.0"),
])
def test_bad_council_packs_name_the_problem(tmp_path: Path, pack: str, needle: str) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(pack)
    with pytest.raises(RulePackError) as err:
        load_ruleset([path])
    assert needle in str(err.value)


def test_bad_pack_on_command_line_exits_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text("flavour: mint\n")
    assert main(["check", str(GOOD), "--rules", str(path)]) == 2
    assert "unknown keys" in capsys.readouterr().err


def test_published_report_schema_is_current(capsys) -> None:
    """schema/report-v1.json changes only on purpose: regenerate it with `pathway-audit schema`."""
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads((ROOT / "schema" / "report-v1.json").read_text())


def test_reports_validate_against_the_published_schema(tmp_path: Path) -> None:
    import jsonschema_rs

    schema = json.loads((ROOT / "schema" / "report-v1.json").read_text())
    for plan in (GOOD, POOR):
        target = tmp_path / "report.json"
        assert main(["check", str(plan), "--format", "json", "-o", str(target), "--today", "2026-11-24"]) == 0
        jsonschema_rs.validate(schema, json.loads(target.read_text()))


def test_redact_names_hides_the_advisers_name(capsys) -> None:
    assert main(["check", str(GOOD), "--format", "json", "--today", "2026-11-24"]) == 0
    assert "Hannah" in capsys.readouterr().out
    assert main(["check", str(GOOD), "--format", "json", "--today", "2026-11-24", "--redact-names"]) == 0
    out = capsys.readouterr().out
    assert "Hannah" not in out and "[name]" in out


def test_pack_can_extend_another_council_pack(tmp_path: Path) -> None:
    (tmp_path / "region.yaml").write_text("pack: {name: region}\ndisable: [plain.repeated-text]\n")
    (tmp_path / "council.yaml").write_text(
        "pack: {name: council, extends: region.yaml}\nrules:\n  - {id: smart.vague-verb, weight: 30}\n")
    ruleset = load_ruleset([tmp_path / "council.yaml"])
    assert ruleset.name == "council"
    assert ruleset.rule("plain.repeated-text") is None and ruleset.rule("smart.vague-verb").weight == 30
    (tmp_path / "loop.yaml").write_text("pack: {name: loop, extends: loop.yaml}\n")
    with pytest.raises(RulePackError, match="loop"):
        load_ruleset([tmp_path / "loop.yaml"])

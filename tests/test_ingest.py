"""Reading plans: Word structure, text exports, PDF, JSON, and the sections and fields found in them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixtures.build import build_docx
from pathway_audit.auditor import Auditor
from pathway_audit.errors import PlanError
from pathway_audit.ingest.shape import is_caps_heading, table_blocks
from pathway_audit.ingest.text import read_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _pdf(lines: list[str]) -> bytes:
    """A minimal one-page text PDF, written by hand so the test needs no PDF library to make it."""
    text = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(
        "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for ln in lines) + " ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(text) + text.encode("latin-1") + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_docx_headings_tables_and_fields(auditor: Auditor, today) -> None:
    ap = auditor.annotate((FIXTURES / "plans" / "example-good.docx").read_bytes(), "example-good.docx", today)
    kinds = {b.kind for b in ap.plan.blocks}
    assert {"heading", "paragraph", "table_row"} <= kinds
    assert ap.plan.metadata.plan_date is not None and ap.plan.metadata.next_review is not None
    table_actions = [a for a in ap.actions if a.source == "table"]
    assert table_actions and all(a.owner for a in table_actions[:3])
    assert {"accommodation", "health", "contingency"} <= ap.plan.areas()


@pytest.mark.parametrize("style_file", sorted(FIXTURES.glob("**/*.docx")), ids=lambda p: p.name)
def test_docx_and_markdown_versions_agree(auditor: Auditor, today, style_file: Path) -> None:
    """Every Word template style gives the same criterion results as the plan's text source."""
    md = style_file.with_suffix(".md")
    from_docx = auditor.check_bytes(style_file.read_bytes(), style_file.name, today)
    from_md = auditor.check_bytes(md.read_bytes(), md.name, today)
    assert len(from_docx.actions) == len(from_md.actions)
    assert [c.status for c in from_docx.criteria] == [c.status for c in from_md.criteria]


def test_pdf_plan(auditor: Auditor, today) -> None:
    pdf = _pdf(["PATHWAY PLAN", "Plan date: 01/10/2026", "CONTINGENCY",
                "If I lose my flat I will call Priya on 0700 000 011."])
    ap = auditor.annotate(pdf, "plan.pdf", today)
    assert ap.plan.metadata.plan_date is not None
    assert "contingency" in ap.plan.areas()


def test_json_plan(auditor: Auditor, today) -> None:
    plan = {"metadata": {"plan_date": "2026-10-01", "next_review": "2027-03-01", "adviser": "Priya Shah"},
            "sections": [{"heading": "Where I live", "text": "I live in a flat on Mill Street. I feel safe there.",
                          "actions": [{"what": "Apply for the bus pass", "who": "Priya (PA)", "when": "within 2 weeks"},
                                      {"what": "Book a dentist check-up", "who": "", "when": "ongoing"}]}]}
    report = auditor.check_bytes(json.dumps(plan).encode(), "plan.json", today)
    assert report.document.plan_date.isoformat() == "2026-10-01"
    assert report.document.adviser == "Priya Shah"
    assert [(a.owner, a.due, a.vague_due) for a in report.actions] == [
        ("Priya (PA)", "within 2 weeks", False), (None, "ongoing", True)]


def test_json_plan_wrong_shape(auditor: Auditor) -> None:
    with pytest.raises(PlanError) as err:
        auditor.check_bytes(b'{"sections": "not a list"}', "plan.json")
    assert err.value.status == 422


def test_a_dated_sign_off_ending_in_a_colon_is_not_a_heading(auditor: Auditor, today) -> None:
    text = "## Manager's comments\n\nJo Bell, Team Manager, 19/11/2026:\n\nA clear plan. I agree the actions.\n"
    blocks = auditor.annotate(text.encode(), "plan.md", today).plan.blocks
    assert [b.kind for b in blocks] == ["heading", "paragraph", "paragraph"]
    assert all("management_oversight" in b.areas for b in blocks)


def test_a_lone_short_line_is_a_heading_only_where_headings_are_not_marked() -> None:
    lines = "Where I live\n\nI live in a flat.\n\nChecked and agreed - Jo Bell, Team Manager\n"
    assert [b.kind for b in read_text(lines).blocks] == ["heading", "paragraph", "heading"]
    marked = "**Where I live**\n\nI live in a flat.\n\nChecked and agreed - Jo Bell, Team Manager\n"
    assert [b.kind for b in read_text(marked).blocks] == ["heading", "paragraph", "paragraph"]


def test_run_in_headings_inside_a_section(auditor: Auditor, today) -> None:
    text = ("## Money Matters\n\nLife skills: Kyle can make pasta and toast.\n\n"
            "## Plan B\n\nNo current risk indicators. If I lose my job, I will ring Priya.\n")
    areas = {b.text.split()[0]: b.areas for b in auditor.annotate(text.encode(), "plan.md", today).plan.blocks}
    assert areas["Life"] == ("independent_living",) and areas["No"] == ("contingency",)


def test_letter_style_text_uses_run_in_headings(auditor: Auditor, today) -> None:
    text = ("Plan date: 01/10/2026\n\nDear Sam,\n\nMoney. You get Universal Credit and you have a bank account.\n\n"
            "Health. You are registered with Dr Patel and you see the dentist every six months.\n")
    ap = auditor.annotate(text.encode(), "letter.txt", today)
    areas = {b.text.split(".")[0]: b.areas for b in ap.plan.blocks}
    assert "finance" in areas["Money"] and "health" in areas["Health"]


def test_free_text_actions(auditor: Auditor, today) -> None:
    text = ("Plan date: 01/10/2026\n\nPriya (PA) will book a visit to Riverside College by 15 January 2027. "
            "I will open a bank account within 2 weeks. This will help me save. Amir to register with a GP asap.\n\n"
            "If my tenancy ends, Priya will find me somewhere to stay.\n")
    actions = auditor.annotate(text.encode(), "plan.txt", today).actions
    assert [(a.owner, a.due, a.vague_due) for a in actions] == [
        ("Priya (PA)", "by 15 January 2027", False), ("I", "within 2 weeks", False), ("Amir", "asap", True)]
    assert actions[0].due_date.isoformat() == "2027-01-15"
    mixed = "## Money\n\nI will open a bank account within 2 weeks. If my tenancy ends, Priya will find me a room.\n"
    assert [a.owner for a in auditor.annotate(mixed.encode(), "plan.md", today).actions] == ["I"]


@pytest.mark.parametrize("cell,vague", [
    ("Before 18th birthday", False), ("prior to YP's 18th birthday", False), ("By 18", False),
    ("Next visit", False), ("By the new year", False), ("By 18 March", False), ("When I'm 18", False),
    ("when she’s 21", False), ("Ongoing", True), ("When ready", True),
])
def test_timescales_in_action_tables(auditor: Auditor, today, cell: str, vague: bool) -> None:
    table = f"## Actions\n\n| What | Who | When |\n|---|---|---|\n| Open a bank account | Sam | {cell} |\n"
    [action] = auditor.annotate(table.encode(), "plan.md", today).actions
    assert (action.due, action.vague_due) == (cell, vague)


@pytest.mark.parametrize("sentence,owner", [
    ("Learn to drive and buy a car.", None),                        # a goal written as an order, no owner
    ("Prior to custody YP used cannabis daily.", None),
    ("For Dean to maintain his hostel placement.", None),
    ("Options to be explored with probation.", None),
    ("This says what we will all do to help you.", None),
    ("He is worried about where he will live on release.", None),
    ("He likes going to the gym when he can.", None),
    ("Staff say he will often refuse his tablets.", None),
    ("I support the move and will attend the panel on 3 December 2026.", "I"),
    ("Jo is going to book the test by March.", "Jo"),
    ("PA TO VISIT EVERY 8 WEEKS.", "PA"),
    ("Ben is to speak to Dad before the next session.", "Ben"),
    ("Nadia (care coordinator) will review your tablets by March.", "Nadia (care coordinator)"),
    ('You will go to the "Cook on a Budget" sessions in January.', "You"),
    ('"I will try," she said.', None),
    ("You will also be able to apply to Student Finance.", None),
    ("How we will keep in touch.", None),
    ("You will get a copy of this plan by email.", None),           # receiving, not doing
    ("He will stay with his aunt until March.", None),
    ("I'm going to stay with Bev until I go to university.", None),
    ("The GP will want to know about both.", None),                  # an expectation, not a commitment
    ("His supported lodgings will end in September 2027.", None),    # an event
    ("Dan will get advice from the legal team by May.", "Dan"),
    ("Return to service agreed.", None),                             # a decision on record
])
def test_what_is_and_is_not_a_free_text_action(auditor: Auditor, today, sentence: str, owner: str | None) -> None:
    actions = auditor.annotate(f"## Money\n\n{sentence}\n".encode(), "plan.md", today).actions
    assert [a.owner for a in actions] == ([owner] if owner else [])


@pytest.mark.parametrize("data,code", [(b"", "empty"), (b"   \n", "empty"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
                                                                           "encrypted_or_legacy"),
                                       (b"PK\x03\x04garbage", "corrupt"), (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "unsupported_type")])
def test_unreadable_input(auditor: Auditor, data: bytes, code: str) -> None:
    with pytest.raises(PlanError) as err:
        auditor.check_bytes(data, "plan.docx")
    assert err.value.code == code


def test_form_row_whose_label_has_a_colon(auditor: Auditor, today) -> None:
    """'Plan B: if things go wrong | N/A' in a Word form is an empty contingency, as in the text version."""
    md = "# Pathway Plan\n\nPlan date: 01/10/2026\n\n## Plan B: if things go wrong\n\nN/A\n\n## Health\n\nI see Dr Patel.\n"
    for style in ("form-table", "headings", "bold", "caps"):
        report = auditor.check_bytes(build_docx(md, style), "plan.docx", today)
        assert "contingency.missing" in {f.rule for c in report.criteria for f in c.findings}, style


def test_a_bold_question_is_a_heading_in_word(auditor: Auditor, today) -> None:
    """A bold 'What if things change?' line is the plan B heading, as '## What if things change?' is in text."""
    md = "## Health\n\nI see Dr Patel.\n\n## What if things change?\n\nIf you lose your job, Tom will help you.\n"
    plan = auditor.annotate(build_docx(md, "bold"), "plan.docx", today).plan
    assert [s.heading for s in plan.sections if s.heading] == ["Health", "What if things change?"]


@pytest.mark.parametrize(("line", "heading"), [("EET", True), ("PLAN B: IF IT GOES WRONG", True), ("TBC", False),
                                              ("N/A", False), ("PLAN DATE: 12/09/2026", False), ("NO", False)])
def test_caps_headings_in_case_system_exports(line: str, heading: bool) -> None:
    """An all-caps line of three letters or more is a heading ("EET"), unless it is a stand-in such as "TBC"."""
    assert is_caps_heading(line) is heading


def test_a_condition_before_a_colon_is_not_a_run_in_heading(auditor: Auditor, today) -> None:
    """'If YP goes missing: ...' under Contingency is a plan B scenario, not a new 'missing' (safety) section."""
    md = ("## Contingency\n\n1. If YP goes missing: staff will report it to the police after 1 hour.\n"
          "2. IF HE GOES MISSING AGAIN: staff will call the police at once.\n")
    items = [b for b in auditor.annotate(md.encode(), "plan.md", today).plan.blocks if b.kind == "list_item"]
    assert [b.areas for b in items] == [("contingency",), ("contingency",)]


def test_a_one_row_table_is_its_text_without_empty_cells() -> None:
    """A Word layout table of one row, with an empty first cell, reads as the line in it."""
    [block] = table_blocks([["", "Manager sign-off: Plan agreed. Fatima Chowdhury, Team Manager, 05/10/2026"]])
    assert (block.kind, block.text) == ("paragraph", "Manager sign-off: Plan agreed. Fatima Chowdhury, Team Manager, 05/10/2026")
    lines = table_blocks([["", "Management sign-off: Plan agreed.\nR. Oduya, Team Manager, 30/10/2026"]])
    assert [(b.kind, b.text) for b in lines] == [("paragraph", "Management sign-off: Plan agreed."),
                                                 ("paragraph", "R. Oduya, Team Manager, 30/10/2026")]


def test_a_bullet_list_in_a_form_stays_a_list() -> None:
    """Bullets in a form's value cell are list items, so 'Student loan: £3,370 a term' is not read as a heading."""
    blocks = table_blocks([["Money", "Your income:\n\u2022 Student loan: £3,370 a term.\n\u2022 Job: £420 a month."],
                           ["Health", "I see Dr Patel."]])
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Money"), ("paragraph", "Your income:"), ("list_item", "Student loan: £3,370 a term."),
        ("list_item", "Job: £420 a month."), ("paragraph", "Health: I see Dr Patel.")]
    [row] = table_blocks([["What", "Who", "When"], ["\u2022 Book the GP", "Sam", "by May"]])
    assert row.cells == ("Book the GP", "Sam", "by May")


def test_a_sign_off_line_is_oversight_wherever_it_sits(auditor: Auditor, today) -> None:
    """'Authorised - M. Clarke (Team Manager)' under the plan B heading is the manager's sign-off, not plan B."""
    md = "## Contingency\n\nN/A\n\nAuthorised - M. Clarke (Team Manager)\n"
    blocks = auditor.annotate(md.encode(), "plan.md", today).plan.blocks
    assert [(b.text, b.areas) for b in blocks if b.kind == "paragraph"] == [
        ("N/A", ("contingency",)), ("Authorised - M. Clarke (Team Manager)", ("management_oversight",))]


def test_a_line_with_its_own_who_and_when_labels_is_one_action(auditor: Auditor, today) -> None:
    md = ("## Health\n\n- Book a GP review of her eczema. Who: Tamsin (key worker). When: by 30/11/2026.\n"
          "- Keep offering a CAMHS referral. Who: Owen (social worker). When: as needed.\n"
          "- Find an art group outside school. Who: Tamsin.\n")
    actions = auditor.annotate(md.encode(), "plan.md", today).actions
    assert [(a.text, a.owner, a.due, a.vague_due) for a in actions] == [
        ("Book a GP review of her eczema", "Tamsin (key worker)", "by 30/11/2026", False),
        ("Keep offering a CAMHS referral", "Owen (social worker)", "as needed", True),
        ("Find an art group outside school", "Tamsin", None, False)]

"""The web page in a real headless Chromium: upload a plan, read the report, download the commented .docx."""

from __future__ import annotations

import io
import socket
import threading
import time
from pathlib import Path

import docx
import pytest

from fixtures.build import build_docx
from pathway_audit.api.app import create_app
from pathway_audit.api.settings import Settings
from pathway_audit.render import GRADE_WORDS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def base_url(auditor):
    """The app served by uvicorn on a free loopback port, for the length of this module."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(), auditor=auditor), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(accept_downloads=True)
        yield context.new_page()
        browser.close()


def test_upload_shows_report_and_downloads_commented_docx(page, base_url, auditor, tmp_path):
    plan = tmp_path / "reece.docx"
    plan.write_bytes(build_docx((ROOT / "fixtures/plans/example-poor.md").read_text(encoding="utf-8"), "headings"))
    expected = auditor.check_file(plan)

    page.goto(base_url + "/")
    page.get_by_label("Upload the plan").set_input_files(str(plan))
    page.get_by_role("button", name="Check plan").click()
    grade = page.locator("#report .pa-grade-word")
    grade.wait_for()
    assert grade.inner_text() == GRADE_WORDS[expected.overall.grade]
    assert page.locator("#report .pa-criteria tbody tr").count() == len(expected.criteria)
    assert page.locator("#report mark").count() > 0
    first = next(f for c in expected.criteria for f in c.findings)
    assert page.get_by_text(first.suggestion).first.is_visible()
    assert page.get_by_role("status").inner_text() == "Check finished."

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the plan with Word comments").click()
    download = info.value
    assert download.suggested_filename == "reece.reviewed.docx"
    reviewed = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(list(reviewed.comments)) == sum(len(c.findings) for c in expected.criteria)


def test_unreadable_file_shows_the_problem(page, base_url, tmp_path):
    bad = tmp_path / "plan.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    page.goto(base_url + "/")
    page.get_by_label("Upload the plan").set_input_files(str(bad))
    page.get_by_role("button", name="Check plan").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "save it as .docx" in alert.inner_text()
    assert page.locator("#report").inner_html() == ""
    assert page.locator("#download").is_hidden()

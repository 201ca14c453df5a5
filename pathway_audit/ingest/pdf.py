"""Read text-based PDF plans with pypdfium2, page by page, within page and size limits."""

from __future__ import annotations

from ..errors import PlanError
from ..plan import RawPlan
from . import Limits
from .safety import check_pdf_streams
from .text import read_text


def read_pdf(data: bytes, limits: Limits) -> RawPlan:
    """Extract the text layer of each page and read it like a text export."""
    import pypdfium2 as pdfium

    check_pdf_streams(data, limits)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PlanError("This PDF is password-protected. Remove the password and try again.",
                            code="encrypted", status=415) from exc
        raise PlanError("This PDF could not be opened. It may be damaged.", code="corrupt", status=422) from exc
    try:
        if len(pdf) > limits.max_pdf_pages:
            raise PlanError(f"This PDF has too many pages ({len(pdf)}; the limit is {limits.max_pdf_pages}).",
                            code="too_long", status=413)
        pages: list[str] = []
        budget = limits.max_words * 12
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
            budget -= len(pages[-1])
            if budget < 0:
                raise PlanError("The plan is too long to check.", code="too_long", status=413)
    except pdfium.PdfiumError as exc:
        raise PlanError("This PDF could not be read. It may be damaged.", code="corrupt", status=422) from exc
    finally:
        pdf.close()
    return read_text("\n\n".join(pages))

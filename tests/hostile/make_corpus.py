"""Write a corpus of hostile and broken plan files into a folder, the same bytes every time.

Usage::

    python tests/hostile/make_corpus.py DIR

Every file is generated here (nothing is downloaded or committed). Most files carry the
canary strings in `CANARIES`, so a test can prove that no plan text leaks into an error.
`write_corpus` returns one `Case` per file: what the reader must do with it.
"""

from __future__ import annotations

import io
import json
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

CANARY_NAME = "Zebulon Quartzfield"
CANARY_PHRASE = "marmalade-quetzal-7731"
CANARIES = (CANARY_NAME, CANARY_PHRASE, "Quartzfield", "quetzal")

PLAN_TEXT = f"""# Pathway plan

Personal adviser: {CANARY_NAME}
Plan date: 3 November 2026

## Where I live

{CANARY_NAME} lives in supported lodgings in Harfield. Café visits every week. Code {CANARY_PHRASE}.

## My health

You are registered with a GP and see the nurse each term. You said: "I feel settled now."
"""

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_TIME = datetime(2026, 1, 1, 12, 0, 0)
MB = 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class Case:
    """One corpus file and what reading it must give: a PlanError with one of `codes`, or a report."""

    name: str
    codes: tuple[str, ...]
    about: str

    @property
    def readable(self) -> bool:
        return not self.codes


# --- building blocks -------------------------------------------------------------------------


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    """A deflated zip with fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _base_members() -> list[tuple[str, bytes]]:
    """The parts of a small, valid .docx plan that contains the canaries."""
    import docx

    document = docx.Document()
    for line in PLAN_TEXT.splitlines():
        if line.startswith("## "):
            document.add_heading(line[3:], level=2)
        elif line.startswith("# "):
            document.add_heading(line[2:], level=0)
        elif line.strip():
            document.add_paragraph(line)
    document.core_properties.author = CANARY_NAME
    document.core_properties.created = FIXED_TIME
    document.core_properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _docx_with(base: list[tuple[str, bytes]], replace: dict[str, bytes] | None = None,
               extra: list[tuple[str, bytes]] = ()) -> bytes:
    replace = replace or {}
    return _zip([(name, replace.get(name, data)) for name, data in base] + list(extra))


def _document_xml(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>').encode()


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


BILLION_LAUGHS = ('<!DOCTYPE w:document [<!ENTITY lol0 "lol">'
                  + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
                  + "]>\n")


def _bomb_member(name: str, size: int) -> tuple[zipfile.ZipInfo, Callable[[zipfile.ZipFile, zipfile.ZipInfo], None]]:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED

    def write(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
        chunk = b"\0" * MB
        with archive.open(member, "w", force_zip64=True) as out:
            for _ in range(size // MB):
                out.write(chunk)
            out.write(chunk[:size % MB])

    return info, write


def _zip_bomb(base: list[tuple[str, bytes]], bombs: list[tuple[str, int]]) -> bytes:
    """A valid .docx plus members of zeros, written in chunks so building it stays small in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in base:
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
        for name, size in bombs:
            info, write = _bomb_member(name, size)
            write(archive, info)
    return buffer.getvalue()


def _patch_zip(data: bytes, member: str, *, flag: int | None = None, size: int | None = None,
               method: int | None = None) -> bytes:
    """Rewrite the flag, compression method or uncompressed size of one member in both zip headers."""
    out = bytearray(data)
    encoded = member.encode()
    for signature, flag_at, size_at, name_len_at, name_at in ((b"PK\x03\x04", 6, 22, 26, 30),
                                                              (b"PK\x01\x02", 8, 24, 28, 46)):
        start = out.find(signature)
        while start != -1:
            (name_len,) = struct.unpack_from("<H", out, start + name_len_at)
            if bytes(out[start + name_at:start + name_at + name_len]) == encoded:
                if flag is not None:
                    struct.pack_into("<H", out, start + flag_at, flag)
                if size is not None:
                    struct.pack_into("<I", out, start + size_at, size)
                if method is not None:
                    struct.pack_into("<H", out, start + flag_at + 2, method)
            start = out.find(signature, start + 4)
    return bytes(out)


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file from numbered objects (object 1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _stream(content: bytes, deflate: bool = False) -> bytes:
    if deflate:
        packed = zlib.compress(content, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed)
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)


def _text_pdf(content: bytes, deflate: bool = False, extra: list[bytes] = (), trailer: bytes = b"") -> bytes:
    """A one-page PDF with the given page content stream and a Helvetica font."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                 b"/Resources << /Font << /F1 5 0 R >> >> >>",
                 _stream(content, deflate),
                 b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", *extra], trailer)


def _plan_page() -> bytes:
    lines = [line for line in PLAN_TEXT.encode("latin-1", "replace").splitlines() if line.strip()]
    shows = b"".join(b"(%s) Tj 0 -16 Td\n" % line.replace(b"(", b"[").replace(b")", b"]") for line in lines)
    return b"BT /F1 11 Tf 72 740 Td\n" + shows + b"ET"


def _text_bomb(pages: int) -> bytes:
    """Many pages that all show the same small, dense content stream."""
    line = b"(" + b"care plan words " * 100 + b") Tj 0 -2 Td\n"
    content = _stream(b"BT /F1 1 Tf 10 780 Td\n" + line * 60 + b"ET", deflate=True)
    kids = b" ".join(b"%d 0 R" % (4 + n) for n in range(pages))
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>")
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
                 content] + [page % (4 + pages)] * pages + [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def _many_pages(count: int) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    try:
        for _ in range(count):
            pdf.new_page(200, 200).close()
        buffer = io.BytesIO()
        pdf.save(buffer)
    finally:
        pdf.close()
    return buffer.getvalue()


def _nested_json(depth: int) -> bytes:
    return (b'{"sections": [{"heading": "Where I live", "text": ' + b"[" * depth + b"]" * depth + b"}]}")


def _repeat(data: bytes, size: int) -> bytes:
    return (data * (size // len(data) + 1))[:size]


def _random(seed: int, size: int, head: bytes = b"") -> bytes:
    return head + random.Random(seed).randbytes(size)


# --- the corpus ------------------------------------------------------------------------------

REFUSED_DOCX = ("corrupt", "unsupported_type")


def _cases(base: list[tuple[str, bytes]]) -> list[tuple[Case, Callable[[], bytes]]]:
    plain = _docx_with(base)
    plan_body = _paragraph(f"{CANARY_NAME} {CANARY_PHRASE}")
    deep = "<w:sdt><w:sdtContent>" * 20_000 + plan_body + "</w:sdtContent></w:sdt>" * 20_000
    late_doctype = "<!--" + "x" * 20_000 + "-->\n" + BILLION_LAUGHS
    utf16_xml = ('<?xml version="1.0" encoding="UTF-16"?>' + BILLION_LAUGHS
                 + f'<w:document xmlns:w="{W_NS}"><w:body>{_paragraph("&lol9;")}</w:body></w:document>')
    corrupt = bytearray(plain)
    start = corrupt.find(b"word/document.xml") + len("word/document.xml")
    corrupt[start + 40:start + 400] = bytes(360)
    cp1252 = (PLAN_TEXT + "\nYou said: “I’d like a café job — soon.”\n").encode("cp1252")
    return [
        (Case("plan.docx", (), "control: a valid Word plan"), lambda: plain),
        (Case("plan.pdf", (), "control: a valid text PDF"), lambda: _text_pdf(_plan_page())),
        (Case("utf16.txt", (), "a text plan saved as UTF-16 with a byte-order mark"),
         lambda: PLAN_TEXT.encode("utf-16")),
        (Case("windows1252.txt", (), "a text plan saved as Windows-1252 with curly quotes"), lambda: cp1252),
        (Case("zip_bomb.docx", ("zip_bomb",), "a member of 300 MB of zeros"),
         lambda: _zip_bomb(base, [("word/media/image1.bin", 300 * MB)])),
        (Case("zip_bomb_spread.docx", ("zip_bomb",), "300 members just under 1 MB each, 300 MB in all"),
         lambda: _zip_bomb(base, [(f"word/media/part{i}.bin", MB - 1) for i in range(300)])),
        (Case("zip_lying_size.docx", ("corrupt",), "the zip index says document.xml is small; it inflates to 50 MB"),
         lambda: _patch_zip(_docx_with(base, {"word/document.xml": _document_xml(" " * (50 * MB) + plan_body)}),
                            "word/document.xml", size=4096)),
        (Case("many_members.docx", ("zip_bomb",), "5,000 members"),
         lambda: _docx_with(base, extra=[(f"word/parts/item{i}.xml", b"<a/>") for i in range(5_000)])),
        (Case("billion_laughs.docx", ("hostile_xml",), "document.xml with a DOCTYPE of nested entities"),
         lambda: _docx_with(base, {"word/document.xml": _document_xml(_paragraph("&lol9;"), BILLION_LAUGHS)})),
        (Case("billion_laughs_late.docx", ("hostile_xml",), "the DOCTYPE hidden after a 20 kB comment"),
         lambda: _docx_with(base, {"word/document.xml": _document_xml(_paragraph("&lol9;"), late_doctype)})),
        (Case("billion_laughs_utf16.docx", ("hostile_xml",), "the DOCTYPE in UTF-16, so a byte search misses it"),
         lambda: _docx_with(base, {"word/document.xml": utf16_xml.encode("utf-16")})),
        (Case("external_entity.docx", ("hostile_xml",), "an entity that points at /etc/passwd"),
         lambda: _docx_with(base, {"word/document.xml": _document_xml(
             _paragraph("&xxe;"), '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')})),
        (Case("deep_nesting.docx", ("corrupt", "hostile_xml"), "elements nested 40,000 deep (under 1 MB)"),
         lambda: _docx_with(base, {"word/document.xml": _document_xml(deep)})),
        (Case("odd_compression.docx", ("corrupt",), "document.xml compressed with an unknown method"),
         lambda: _patch_zip(plain, "word/document.xml", method=99)),
        (Case("encrypted_member.docx", ("encrypted",), "a zip member flagged as encrypted"),
         lambda: _patch_zip(plain, "word/document.xml", flag=0x1)),
        (Case("legacy.doc", ("encrypted_or_legacy",), "an OLE compound file, as old .doc files are"),
         lambda: _random(1, 4096, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24))),
        (Case("password.docx", ("encrypted_or_legacy",), "a password-protected Word file (OLE container)"),
         lambda: _random(2, 8192, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24))),
        (Case("truncated.docx", REFUSED_DOCX, "a valid plan cut in half"), lambda: plain[:len(plain) // 2]),
        (Case("corrupt_member.docx", ("corrupt",), "document.xml's compressed bytes overwritten"),
         lambda: bytes(corrupt)),
        (Case("not_word.docx", ("unsupported_type",), "a zip with no word/document.xml"),
         lambda: _zip([("notes.txt", PLAN_TEXT.encode())])),
        (Case("not_xml.docx", ("corrupt",), "document.xml is not XML"),
         lambda: _docx_with(base, {"word/document.xml": PLAN_TEXT.encode()})),
        (Case("random.docx", REFUSED_DOCX, "random bytes after a zip signature"),
         lambda: _random(3, 64 * 1024, b"PK\x03\x04")),
        (Case("random.pdf", ("corrupt",), "random bytes after a PDF signature"),
         lambda: _random(4, 64 * 1024, b"%PDF-1.7\n")),
        (Case("random.txt", ("unsupported_type",), "random bytes"), lambda: _random(5, 64 * 1024)),
        (Case("encrypted.pdf", ("encrypted",), "a PDF with a standard security handler and a user password"),
         lambda: _text_pdf(_plan_page(), extra=[
             b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <%s> /U <%s> >>"
             % (bytes(range(32)).hex().encode(), bytes(range(32, 64)).hex().encode())],
             trailer=b"/Encrypt 6 0 R /ID [<%s> <%s>] " % ((b"ab" * 16,) * 2))),
        (Case("many_pages.pdf", ("too_long",), "a PDF with 100,000 pages"), lambda: _many_pages(100_000)),
        (Case("stream_bomb.pdf", ("pdf_bomb",), "one page whose content inflates to 400 MB"),
         lambda: _text_pdf(b"BT /F1 11 Tf 72 740 Td (x) Tj ET\n" + b" " * (400 * MB), deflate=True)),
        (Case("text_bomb.pdf", ("too_long",), "400 pages of 6,000 words each, sharing one content stream"),
         lambda: _text_bomb(400)),
        (Case("huge.txt", ("too_large",), "60 MB of text"), lambda: _repeat(PLAN_TEXT.encode(), 60 * MB)),
        (Case("many_words.txt", ("too_long",), "19 MB of ordinary words"),
         lambda: _repeat(PLAN_TEXT.encode(), 19 * MB)),
        (Case("one_long_word.txt", ("too_long",), "5 MB with no spaces at all"),
         lambda: CANARY_PHRASE.encode() + b"x" * (5 * MB)),
        (Case("long_line.md", ("too_long",), "1.5 MB of short words on one line"),
         lambda: b"# Plan\n\n" + b"ok " * 500_000),
        (Case("utf16_no_bom.txt", ("unsupported_type",), "UTF-16 without a byte-order mark"),
         lambda: PLAN_TEXT.encode("utf-16-le")),
        (Case("deep.json", ("bad_json",), "a JSON plan nested 100,000 deep"), lambda: _nested_json(100_000)),
        (Case("wrong_shape.json", ("bad_json",), "JSON of the wrong shape, with plan text in keys and values"),
         lambda: json.dumps({"sections": CANARY_NAME, CANARY_NAME: {"x": CANARY_PHRASE},
                             "metadata": {"plan_date": CANARY_PHRASE, CANARY_PHRASE: 1}}).encode()),
        (Case("list.json", ("bad_json",), "a JSON list, not a plan"), lambda: b'["' + CANARY_NAME.encode() + b'"]'),
        (Case("broken.json", ("bad_json",), "JSON cut short"),
         lambda: b'{"sections": [{"heading": "' + CANARY_NAME.encode() + b'", "text": "'),
        (Case("empty.txt", ("empty",), "no bytes"), lambda: b""),
        (Case("blank.md", ("empty",), "only whitespace"), lambda: b" \n\r\n\t \n" * 100),
        (Case("image.docx", ("unsupported_type",), "a PNG renamed .docx"),
         lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _random(6, 2048)),
    ]


def all_cases() -> list[Case]:
    """Every case in a fixed order, without writing any file."""
    return [case for case, _ in _cases(_base_members())]


def write_corpus(folder: Path, names: set[str] | None = None) -> list[Case]:
    """Write the corpus files (all, or only `names`) into `folder` and return their cases."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = []
    for case, make in _cases(_base_members()):
        if names is None or case.name in names:
            (folder / case.name).write_bytes(make())
            cases.append(case)
    return cases


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/hostile/make_corpus.py DIR")
    for written in write_corpus(Path(sys.argv[1])):
        print(f"{written.name:28} {', '.join(written.codes) or 'readable':22} {written.about}")

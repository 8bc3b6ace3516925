"""Spreadsheet bombs: small uploads that unpack into far more than they weigh.

Each is a real workbook (openpyxl's) with one part replaced by content streamed
into the zip, so building one costs a second at most and little memory; each is
built once per test session. They are the four the attack report used: one
200 MB cell, a shared-strings part of a million strings, a sheet of 1,048,576
empty rows, and a part packed a thousand to one.
"""

import functools
import io
import zipfile
from collections.abc import Iterable, Iterator

from tests.bad_input import samples

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
# A header every import recognises (participants, institutions, action items), so that a
# reader which got past the bomb's opening would go on to read its rows.
HEADER = ("Nama", "Nama Lembaga", "Sektor", "Kegiatan", "Waktu/Tenggat")
HEADER_ROW = (
    b'<row r="1">'
    + b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (letter.encode(), text.encode())
        for letter, text in zip("ABCDE", HEADER, strict=True)
    )
    + b"</row>"
)
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" />'
)


def _workbook_with(parts: dict[str, Iterable[bytes]]) -> bytes:
    """A workbook whose ``parts`` (name -> chunks) replace or join openpyxl's own."""
    base = zipfile.ZipFile(io.BytesIO(samples.xlsx([HEADER])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in base.infolist():
            if info.filename in parts:
                continue
            content = base.read(info.filename)
            if info.filename == "[Content_Types].xml" and SHARED_STRINGS in parts:
                content = content.replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
            target.writestr(info, content)
        for name, chunks in parts.items():
            with target.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def sheet(*rows: bytes) -> bytes:
    """A workbook of the header row and these rows (XML, as ``b'<row r="2">...</row>'``)."""
    return _workbook_with({SHEET: [SHEET_HEAD, HEADER_ROW, *rows, SHEET_TAIL]})


def _repeated(chunk: bytes, total: int) -> Iterator[bytes]:
    for _ in range(total // len(chunk)):
        yield chunk


@functools.cache
def one_huge_cell(size: int = 200 * MB) -> bytes:
    """One inline-string cell of ``size`` letters (about 200 KB as a file)."""
    start = b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    end = b"</t></is></c></row>"
    chunks = [SHEET_HEAD, HEADER_ROW, start, *_repeated(b"x" * MB, size), end, SHEET_TAIL]
    return _workbook_with({SHEET: chunks})


@functools.cache
def shared_strings(count: int = 1_000_000) -> bytes:
    """A million different short strings (22 MB unpacked, a few MB as a file): every one
    becomes a Python string when the workbook is opened, before a row is read."""

    def chunks():
        yield (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="'
            b'http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="%d" uniqueCount="%d">' % (count, count)
        )
        step = 10_000
        for first in range(0, count, step):
            yield b"".join(b"<si><t>%d</t></si>" % n for n in range(first, first + step))
        yield b"</sst>"

    sheet = [SHEET_HEAD, HEADER_ROW, b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>', SHEET_TAIL]
    return _workbook_with({SHARED_STRINGS: chunks(), SHEET: sheet})


@functools.cache
def million_rows(count: int = 1_048_576) -> bytes:
    """Every row Excel allows, each empty, and no ``<dimension>``: openpyxl reads the
    whole sheet when it opens the workbook to learn its size."""

    def chunks():
        yield SHEET_HEAD + HEADER_ROW
        step = 16_384
        for first in range(2, count + 1, step):
            last = min(first + step, count + 1)
            yield b"".join(b'<row r="%d"/>' % n for n in range(first, last))
        yield SHEET_TAIL

    return _workbook_with({SHEET: chunks()})


@functools.cache
def packed_tight(size: int = 40 * MB) -> bytes:
    """A sheet padded with ``size`` spaces: valid XML, a thousand times its packed size."""
    return _workbook_with(
        {SHEET: [SHEET_HEAD, *_repeated(b" " * MB, size), HEADER_ROW, SHEET_TAIL]}
    )


ALL = {
    "one_huge_cell": one_huge_cell,
    "shared_strings": shared_strings,
    "million_rows": million_rows,
    "packed_tight": packed_tight,
}

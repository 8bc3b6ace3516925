"""Bad files, built in memory: what officers (or someone less kind) may upload.

Each builder returns bytes. Spreadsheets are made with openpyxl and, where
openpyxl cannot write the case (cached formula values), patched at the XML level.
"""

import csv
import functools
import io
import re
import zipfile

from openpyxl import Workbook

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024  # the header of an old .xls/.doc
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

# Text that looks odd in a sheet: Arabic, an emoji, right-to-left and zero-width marks.
UNICODE_NAME = "محمد \u200f\u200bأمين 👶🏽 Ñoño"
FORMULA_LIKE = ['=HYPERLINK("http://contoh.invalid","klik")', "+62 812", "-Siti", "@Budi"]
LONG = "x" * 10_000


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("catatan.txt", "bukan lembar kerja")
    return out.getvalue()


def xlsx(rows=(), *, merges=(), second_sheet=None, text_cells=()) -> bytes:
    """A workbook; ``text_cells`` are coordinates forced to text (a leading '=' stays text)."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    for coordinate in text_cells:
        sheet[coordinate].data_type = "s"
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    if second_sheet is not None:
        other = book.create_sheet("Data")
        for row in second_sheet:
            other.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_macros(data: bytes, *, vba_part=True, content_type=True) -> bytes:
    """An .xlsx made macro-enabled as Excel saves an .xlsm: a VBA project part, the
    workbook's macro-enabled content type, or both. The name is the caller's (.xlsx)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml" and content_type:
                content = content.replace(
                    b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
                )
            target.writestr(info, content)
        if vba_part:
            target.writestr("xl/vbaProject.bin", OLE)
    return out.getvalue()


def big_xlsx(header, make_row, count: int) -> bytes:
    """Many rows, quickly: a write-only workbook."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for i in range(1, count + 1):
        sheet.append(make_row(i))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@functools.cache
def cached_big_xlsx(key, header, make_row, count) -> bytes:
    return big_xlsx(list(header), make_row, count)


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Give formula cells the result Excel would have cached: ``{"A2": "Siti"}``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for coordinate, value in values.items():
                    text = re.sub(
                        rf'<c r="{coordinate}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?',
                        rf'<c r="{coordinate}"\1 t="str"><f>\2</f><v>{value}</v>',
                        text,
                    )
                content = text.encode()
            target.writestr(info, content)
    return out.getvalue()


def csv_bytes(rows, *, delimiter=",", encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode(encoding)

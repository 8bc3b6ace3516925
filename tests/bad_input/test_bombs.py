"""Spreadsheet bombs: each import refuses each one at once, with little memory, writing nothing.

The reader is measured in a fresh interpreter (its peak resident memory is its own,
not the test run's); each import is driven through its page with the allocations
traced. The limits behind each refusal are then checked one by one on small files.
"""

import io
import json
import subprocess
import sys
import time
import tracemalloc

import pytest
from django.conf import settings
from django.utils.html import escape

from kla_portal import xlsx_limits
from kla_portal.spreadsheets import (
    CELL_TOO_LONG,
    MAX_ROWS,
    SHEET_TOO_LONG,
    SheetError,
    read_table,
)
from tests.bad_input import bombs, samples
from tests.bad_input.conftest import stash_files
from tests.bad_input.test_import_endpoints import ENDPOINTS, PARTICIPANTS

SECONDS = 5
PEAK_MB = 300
SHEET_LIMIT = "100.015"  # rows in all, blank ones included, for 20.000 data rows


def too_long():
    return str(SHEET_TOO_LONG % {"max": SHEET_LIMIT})


EXPECTED = {
    "one_huge_cell": lambda: str(xlsx_limits.UNPACKED_TOO_BIG % {"mb": 50}),
    "shared_strings": lambda: str(xlsx_limits.TOO_MUCH_TEXT % {"count": "250.000", "mb": 10}),
    "million_rows": too_long,
    "packed_tight": lambda: str(xlsx_limits.PACKED_TOO_TIGHT % {"ratio": 100}),
}

# Reads the bomb on stdin as an import would, and reports what it cost. The peak is the
# process's own high-water mark (VmHWM): ru_maxrss would also count the test run's memory,
# which the child held between fork and exec.
READER = """
import io, json, re, sys, time
from pathlib import Path
from django.conf import settings
settings.configure(USE_I18N=False)
from kla_portal.spreadsheets import SheetError, read_table
upload = io.BytesIO(sys.stdin.buffer.read())
upload.name, upload.size = "daftar.xlsx", len(upload.getvalue())
start = time.perf_counter()
try:
    read_table(upload, {"name": ["Nama"]}, {"name"})
    message = None
except SheetError as error:
    message = str(error)
seconds = time.perf_counter() - start
peak_kb = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text())[1])
print(json.dumps({"message": message, "seconds": seconds, "peak_mb": peak_kb / 1024}))
"""


@pytest.mark.parametrize("bomb", bombs.ALL)
def test_the_reader_refuses_each_bomb_at_once_with_little_memory(bomb):
    data = bombs.ALL[bomb]()
    child = subprocess.run(
        [sys.executable, "-c", READER],
        input=data,
        capture_output=True,
        cwd=settings.BASE_DIR,
        timeout=60,
        check=True,
    )
    cost = json.loads(child.stdout)

    assert cost["message"] == EXPECTED[bomb]()
    assert cost["seconds"] < SECONDS
    assert cost["peak_mb"] < PEAK_MB  # the interpreter, Django and openpyxl included


@pytest.mark.parametrize("bomb", bombs.ALL)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda ep: ep.name)
def test_every_import_refuses_every_bomb_and_writes_nothing(
    endpoint, bomb, request, admin, snapshot
):
    data = bombs.ALL[bomb]()
    # The page once, as a user opens it (and the records it needs, before the snapshot).
    endpoint.post(admin, request, "daftar.xlsx", b"")
    before = snapshot()

    tracemalloc.start()
    start = time.perf_counter()
    try:
        response = endpoint.post(admin, request, "daftar.xlsx", data)
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 200
    assert escape(EXPECTED[bomb]()) in response.content.decode()
    assert response.context.get("report") is None
    assert seconds < SECONDS
    assert peak < PEAK_MB * 1024 * 1024
    before.assert_unchanged()
    assert stash_files() == []


# Each limit on its own, on small files.


def read(data, name="daftar.xlsx"):
    upload = io.BytesIO(data)
    upload.name, upload.size = name, len(data)
    return read_table(upload, {"name": ["Nama"]}, {"name"})


def refusal(data, name="daftar.xlsx"):
    with pytest.raises(SheetError) as error:
        read(data, name)
    return str(error.value)


def cell_too_long(row):
    return str(CELL_TOO_LONG % {"row": row, "max": "32.767"})


def inline_cell(row, text):
    return b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (row, row, text)


def test_a_cell_longer_than_excel_allows_is_refused_naming_its_row():
    """Excel and openpyxl cut a cell at 32,767 characters when they write it; a file made
    otherwise may hold more."""
    data = bombs.sheet(inline_cell(2, b"Siti"), inline_cell(3, b"x" * 32_768))
    assert refusal(data) == cell_too_long(3)


def test_a_csv_cell_longer_than_excel_allows_is_refused_naming_its_row():
    rows = [["Nama", "Catatan"], ["Siti", "x" * 40_000]]
    assert refusal(samples.csv_bytes(rows), "daftar.csv") == cell_too_long(2)


def test_a_cell_as_long_as_excel_allows_is_read():
    table = read(bombs.sheet(inline_cell(2, b"x" * 32_767)))
    assert len(table.rows[0].values["name"]) == 32_767


def test_one_row_far_below_the_data_is_refused_without_reading_the_blank_rows_between():
    """openpyxl makes up the blank rows in between; they cost nothing until the limit."""
    data = bombs.sheet(inline_cell(1_048_576, b"x"))
    start = time.perf_counter()
    assert refusal(data) == too_long()
    assert time.perf_counter() - start < 1


def test_more_shared_strings_than_the_limit_are_refused_however_small(monkeypatch):
    monkeypatch.setattr(xlsx_limits, "MAX_SHARED_STRINGS", 999)
    assert refusal(bombs.shared_strings(1000)) == xlsx_limits._too_much_text()


def test_more_cells_than_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(xlsx_limits, "MAX_CELLS", 5)
    data = samples.xlsx([["Nama", "Sektor"], ["Siti", "Sekolah"], ["Budi", "Sekolah"]])
    assert refusal(data) == str(xlsx_limits.TOO_MANY_CELLS % {"max": "5"})


def test_a_sheet_past_the_row_limit_is_scanned_in_a_fraction_of_a_second():
    """The scan adds little to a real import (that file's rows are refused later, by count)."""
    ep = PARTICIPANTS
    data = samples.cached_big_xlsx(ep.name, ep.header, ep.row, MAX_ROWS + 1)  # as shared
    start = time.perf_counter()
    xlsx_limits.check_xlsx(data, max_rows=5 * MAX_ROWS + 15, too_long=too_long())
    assert time.perf_counter() - start < 0.5


def test_a_preview_cuts_long_cells_short(admin, request):
    """20 names as long as a cell may be: each shown cut short, not 32,767 characters twice."""
    ep = PARTICIPANTS
    names = [f"{i} " + "x" * 32_760 for i in range(20)]
    response = ep.post(admin, request, "daftar.xlsx", samples.xlsx(ep.rows(20, c0=names)))

    html = response.content.decode()
    assert [row.action for row in response.context["report"].rows] == ["reject"] * 20
    assert names[0][:150] in html
    assert names[0][:400] not in html
    assert len(html) < 200_000

"""Properties of each import's row checks over arbitrary sheets, against Balangan's data.

Whatever the cells hold, the preview is a report: every row accepted or
rejected with at least one reason, row numbers as in the file, nothing written.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kla_portal.spreadsheets import SheetError
from stakeholders import imports as institution_import
from tests.bad_input import samples
from tests.bad_input.conftest import row_counts
from tests.bad_input.strategies import DB_EXAMPLES, xlsx_cell_values
from trainings import participant_import
from trainings.plans import imports as action_import

WITH_DB = settings(
    max_examples=DB_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Cells an officer might type into these columns, or anything at all.
cells = st.one_of(
    xlsx_cell_values,
    st.sampled_from(
        ["Sekolah", "SD", "Puskesmas", "Paringin", "Juai", "L", "P", "hadir", "19", "Okt 2025"]
    ),
)


def sheet(header, rows, as_csv):
    body = [list(header), *[row[: len(header)] for row in rows]]
    if as_csv:
        return SimpleUploadedFile("daftar.csv", samples.csv_bytes(body))
    return SimpleUploadedFile("daftar.xlsx", samples.xlsx(body))


def assert_well_formed(report, rows_in_file):
    numbers = [r.number for r in report.rows]
    assert numbers == sorted(set(numbers))
    assert all(2 <= n <= rows_in_file + 1 for n in numbers)
    for row in report.rows:
        assert row.action in ("create", "update", "unchanged", "reject")
        assert bool(row.errors) == (row.action == "reject")
        assert all(isinstance(e, str) and e for e in row.errors)


row_lists = st.lists(st.lists(cells, min_size=7, max_size=7), min_size=1, max_size=6)


@WITH_DB
@given(rows=row_lists, as_csv=st.booleans())
def test_any_institution_sheet_gives_a_report_or_a_sheet_error(balangan, sectors, rows, as_csv):
    before = row_counts()
    try:
        report = institution_import.preview_import(
            sheet(institution_import.TEMPLATE_HEADERS, rows, as_csv), district=balangan
        ).report
    except SheetError:
        return
    assert_well_formed(report, len(rows))
    assert row_counts() == before


@WITH_DB
@given(rows=st.lists(st.lists(cells, min_size=11, max_size=11), min_size=1, max_size=6))
def test_any_action_item_sheet_gives_a_report_or_a_sheet_error(plan, rows):
    before = row_counts()
    try:
        report = action_import.preview_import(
            sheet(action_import.TEMPLATE_HEADERS, rows, as_csv=False), plan=plan
        ).report
    except SheetError:
        return
    assert_well_formed(report, len(rows))
    assert row_counts() == before


@WITH_DB
@given(rows=st.lists(st.lists(cells, min_size=12, max_size=12), min_size=1, max_size=6))
def test_any_participant_sheet_gives_a_report_or_a_sheet_error(training, school, rows):
    header = [
        "Nama",
        "L/P",
        "Instansi",
        "Jabatan",
        "No HP",
        "Email",
        "Sektor",
        "Pre Test",
        "Post Test",
        "Tgl Lahir",
        "Hari 1",
        "Hari 2",
    ]
    before = row_counts()
    try:
        preview = participant_import.read_participants(
            sheet(header, rows, as_csv=False), training=training
        )
    except SheetError:
        return
    assert_well_formed(preview.report, len(rows))
    assert row_counts() == before

"""The task force, institution, training and action-plan sheets of the district workbook."""

import pytest

from indicators import exports
from stakeholders.models import Institution
from stakeholders.stages import sector_stage_table
from trainings.coverage import coverage_for
from trainings.models import Person
from trainings.plans.completion import completion_rates
from trainings.plans.models import ActionItem

from .conftest import YEAR, fill_district


def rows_of(sheet):
    return [list(row) for row in sheet.rows]


def by_first_column(sheet):
    return {row[0]: row for row in rows_of(sheet)}


def test_the_task_force_sheets_show_the_decree_and_members_by_working_group(
    balangan, sectors, balangan_admin
):
    fill_district(balangan, sectors, size=3)

    decrees, members = exports.task_force_sheets(balangan, user=balangan_admin)

    [decree] = rows_of(decrees)
    assert decree[0] == "188.45/63.11/2024"
    assert decree[3].year == 2029
    assert decree[4] == "SK berlaku sampai 10/01/2029."
    assert decree[7] == 3
    assert [(r[0], r[2]) for r in rows_of(members)] == [
        ("Kelembagaan", "Anggota 0"),
        ("Kelembagaan", "Anggota 2"),
        ("Klaster III: Kesehatan dasar dan kesejahteraan", "Anggota 1"),
    ]


def test_the_institution_sheets_count_final_stages_with_numerator_and_denominator(
    balangan, sectors, balangan_admin
):
    fill_district(balangan, sectors, size=4)
    expected, _top = sector_stage_table(Institution.objects.filter(district=balangan))

    summary, listing = exports.institution_sheets(balangan, user=balangan_admin)

    schools = by_first_column(summary)[sectors["sekolah"].name]
    expected_schools = next(r for r in expected if r.sector.code == "sekolah")
    # Lembaga 0 (final stage) and Lembaga 3 (stage 1) are schools.
    assert schools[3:8] == [2, 0, 1, 1, 0.5]
    assert (schools[6], schools[3]) == (expected_schools.complete, expected_schools.total)
    assert len(rows_of(listing)) == 4
    assert {r[1]: r[7] for r in rows_of(listing)}["Lembaga 0"] == "ya"


def test_the_training_sheets_count_participants_by_sector_sex_and_age(
    balangan, sectors, balangan_admin
):
    fill_district(balangan, sectors, size=6)

    listing, by_sector = exports.training_sheets(balangan, YEAR, user=balangan_admin)

    [training] = rows_of(listing)
    assert training[8:13] == [6, 3, 3, 0, 6]  # registered, male, female, unknown, attended
    schools = next(r for r in rows_of(by_sector) if r[2] == sectors["sekolah"].name)
    # Peserta 0 (female) and Peserta 3 (male) work at schools; their birth years are unknown.
    assert schools[3:8] == [1, 1, 0, 2, 2]
    assert schools[8:] == [0, 0, 0, 0, 2]  # < 30, 30-39, 40-49, >= 50, unknown
    # Peserta 1 and 4 (born 1990, so 35 at a 2025 training) work at the puskesmas.
    clinics = next(r for r in rows_of(by_sector) if r[2] == sectors["puskesmas"].name)
    assert clinics[8:] == [0, 2, 0, 0, 0]
    assert sum(r[6] for r in rows_of(by_sector)) == training[8]


def test_the_training_sheets_leave_out_other_years(balangan, sectors, balangan_admin):
    fill_district(balangan, sectors, size=2)

    listing, by_sector = exports.training_sheets(balangan, YEAR - 1, user=balangan_admin)

    assert rows_of(listing) == [] and rows_of(by_sector) == []


def test_the_coverage_sheet_shows_the_dashboard_coverage_by_sex(balangan, sectors, balangan_admin):
    fill_district(balangan, sectors, size=4)
    coverage = coverage_for(type(balangan).objects.filter(pk=balangan.pk))[balangan.pk]

    sheet = exports.coverage_sheet(balangan, user=balangan_admin)

    rows = by_first_column(sheet)
    schools = coverage.sectors["sekolah"]
    assert rows[schools.sector_name][1:] == [
        schools.institutions_with_trained,
        schools.institutions,
        schools.share,
        schools.trained_male,
        schools.trained_female,
        schools.trained_people,
    ]
    assert rows[schools.sector_name][4:7] == [1, 1, 2]
    assert Person.objects.count() == 4


def test_the_plan_sheets_show_completion_as_done_over_not_cancelled(
    balangan, sectors, balangan_admin
):
    fill_district(balangan, sectors, size=3)
    expected = completion_rates(ActionItem.objects.all(), by="sector")["sekolah"]

    summary, listing = exports.plan_sheets(balangan, user=balangan_admin)

    [row] = rows_of(summary)
    assert row[7:] == [expected.done, expected.total - expected.cancelled, expected.rate]
    assert row[7:9] == [2, 3]
    items = rows_of(listing)
    assert [r[3] for r in items] == ["Kegiatan 0", "Kegiatan 1", "Kegiatan 2"]
    assert items[1][9:14] == ["Berjalan", 0.4, "tidak", items[1][12], "Perkembangan 1"]


@pytest.mark.parametrize(
    "section",
    [
        lambda d, u: exports.task_force_sheets(d, user=u),
        lambda d, u: exports.institution_sheets(d, user=u),
        lambda d, u: exports.training_sheets(d, YEAR, user=u),
        lambda d, u: [exports.coverage_sheet(d, user=u)],
        lambda d, u: exports.plan_sheets(d, user=u),
    ],
)
def test_no_section_shows_rows_the_user_may_not_see(section, balangan, hst, sectors, hst_admin):
    fill_district(balangan, sectors, size=2)

    for sheet in section(balangan, hst_admin):
        # The sector catalogue's own columns (a programme's name cites its indicator).
        catalogue = [
            i
            for i, c in enumerate(sheet.column_specs())
            if c.header in ("Jumlah tahap", "Program ramah anak")
        ]
        values = [v for row in sheet.rows for i, v in enumerate(row) if i not in catalogue]
        assert not [v for v in values if isinstance(v, int | float) and v > 0], sheet.title
        assert not [v for v in values if isinstance(v, str) and any(c.isdigit() for c in v)], (
            sheet.title
        )

"""The sector catalogue's corrections: PRAP, houses of worship (RIRA), the SRA decree step,
the school level, the tobacco flag, and the data migration that brings them to databases
loaded before them."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from stakeholders import catalogue
from stakeholders.actions import record_milestone, register_institution, update_institution
from stakeholders.imports import LEVEL_NOT_SCHOOL, UNKNOWN_LEVEL, UNREADABLE_TOBACCO, preview_import
from stakeholders.models import (
    SCHOOL_LEVEL_ONLY_FOR_SCHOOLS,
    Institution,
    MilestoneDefinition,
    SchoolLevel,
    Sector,
)
from tests.stakeholders.conftest import make_sheet

HEADERS = ["Nama Lembaga", "Sektor", "Jenjang", "Industri Rokok"]
MIGRATION = import_module("stakeholders.migrations.0003_catalogue_prap_rira_sra_decree")


def steps(sector):
    return list(sector.milestones.order_by("order").values_list("name", "is_decree"))


def test_the_catalogue_names_prap_rira_and_the_pka(sectors):
    assert sectors["puskesmas"].programme == "Pelayanan Ramah Anak di Puskesmas (PRAP)"
    assert "PRA)" not in "".join(name for name, _decree in steps(sectors["puskesmas"]))
    assert sectors["masjid"].name == "Rumah ibadah"
    assert sectors["masjid"].programme.startswith("Rumah Ibadah Ramah Anak (RIRA")
    assert "indikator 20" in sectors["masjid"].programme
    assert steps(sectors["masjid"])[-1] == ("Ditetapkan sebagai RIRA dengan SK", True)
    assert (sectors["pka"].name, sectors["pka"].is_core) == ("Pusat Kreativitas Anak (PKA)", False)


def test_the_sra_path_has_its_decree_after_the_trained_step(sectors):
    assert steps(sectors["sekolah"]) == [
        ("Deklarasi SRA", False),
        ("SK Tim SRA", False),
        ("Minimal 2 guru/tenaga kependidikan terlatih KHA", False),
        ("SK Sekolah Ramah Anak", True),
        ("Swa-periksa 6 komponen SRA", False),
        ("Terverifikasi SRA", False),
    ]
    decrees = MilestoneDefinition.objects.filter(is_decree=True)
    assert sorted(decrees.values_list("sector", flat=True)) == [
        "forum_anak",
        "masjid",
        "pka",
        "puskesmas",
        "puspaga",
        "sekolah",
    ]


def test_a_school_level_is_kept_for_schools_only(client_for, balangan_admin, sectors):
    client = client_for(balangan_admin)
    url = reverse("stakeholders:institution_create", args=["63.11"])

    refused = client.post(url, {"sector": "puskesmas", "name": "Puskesmas", "school_level": "slb"})
    assert refused.context["form"].errors["school_level"] == [SCHOOL_LEVEL_ONLY_FOR_SCHOOLS]
    client.post(url, {"sector": "sekolah", "name": "SLB Negeri Paringin", "school_level": "slb"})

    school = Institution.objects.get()
    assert school.school_level == SchoolLevel.SLB
    page = client.get(school.get_absolute_url()).content.decode()
    assert 'data-testid="school-level">SLB<' in page


def test_moving_a_school_to_another_sector_drops_its_level(balangan, balangan_admin, sectors):
    school = register_institution(
        district=balangan,
        user=balangan_admin,
        sector=sectors["sekolah"],
        name="TK Pembina",
        school_level=SchoolLevel.TK_RA,
    )

    update_institution(institution=school, user=balangan_admin, sector=sectors["pesantren"])

    school.refresh_from_db()
    assert (school.sector_id, school.school_level) == ("pesantren", "")


def test_the_form_flags_a_tobacco_company(client_for, balangan_admin, sectors):
    client = client_for(balangan_admin)
    client.post(
        reverse("stakeholders:institution_create", args=["63.11"]),
        {"sector": "dunia_usaha", "name": "PT Tembakau", "is_tobacco_industry": "on"},
    )

    company = Institution.objects.get()
    assert company.is_tobacco_industry
    assert 'data-testid="tobacco"' in client.get(company.get_absolute_url()).content.decode()


def test_the_sheet_reads_the_level_and_the_tobacco_flag(balangan, sectors):
    rows = [
        ["SDN 1 Juai", "Sekolah", "SD/MI", None],
        ["SMPN 2 Juai", "SMP", None, None],  # the sector written as a level gives the level
        ["MAN 1 Balangan", "Sekolah", "sma/smk/ma", None],
        ["TK Ceria", "Sekolah", "Kelompok Bermain", None],
        ["Puskesmas Juai", "Puskesmas", "SD/MI", None],
        ["PT Tembakau", "Perusahaan", None, "Ya"],
        ["PT Karet", "Perusahaan", None, "mungkin"],
        ["Masjid Al-Akbar", "Rumah Ibadah", None, "tidak"],
    ]

    report = preview_import(make_sheet(rows, HEADERS), district=balangan).report

    result = {r.label: (r.action, r.errors) for r in report.rows}
    assert result == {
        "SDN 1 Juai": ("create", []),
        "SMPN 2 Juai": ("create", []),
        "MAN 1 Balangan": ("create", []),
        "TK Ceria": ("reject", [UNKNOWN_LEVEL % {"value": "Kelompok Bermain"}]),
        "Puskesmas Juai": ("reject", [str(LEVEL_NOT_SCHOOL)]),
        "PT Tembakau": ("create", []),
        "PT Karet": ("reject", [UNREADABLE_TOBACCO % {"value": "mungkin"}]),
        "Masjid Al-Akbar": ("create", []),
    }
    assert UNKNOWN_LEVEL % {"value": "X"} == (
        "jenjang 'X' tidak dikenal (pakai TK/RA, SD/MI, SMP/MTs, SMA/MA/SMK atau SLB)"
    )


def test_importing_writes_the_level_and_the_flag_and_an_empty_cell_keeps_them(
    balangan, balangan_admin, sectors
):
    from stakeholders.imports import apply_import

    rows = [["SDN 1 Juai", "Sekolah", "SD/MI", None], ["PT Tembakau", "Perusahaan", None, "Ya"]]
    apply_import(
        make_sheet(rows, HEADERS), district=balangan, user=balangan_admin, only_valid=False
    )
    got = dict(Institution.objects.values_list("name", "school_level"))
    assert got == {"SDN 1 Juai": "sd_mi", "PT Tembakau": ""}
    assert Institution.objects.get(name="PT Tembakau").is_tobacco_industry

    plain = [["SDN 1 Juai", "Sekolah"], ["PT Tembakau", "Perusahaan"]]
    report, _ = apply_import(
        make_sheet(plain, HEADERS[:2]), district=balangan, user=balangan_admin, only_valid=False
    )

    assert report.unchanged_count == 2
    assert Institution.objects.get(name="SDN 1 Juai").school_level == "sd_mi"
    assert Institution.objects.get(name="PT Tembakau").is_tobacco_industry


def test_pra_names_no_sector_in_a_sheet(balangan, sectors):
    rows = [["Puskesmas Juai", "PRAP", None, None], ["Puskesmas Awayan", "PRA", None, None]]

    report = preview_import(make_sheet(rows, HEADERS), district=balangan).report

    assert [r.action for r in report.rows] == ["create", "reject"]


# The data migration, run on a catalogue as it was shipped before.

OLD_SCHOOL_PATH = [
    "Deklarasi SRA",
    "SK Tim SRA",
    "Minimal 2 guru/tenaga kependidikan terlatih KHA",
    "Swa-periksa 6 komponen SRA",
    "Terverifikasi SRA",
]


@pytest.fixture
def old_catalogue(sectors):
    """The rows ``load_catalogues`` wrote before the corrections."""
    Sector.objects.filter(code="puskesmas").update(programme="Puskesmas Ramah Anak (PRA)")
    Sector.objects.filter(code="masjid").update(
        name="Masjid",
        name_en="Mosques",
        programme="Masjid Ramah Anak (MRA)",
        identifier_label="ID SIMAS",
    )
    MilestoneDefinition.objects.update(is_decree=False)
    for code, order, old_name, _new_name, _decree in MIGRATION.MILESTONES:
        MilestoneDefinition.objects.filter(sector=code, order=order).update(name=old_name)
    schools = MilestoneDefinition.objects.filter(sector="sekolah")
    schools.get(name="SK Sekolah Ramah Anak").delete()
    for step in schools.filter(order__gt=4).order_by("order"):
        step.order -= 1
        step.save()
    assert list(schools.order_by("order").values_list("name", flat=True)) == OLD_SCHOOL_PATH


def _school(district, sector, stage, user):
    school = register_institution(district=district, user=user, sector=sector, name=f"SD {stage}")
    for step in sector.milestones.order_by("order")[:stage]:
        record_milestone(
            institution=school, definition=step, achieved_on=date(2025, 1, 1), user=user
        )
    return school


def test_the_migration_corrects_the_old_rows_and_keeps_every_school_where_it_was(
    old_catalogue, balangan, balangan_admin, sectors
):
    schools = [_school(balangan, sectors["sekolah"], stage, balangan_admin) for stage in range(6)]
    Sector.objects.filter(code="media").update(programme="Diubah superuser")

    MIGRATION.forward(apps, None)

    puskesmas, masjid = Sector.objects.get(code="puskesmas"), Sector.objects.get(code="masjid")
    assert puskesmas.programme == "Pelayanan Ramah Anak di Puskesmas (PRAP)"
    assert (masjid.name, masjid.name_en) == ("Rumah ibadah", "Houses of worship")
    assert steps(masjid)[-1] == ("Ditetapkan sebagai RIRA dengan SK", True)
    assert steps(Sector.objects.get(code="sekolah"))[3] == ("SK Sekolah Ramah Anak", True)
    assert Sector.objects.get(code="media").programme == "Diubah superuser"
    # Old stages 0-3 stay; 4 (self-check) and 5 (verified, the end) move up one: the
    # verified school is still at the end of the longer path.
    assert [Institution.objects.get(pk=s.pk).stage for s in schools] == [0, 1, 2, 3, 5, 6]
    verified = schools[5]
    assert sorted(verified.milestones.values_list("definition__name", flat=True)) == sorted(
        OLD_SCHOOL_PATH
    )
    assert verified.history.latest().stage == 6
    MIGRATION.forward(apps, None)  # twice changes nothing
    assert [Institution.objects.get(pk=s.pk).stage for s in schools] == [0, 1, 2, 3, 5, 6]

    MIGRATION.backward(apps, None)

    assert Sector.objects.get(code="masjid").name == "Masjid"
    assert (
        list(
            MilestoneDefinition.objects.filter(sector="sekolah")
            .order_by("order")
            .values_list("name", flat=True)
        )
        == OLD_SCHOOL_PATH
    )
    assert [Institution.objects.get(pk=s.pk).stage for s in schools] == [0, 1, 2, 3, 4, 5]


def test_the_loader_adds_the_decree_flags_to_a_fresh_catalogue(without_sectors):
    catalogue.load()

    assert MilestoneDefinition.objects.get(sector="sekolah", order=4).is_decree
    assert Sector.objects.count() == 10

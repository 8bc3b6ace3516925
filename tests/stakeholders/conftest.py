"""Builders for the stakeholders tests: a Balangan task force, institutions, sheets."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from kla_portal.models import Membership, Role
from stakeholders.actions import add_member, create_task_force, register_institution
from stakeholders.models import Agency, Member
from tests.conftest import make_user


def make_sheet(rows, headers=None) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(
        headers or ["Nama Lembaga", "Sektor", "Kecamatan", "Alamat", "NPSN", "Narahubung", "No HP"]
    )
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "lembaga.xlsx"
    return out


def district_login(username, district):
    """A login ``district`` already knows, so its members may be linked to it: an operator
    of one of its agencies."""
    agency, _new = Agency.objects.get_or_create(
        district=district, short_name="Disdukcapil", defaults={"name": "Dinas Kependudukan"}
    )
    account = make_user(username)
    Membership.objects.create(
        user=account, role=Role.AGENCY_OPERATOR, district=district, agency=agency
    )
    return account


@pytest.fixture
def task_force(balangan, balangan_admin, sectors):
    return create_task_force(
        district=balangan,
        user=balangan_admin,
        decree_number="188.45/112/2024",
        decree_date=date(2024, 2, 12),
        valid_from=date(2024, 2, 12),
        valid_until=date(2099, 12, 31),
        secretariat="Dinas PPKBPPPA, Bidang PPPA",
        coordinators={"K": "Bappeda", "III": "Dinas Kesehatan"},
    )


@pytest.fixture
def member(task_force, balangan_admin):
    group = task_force.working_groups.get(cluster="III")
    return add_member(
        task_force=task_force,
        user=balangan_admin,
        name="dr. Rahmadi",
        position="Kepala Bidang Kesehatan Masyarakat",
        agency="Dinas Kesehatan",
        role=Member.Role.KOORDINATOR,
        working_group=group,
    )


@pytest.fixture
def school(balangan, balangan_admin, sectors):
    return register_institution(
        district=balangan,
        user=balangan_admin,
        sector=sectors["sekolah"],
        subdistrict=balangan.subdistricts.get(name="Paringin"),
        name="SD Negeri 1 Paringin",
        official_id="30300001",
    )


@pytest.fixture
def hst_school(hst, hst_admin, sectors):
    return register_institution(
        district=hst, user=hst_admin, sector=sectors["sekolah"], name="SD Negeri 1 Barabai"
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(task_force, member, school, sectors, balangan_admin):
    """One record of every kind in Balangan, files included."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from stakeholders.actions import record_milestone, update_task_force

    update_task_force(
        task_force=task_force,
        user=balangan_admin,
        decree_file=SimpleUploadedFile("sk.pdf", PDF, "application/pdf"),
    )
    milestone = record_milestone(
        institution=school,
        definition=sectors["sekolah"].milestones.get(order=1),
        achieved_on=date(2025, 3, 1),
        user=balangan_admin,
        evidence=SimpleUploadedFile("deklarasi.pdf", PDF, "application/pdf"),
    )
    return {
        "district": "63.11",
        "task_force": task_force.pk,
        "member": member.pk,
        "institution": school.pk,
        "milestone": milestone.pk,
    }

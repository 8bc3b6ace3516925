"""Trainings in Balangan with their days, institutions of several sectors and a task force."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from stakeholders.models import Institution, Member, TaskForce
from trainings import actions
from trainings.models import Training


def xlsx(rows, name="peserta.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def institutions(balangan, sectors):
    """Two schools, a puskesmas and a mosque in Balangan; one school in HST."""
    make = Institution.objects.create
    return {
        "sdn1": make(district=balangan, sector=sectors["sekolah"], name="SDN Paringin 1"),
        "smpn1": make(district=balangan, sector=sectors["sekolah"], name="SMPN 1 Paringin"),
        "pkm": make(district=balangan, sector=sectors["puskesmas"], name="Puskesmas Juai"),
        "masjid": make(district=balangan, sector=sectors["masjid"], name="Masjid Al-Akbar"),
    }


@pytest.fixture
def task_force(balangan):
    force = TaskForce.objects.create(
        district=balangan,
        decree_number="188.45/123/2024",
        decree_date=date(2024, 1, 10),
        valid_from=date(2024, 1, 10),
    )
    for name, agency in [
        ("Rahmadi", "Bappeda"),
        ("Siti Rahmah", "Dinas PPPA"),
        ("Yusuf", "Dinkes"),
    ]:
        Member.objects.create(task_force=force, name=name, agency=agency)
    return force


@pytest.fixture
def training(balangan, balangan_admin):
    return actions.save_training(
        user=balangan_admin,
        district=balangan,
        title="Pelatihan KHA Balangan",
        kind=Training.Kind.PELATIHAN,
        start_date=date(2025, 8, 19),
        end_date=date(2025, 8, 21),
        venue="Mahligai Mayang Maurai, Paringin",
        status=Training.Status.HELD,
    )


@pytest.fixture
def hst_training(hst, hst_admin):
    return actions.save_training(
        user=hst_admin,
        district=hst,
        title="Bimtek KHA HST",
        start_date=date(2023, 12, 8),
        end_date=date(2023, 12, 10),
        status=Training.Status.HELD,
    )

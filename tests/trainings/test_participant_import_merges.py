"""An office's participant list: the same Instansi merged over several rows, "-" for no phone."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from trainings.models import Person
from trainings.participant_import import import_participants


def merged_sheet():
    book = Workbook()
    for row in [
        ["Nama", "L/P", "Instansi", "No. HP"],
        ["Ani", "P", "SDN Paringin 1", "-"],
        ["Budi", "L", None, "--"],
        ["Citra", "P", "Puskesmas Juai", "081234567890"],
        ["Dedi", "L", None, "tidak ada"],
        ["Eka", "P", None, "-"],
        ["Fajar", "L", None, None],
        ["Gita", "P", None, "—"],
    ]:
        book.active.append(row)
    # Over two rows and over five, as Excel's "Merge & Center" leaves them: the value in
    # the first cell, the others empty.
    book.active.merge_cells("C2:C3")
    book.active.merge_cells("C4:C8")
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("peserta.xlsx", buffer.getvalue())


@pytest.mark.django_db
def test_merged_instansi_cells_and_dash_phones_import_every_person(
    training, institutions, balangan_admin
):
    preview = import_participants(
        merged_sheet(), training=training, user=balangan_admin, commit=True
    )

    assert preview.report.rejected == []
    assert preview.report.created_count == 7
    people = {p.name: p for p in Person.objects.select_related("institution")}
    assert sorted(people) == ["Ani", "Budi", "Citra", "Dedi", "Eka", "Fajar", "Gita"]
    assert {n: p.institution.name for n, p in people.items()} == {
        "Ani": "SDN Paringin 1",
        "Budi": "SDN Paringin 1",
        "Citra": "Puskesmas Juai",
        "Dedi": "Puskesmas Juai",
        "Eka": "Puskesmas Juai",
        "Fajar": "Puskesmas Juai",
        "Gita": "Puskesmas Juai",
    }
    assert {n: p.phone for n, p in people.items() if n != "Citra"} == dict.fromkeys(
        ["Ani", "Budi", "Dedi", "Eka", "Fajar", "Gita"], ""
    )

"""Participant functions (fungsi/peran): the catalogue, the participant form, the sheet's
"Fungsi"/"Peran" column, the export and the training list's filter."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.trainings.conftest import xlsx
from trainings import actions, catalogue
from trainings.models import Participant, ParticipantFunction, Training
from trainings.participant_import import (
    FUNCTION_UNKNOWN,
    export_participants,
    import_participants,
    read_participants,
)

HEADER = ["Nama", "L/P", "Instansi", "Fungsi"]


@pytest.fixture
def functions(db):
    catalogue.load()
    return {f.code: f for f in ParticipantFunction.objects.all()}


def test_the_catalogue_holds_the_thirteen_groups_and_others_and_loads_once(db):
    assert catalogue.load() == ["fungsi peserta: 14 (14 baru)"]
    sra = ParticipantFunction.objects.get(code="pendidik_sra")
    sra.name = "Guru SRA"  # a superuser's edit survives a reload
    sra.save()

    assert catalogue.load() == ["fungsi peserta: 14 (0 baru)"]
    assert ParticipantFunction.objects.get(code="pendidik_sra").name == "Guru SRA"
    assert ParticipantFunction.objects.exclude(question="").count() == 13
    assert list(ParticipantFunction.objects.values_list("code", flat=True))[-1] == "lainnya"


def test_the_participant_form_records_the_function(
    client_for, training, institutions, balangan_admin, functions
):
    response = client_for(balangan_admin).post(
        reverse("trainings:participant_add", args=[training.pk]),
        {
            "name": "Rina Wati",
            "gender": "P",
            "institution": institutions["sdn1"].pk,
            "function": functions["pendidik_sra"].pk,
        },
    )

    assert response.status_code == 302
    participant = Participant.objects.get(person__name="Rina Wati")
    assert participant.function == functions["pendidik_sra"]
    detail = client_for(balangan_admin).get(training.get_absolute_url()).content.decode()
    assert "Pendidik dan tenaga kependidikan SRA" in detail


def test_the_sheet_matches_a_function_by_code_or_name_in_any_case(
    training, balangan_admin, functions
):
    rows = [
        ["Daftar peserta"],
        ["Nama", "L/P", "Instansi", "Peran"],
        ["Ahmad", "L", "Dinkes", "SDM_FASKES"],
        ["Budi", "L", "Dinsos", "pengasuh lksa dan lembaga pengasuhan sementara"],
        ["Citra", "P", "Bappeda", "Gugus Tugas"],
        ["Dewi", "P", "Dinas PPPA", None],
    ]

    import_participants(xlsx(rows), training=training, user=balangan_admin, commit=True)

    got = dict(Participant.objects.values_list("person__name", "function__code"))
    assert got == {
        "Ahmad": "sdm_faskes",
        "Budi": "pengasuh_lksa",
        "Citra": "gugus_tugas",
        "Dewi": None,
    }


def test_an_unknown_function_rejects_its_row_and_says_so(training, functions):
    rows = [HEADER, ["Ahmad", "L", "Dinkes", "Kepala Desa"], ["Budi", "L", "Dinsos", "lainnya"]]

    report = read_participants(xlsx(rows), training=training).report

    assert [(r.number, r.action, r.errors) for r in report.rows] == [
        (2, "reject", [str(FUNCTION_UNKNOWN % {"value": "Kepala Desa"})]),
        (3, "create", []),
    ]
    assert str(FUNCTION_UNKNOWN % {"value": "Kepala Desa"}) == (
        "fungsi/peran 'Kepala Desa' tidak dikenal (tulis kode atau nama dari daftar fungsi peserta)"
    )


def test_reimporting_sets_a_function_and_an_empty_cell_keeps_it(
    training, balangan_admin, functions
):
    first = [HEADER, ["Ahmad", "L", "Dinkes", None], ["Budi", "L", "Dinsos", "forum_anak"]]
    import_participants(xlsx(first), training=training, user=balangan_admin, commit=True)

    again = [HEADER, ["Ahmad", "L", "Dinkes", "sdm_faskes"], ["Budi", "L", "Dinsos", None]]
    preview = import_participants(xlsx(again), training=training, user=balangan_admin, commit=True)

    assert (preview.report.updated_count, preview.report.unchanged_count) == (1, 1)
    got = dict(Participant.objects.values_list("person__name", "function__code"))
    assert got == {"Ahmad": "sdm_faskes", "Budi": "forum_anak"}


def test_the_export_has_the_function_column_and_imports_back_unchanged(
    training, balangan_admin, functions
):
    rows = [HEADER, ["Ahmad", "L", "Dinkes", "sdm_faskes"]]
    import_participants(xlsx(rows), training=training, user=balangan_admin, commit=True)

    book = load_workbook(io.BytesIO(export_participants(training)))
    header = [c.value for c in book.active[4]]
    ahmad = [c.value for c in book.active[5]]
    assert ahmad[header.index("Fungsi")] == "SDM fasilitas kesehatan (PRAP)"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.name = "peserta.xlsx"
    buffer.seek(0)
    assert read_participants(buffer, training=training).report.unchanged_count == 1


def test_the_training_list_filters_by_a_participant_function(
    client_for, balangan, balangan_admin, training, functions
):
    other = actions.save_training(
        user=balangan_admin,
        district=balangan,
        title="Bimtek Puskesmas",
        start_date=date(2025, 2, 3),
        end_date=date(2025, 2, 4),
        status=Training.Status.HELD,
    )
    rows = [HEADER, ["Ahmad", "L", "Dinkes", "sdm_faskes"]]
    import_participants(xlsx(rows), training=other, user=balangan_admin, commit=True)
    client = client_for(balangan_admin)
    url = reverse("trainings:list", args=[balangan.code])

    response = client.get(url, {"function": "sdm_faskes"})

    shown = [t.title for t in [*response.context["upcoming"], *response.context["past"]]]
    assert shown == ["Bimtek Puskesmas"]
    everything = client.get(url)
    assert len([*everything.context["upcoming"], *everything.context["past"]]) == 2

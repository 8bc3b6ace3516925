import io
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from kla_portal.imports import NOTHING_WRITTEN
from trainings.plans import imports as item_import
from trainings.plans.models import ActionItem, ActionPlan

pytestmark = pytest.mark.django_db

HEADERS = [
    "No",
    "Kegiatan",
    "Tujuan",
    "Sasaran",
    "Waktu/Tenggat",
    "Tempat",
    "Penanggung jawab",
    "Sumber dana",
    "Anggaran",
    "Indikator keberhasilan",
    "Indikator KLA",
]
GOOD_ROWS = [
    [
        1,
        "Sosialisasi KHA kepada guru",
        "Guru paham KHA",
        "Guru SD",
        "30/09/2025",
        "Aula",
        "Rahmat Hidayat",
        "BOS",
        "Rp 2.500.000",
        "30 guru hadir",
        19,
    ],
    [
        2,
        "Pembentukan tim SRA",
        "Ada SK tim",
        "Kepala sekolah",
        "Oktober 2025",
        "SD 1",
        "Bu Kepala Sekolah",
        "APBD",
        1500000,
        "SK terbit",
        None,
    ],
]


def workbook(rows, title_rows=1, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    for _ in range(title_rows):
        sheet.append(["RENCANA TINDAK LANJUT PELATIHAN KHA"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(rows, headers=HEADERS):
    return SimpleUploadedFile("rtl.xlsx", workbook(rows, headers=headers))


WITH_QUESTION = [*HEADERS, "Pertanyaan"]


def question_row(number, activity, indicator, question):
    return [number, activity, None, None, "30/11/2025", None, None, None, None, None] + [
        indicator,
        question,
    ]


def test_it_previews_rows_without_writing_and_matches_members_by_name(plan, gugus, indicators):
    report = item_import.preview_import(upload(GOOD_ROWS), plan=plan).report

    assert [r.action for r in report.rows] == ["create", "create"]
    assert report.rows[0].detail == "penanggung jawab: anggota Rahmat Hidayat"
    assert ActionItem.objects.count() == 0


def test_it_writes_the_rows_and_reimporting_creates_no_duplicates(
    plan, gugus, indicators, balangan_admin
):
    report, written = item_import.apply_import(
        upload(GOOD_ROWS), plan=plan, user=balangan_admin, only_valid=False
    )
    assert written and report.created_count == 2

    first = ActionItem.objects.get(activity="Sosialisasi KHA kepada guru")
    assert first.responsible_member == gugus
    assert first.responsible_name == ""
    assert first.due_date == date(2025, 9, 30)
    assert first.budget_amount == Decimal("2500000")
    assert first.indicator == indicators[19]
    assert first.venue == "Aula"
    second = ActionItem.objects.get(activity="Pembentukan tim SRA")
    assert second.responsible_member is None
    assert second.responsible_name == "Bu Kepala Sekolah"
    assert second.due_date == date(2025, 10, 31)
    assert second.history.get().history_user == balangan_admin

    report, _ = item_import.apply_import(
        upload(GOOD_ROWS), plan=plan, user=balangan_admin, only_valid=False
    )
    assert (report.created_count, report.unchanged_count) == (0, 2)
    assert ActionItem.objects.count() == 2


def test_a_changed_row_updates_the_item(plan, gugus, indicators, balangan_admin):
    item_import.apply_import(upload(GOOD_ROWS), plan=plan, user=balangan_admin, only_valid=False)
    changed = [list(GOOD_ROWS[0]), GOOD_ROWS[1]]
    changed[0][3] = "Guru dan tendik"

    report, _ = item_import.apply_import(
        upload(changed), plan=plan, user=balangan_admin, only_valid=False
    )

    assert [r.action for r in report.rows] == ["update", "unchanged"]
    item = ActionItem.objects.get(activity="Sosialisasi KHA kepada guru")
    assert item.target_group == "Guru dan tendik"
    assert item.version == 2


def test_rejected_rows_name_their_row_number_and_reason(plan, indicators):
    rows = [
        *GOOD_ROWS,
        [3, None, None, None, "01/11/2025", None, None, None, None, None, None],
        [4, "Deklarasi SRA", None, None, "besok", None, None, None, None, None, None],
        [5, "Lomba poster", None, None, "01/11/2025", None, None, None, "lima juta", None, 99],
        [
            6,
            "Sosialisasi KHA kepada guru",
            None,
            None,
            "01/12/2025",
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    ]

    report = item_import.preview_import(upload(rows), plan=plan).report

    rejected = {r.number: r.errors for r in report.rejected}
    assert rejected == {
        5: ["kegiatan kosong"],
        6: [
            "waktu 'besok' tidak terbaca (tulis dd/mm/yyyy atau nama bulan dan tahun, "
            "misalnya 'Oktober 2025')"
        ],
        7: [
            "angka 'lima juta' tidak terbaca",
            "indikator KLA '99' tidak dikenal (tulis nomor indikator, misalnya 19 atau 21A)",
        ],
        8: ["duplikat baris 3 (kegiatan yang sama)"],
    }


def test_with_a_rejected_row_nothing_is_written_unless_only_valid_rows_are_asked_for(
    plan, indicators, balangan_admin
):
    rows = [*GOOD_ROWS, [3, None, None, None, "01/11/2025"] + [None] * 6]

    _report, written = item_import.apply_import(
        upload(rows), plan=plan, user=balangan_admin, only_valid=False
    )
    assert not written
    assert ActionItem.objects.count() == 0

    _report, written = item_import.apply_import(
        upload(rows), plan=plan, user=balangan_admin, only_valid=True
    )
    assert written
    assert ActionItem.objects.count() == 2


def test_the_import_page_previews_then_confirms(
    client_for, balangan_admin, balangan, plan, gugus, indicators
):
    client = client_for(balangan_admin)
    url = reverse("plans:import_items", args=[balangan.code])

    response = client.post(url, {"plan": plan.pk, "file": upload(GOOD_ROWS)})
    assert response.status_code == 200
    assert response.context["report"].created_count == 2
    assert ActionItem.objects.count() == 0

    response = client.post(url, {"plan": plan.pk, "token": response.context["token"]})
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert ActionItem.objects.count() == 2


def test_the_import_page_refuses_to_write_with_rejected_rows_unless_ticked(
    client_for, balangan_admin, balangan, plan, indicators
):
    client = client_for(balangan_admin)
    url = reverse("plans:import_items", args=[balangan.code])
    rows = [*GOOD_ROWS, [3, None, None, None, "01/11/2025"] + [None] * 6]
    token = client.post(url, {"plan": plan.pk, "file": upload(rows)}).context["token"]

    response = client.post(url, {"plan": plan.pk, "token": token})
    assert response.context["error"] == NOTHING_WRITTEN % {"count": 1}
    assert ActionItem.objects.count() == 0

    response = client.post(url, {"plan": plan.pk, "token": token, "only_valid": "1"})
    assert response.status_code == 302
    assert ActionItem.objects.count() == 2


def test_the_import_page_reports_an_unreadable_file(client_for, balangan_admin, balangan, plan):
    response = client_for(balangan_admin).post(
        reverse("plans:import_items", args=[balangan.code]),
        {"plan": plan.pk, "file": SimpleUploadedFile("rtl.xlsx", b"bukan excel")},
    )
    assert response.context["form"].errors == {
        "file": ["Berkas ini bukan berkas Excel (.xlsx) atau CSV."]
    }


def test_the_import_cannot_target_another_districts_plan(
    client_for, balangan_admin, balangan, hst_world
):
    hst_plan, _item, _evidence = hst_world
    response = client_for(balangan_admin).post(
        reverse("plans:import_items", args=[balangan.code]),
        {"plan": hst_plan.pk, "file": upload(GOOD_ROWS)},
    )
    assert "plan" in response.context["form"].errors
    assert not ActionItem.objects.filter(plan=hst_plan).exclude(activity="Ruang laktasi").exists()


def test_the_template_workbook_reads_back_with_the_importer(plan, indicators):
    source = SimpleUploadedFile("templat.xlsx", item_import.template_workbook())
    report = item_import.preview_import(source, plan=plan).report
    assert [r.action for r in report.rows] == ["create"]


def test_the_command_previews_and_writes_only_with_commit(
    plan, gugus, indicators, balangan_admin, tmp_path
):
    path = tmp_path / "rtl.xlsx"
    path.write_bytes(workbook(GOOD_ROWS))

    out = StringIO()
    call_command("import_action_items", str(path), "--plan", str(plan.pk), stdout=out)
    assert "2 dibuat" in out.getvalue()
    assert ActionItem.objects.count() == 0

    call_command(
        "import_action_items",
        str(path),
        "--plan",
        str(plan.pk),
        "--commit",
        "--user",
        "balangan",
        stdout=StringIO(),
    )
    assert ActionItem.objects.count() == 2


def test_a_pertanyaan_column_links_each_item_to_its_question_in_the_plans_framework(
    plan, questions, balangan_admin
):
    rows = [
        question_row(1, "Sosialisasi pencegahan perkawinan anak", None, "21A.4b"),
        question_row(2, "Perbup registrasi kelahiran", "1", "1.2A"),
        question_row(3, "Tanpa pertanyaan", 19, None),
    ]

    report, written = item_import.apply_import(
        upload(rows, WITH_QUESTION), plan=plan, user=balangan_admin, only_valid=False
    )

    assert written and report.created_count == 3
    first = ActionItem.objects.get(activity="Sosialisasi pencegahan perkawinan anak")
    assert first.question == questions["21A.4b"]
    assert first.indicator == questions["21A.4b"].indicator  # named by the question alone
    second = ActionItem.objects.get(activity="Perbup registrasi kelahiran")
    assert second.question == questions["1.2a"]
    assert ActionItem.objects.get(activity="Tanpa pertanyaan").question is None

    report, _ = item_import.apply_import(
        upload(rows, WITH_QUESTION), plan=plan, user=balangan_admin, only_valid=False
    )
    assert report.unchanged_count == 3


def test_an_unknown_question_or_one_of_another_indicator_is_a_row_error(plan, questions):
    rows = [
        question_row(1, "Kode salah", None, "21A.99"),
        question_row(2, "Indikator lain", 19, "21A.4b"),
        question_row(3, "Kode butir rancangan awal", None, "2.1x"),
    ]

    report = item_import.preview_import(upload(rows, WITH_QUESTION), plan=plan).report

    assert {r.number: r.errors for r in report.rejected} == {
        3: [
            "pertanyaan '21A.99' tidak ada di Instrumen Evaluasi KLA 2024 (tulis nomor "
            "indikator, titik, nomor pertanyaan, misalnya 21A.4b)"
        ],
        4: ["pertanyaan '21A.4b' bukan bagian dari indikator KLA '19'"],
        5: [
            "pertanyaan '2.1x' tidak ada di Instrumen Evaluasi KLA 2024 (tulis nomor "
            "indikator, titik, nomor pertanyaan, misalnya 21A.4b)"
        ],
    }


def test_a_plan_drawn_up_under_the_draft_framework_resolves_its_questions_there(
    plan, framework, balangan_admin
):
    ActionPlan.objects.filter(pk=plan.pk).update(
        created_at=timezone.make_aware(datetime(2023, 6, 1))
    )
    plan.refresh_from_db()
    rows = [question_row(1, "Butir 19.1 rancangan awal", None, "19.1")]

    item_import.apply_import(
        upload(rows, WITH_QUESTION), plan=plan, user=balangan_admin, only_valid=False
    )

    item = ActionItem.objects.get()
    assert item.question.indicator.framework == framework
    assert item.indicator == framework.indicators.get(number=19)

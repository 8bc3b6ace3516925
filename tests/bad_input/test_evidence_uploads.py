"""Evidence uploads refuse what is not a photo or a PDF: a message, no row, no file on disk.

Four places take files: an action item's progress update, an assessment butir's
evidence, a training's documents and an institution's milestone. Each is posted
the same bad files; the file's bytes decide, never its name or claimed type.
"""

from types import SimpleNamespace

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from kla_portal.uploads import BAD_TYPE, HAS_MACROS, HEIF_TYPES, TOO_BIG
from tests.bad_input import samples
from trainings.forms import DOCUMENT_TYPES
from trainings.models import TrainingDocument

FILE_EMPTY = forms.FileField.default_error_messages["empty"]
SMALL_LIMIT = 1024 * 1024  # MAX_UPLOAD_BYTES for the "too big" case, so it stays fast


# A field that takes JPEG photos takes a phone's HEIC/HEIF too (converted to JPEG).
DOCUMENTS = {**DOCUMENT_TYPES, **HEIF_TYPES}  # photos, PDF, Excel and Word


def types_named(allowed):
    return ", ".join(sorted({ext.lstrip(".").upper() for ext in allowed.values()}))


BAD_FILES = {
    "exe_named_jpg": ("foto.jpg", samples.EXE, "image/jpeg"),
    "exe_named_xlsx": ("daftar.xlsx", samples.EXE, "application/octet-stream"),
    "zip_that_is_not_xlsx": ("arsip.zip", samples.plain_zip(), "application/zip"),
    "old_xls": ("daftar.xls", samples.OLE, "application/vnd.ms-excel"),
    "gif": ("animasi.gif", samples.GIF, "image/gif"),
    "html_named_png": ("foto.png", samples.HTML, "image/png"),
    "svg_with_script": ("logo.svg", samples.SVG, "image/svg+xml"),
    "csv_text": ("daftar.pdf", b"Nama\nSiti\n", "application/pdf"),
    "truncated_xlsx": ("daftar.xlsx", samples.xlsx([["Nama"], ["Siti"]])[:400], "text/plain"),
    "empty": ("kosong.jpg", b"", "image/jpeg"),
    "too_big": ("besar.png", samples.PNG + b"\x00" * SMALL_LIMIT, "image/png"),
}


def expected_message(case, allowed):
    if case == "empty":
        return FILE_EMPTY
    if case == "too_big":
        return TOO_BIG % {"mb": SMALL_LIMIT // (1024 * 1024)}
    return BAD_TYPE % {"types": types_named(allowed)}


def progress_update(client, request, upload):
    item = request.getfixturevalue("action_item")
    data = {"date": "01/08/2025", "percent": 50, "text": "Sosialisasi selesai", "files": upload}
    return client.post(reverse("plans:item_update", args=[item.pk]), data, follow=True)


def assessment_evidence(client, request, upload):
    item = request.getfixturevalue("assessment_item")
    url = reverse("indicators:item_evidence_add", args=[item.pk])
    return client.post(url, {"files": upload}, follow=True)


def training_document(client, request, upload):
    training = request.getfixturevalue("training")
    data = {"kind": TrainingDocument.Kind.REPORT, "file": upload}
    return client.post(reverse("trainings:document_add", args=[training.pk]), data, follow=True)


def milestone(client, request, upload):
    school = request.getfixturevalue("school")
    step = request.getfixturevalue("sectors")["sekolah"].milestones.get(order=2)
    data = {"definition": step.pk, "achieved_on": "14/04/2025", "evidence": upload}
    url = reverse("stakeholders:milestone_record", args=[school.pk])
    return client.post(url, data, follow=True)


ENDPOINTS = {
    "progress_update": SimpleNamespace(post=progress_update, allowed=DOCUMENTS),
    "assessment_evidence": SimpleNamespace(post=assessment_evidence, allowed=DOCUMENTS),
    "training_document": SimpleNamespace(post=training_document, allowed=DOCUMENTS),
    "milestone": SimpleNamespace(post=milestone, allowed=DOCUMENTS),
}
# A training document may be a Word or Excel report: an .xlsx, even a damaged one, is
# accepted there by design (its content is never parsed), so that case is left out.
ACCEPTED_BY_DESIGN = {("training_document", "truncated_xlsx")}


def _params():
    for endpoint in ENDPOINTS:
        for case in BAD_FILES:
            if (endpoint, case) not in ACCEPTED_BY_DESIGN:
                yield pytest.param(endpoint, case, id=f"{endpoint}-{case}")


@pytest.mark.parametrize(("endpoint_name", "case"), _params())
def test_a_bad_evidence_file_is_refused_and_nothing_is_saved(
    endpoint_name, case, request, admin, snapshot, settings
):
    settings.MAX_UPLOAD_BYTES = SMALL_LIMIT
    endpoint = ENDPOINTS[endpoint_name]
    post = endpoint.post
    for fixture in (
        {
            "progress_update": "action_item",
            "assessment_evidence": "assessment_item",
            "training_document": "training",
            "milestone": "school",
        }[endpoint_name],
        "sectors",
    ):
        request.getfixturevalue(fixture)
    name, content, content_type = BAD_FILES[case]
    before = snapshot()

    response = post(admin, request, SimpleUploadedFile(name, content, content_type))

    assert response.status_code == 200
    before.assert_unchanged()
    assert snapshot().files == []
    message = str(expected_message(case, endpoint.allowed))
    assert escape(message) in response.content.decode()


AGENDA = samples.xlsx([["Agenda"], ["Hari 1"]])
MACROS = {
    "xlsm_named_xlsx": samples.with_macros(AGENDA),
    "vba_project_only": samples.with_macros(AGENDA, content_type=False),
    "macro_content_type_only": samples.with_macros(AGENDA, vba_part=False),
}


@pytest.mark.parametrize("case", MACROS)
def test_a_macro_workbook_is_refused_as_a_training_document_by_its_content(
    case, request, admin, training, snapshot
):
    before = snapshot()

    upload = SimpleUploadedFile("laporan.xlsx", MACROS[case], "application/vnd.ms-excel")
    response = training_document(admin, request, upload)

    assert response.status_code == 200
    assert escape(str(HAS_MACROS)) in response.content.decode()
    before.assert_unchanged()
    assert snapshot().files == []


def test_a_plain_workbook_is_still_a_training_report(request, admin, training):
    training_document(admin, request, SimpleUploadedFile("laporan.xlsx", AGENDA))

    assert TrainingDocument.objects.get().file.name.endswith(".xlsx")

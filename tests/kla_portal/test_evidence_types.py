"""Issue 17: evidence may be a budget table (.xlsx) or minutes (.docx), checked by content."""

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from indicators.forms import EvidenceForm
from kla_portal.uploads import DOCX_TYPES, XLSX_TYPES, serve_upload
from tests.bad_input.samples import with_macros, xlsx
from trainings.plans.forms import ProgressUpdateForm


def docx() -> bytes:
    """The smallest Word document: its content types and its body part."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def question_form(uploaded) -> EvidenceForm:
    return EvidenceForm({}, MultiValueDict({"files": [uploaded]}))


def files_field():
    return ProgressUpdateForm.base_fields["files"]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("anggaran.xlsx", xlsx([["Pos", "Rp"]]), XLSX_TYPES), ("notulen.docx", docx(), DOCX_TYPES)],
    ids=["xlsx", "docx"],  # the files hold their build time: each xdist worker its own
)
def test_xlsx_and_docx_are_accepted_on_each_evidence_form(name, content, content_type):
    form = question_form(upload(name, content))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["files"][0].content_type in content_type
    [stored] = files_field().clean([upload(name, content)])
    assert stored.content_type in content_type


def test_two_files_in_one_progress_upload_are_both_kept():
    cleaned = files_field().clean(
        [upload("anggaran.xlsx", xlsx([["Pos"]])), upload("notulen.docx", docx())]
    )
    assert [f.name for f in cleaned] == ["anggaran.xlsx", "notulen.docx"]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("anggaran.xlsx", with_macros(xlsx([["Pos"]])), "macros"),
        ("notulen.docx", b"<!doctype html><script>alert(1)</script>", "bad_type"),
    ],
    ids=["xlsm_named_xlsx", "html_named_docx"],
)
def test_a_macro_workbook_or_a_page_in_disguise_is_refused(name, content, code):
    form = question_form(upload(name, content))
    assert not form.is_valid()
    assert form.errors.as_data()["files"][0].code == code
    with pytest.raises(Exception) as refused:
        files_field().clean([upload(name, content)])
    assert refused.value.code == code


@pytest.mark.django_db  # a finished response closes the database connection
@pytest.mark.parametrize("name", ["anggaran.xlsx", "notulen.docx"])
def test_office_evidence_is_served_as_a_download_never_inline(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"PK")
    stored = SimpleNamespace(name=name, open=lambda mode: path.open(mode))
    response = serve_upload(stored, name)
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    response.close()

import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from kla_portal.uploads import EvidenceFileField, check_upload, safe_name

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def test_images_and_pdfs_are_accepted_by_their_content():
    assert check_upload(SimpleUploadedFile("foto.png", PNG)) == "image/png"
    assert check_upload(SimpleUploadedFile("laporan.bin", PDF)) == "application/pdf"


def test_an_exe_renamed_jpg_is_refused():
    with pytest.raises(forms.ValidationError) as error:
        check_upload(SimpleUploadedFile("foto.jpg", EXE, content_type="image/jpeg"))
    assert error.value.code == "bad_type"


def test_a_file_over_the_limit_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(forms.ValidationError) as error:
        check_upload(SimpleUploadedFile("foto.png", PNG))
    assert error.value.code == "too_big"


def test_stored_names_are_made_safe_and_get_the_extension_their_content_earned():
    assert safe_name("../../etc/passwd.png.exe", "image/png") == "passwdpng.png"
    assert safe_name("Foto Kegiatan 20-8.JPG", "image/jpeg") == "foto-kegiatan-20-8.jpg"


def test_the_form_field_renames_the_upload():
    field = EvidenceFileField()
    cleaned = field.clean(SimpleUploadedFile("Bukti Rapat.PDF", io.BytesIO(PDF).read()))
    assert cleaned.name == "bukti-rapat.pdf"
    assert cleaned.content_type == "application/pdf"

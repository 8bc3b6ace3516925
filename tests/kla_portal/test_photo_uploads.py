"""Phone photos: HEIC/HEIF converted to JPEG, large photos shrunk, small ones kept as sent."""

import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from indicators.forms import EvidenceForm
from kla_portal.uploads import (
    BAD_PHOTO,
    MAX_PHOTO_SIDE,
    EvidenceFileField,
    EvidenceFilesField,
    check_upload,
)


def photo(size=(64, 48), image_format="HEIF") -> bytes:
    """A photo as a phone would send it; pillow-heif writes HEIF (its "heic" brand)."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=image_format)
    return out.getvalue()


def stored(uploaded):
    uploaded.seek(0)
    return Image.open(io.BytesIO(uploaded.read()))


def test_an_iphone_photo_is_stored_as_a_jpeg_of_the_same_size():
    uploaded = EvidenceFileField().clean(SimpleUploadedFile("IMG_0042.HEIC", photo()))

    assert (uploaded.name, uploaded.content_type) == ("img_0042.jpg", "image/jpeg")
    image = stored(uploaded)
    assert (image.format, image.size) == ("JPEG", (64, 48))


def test_a_large_photo_is_shrunk_to_the_longest_side_allowed_in_its_own_format():
    uploaded = EvidenceFileField().clean(
        SimpleUploadedFile("kegiatan.png", photo((4000, 3000), "PNG"))
    )

    image = stored(uploaded)
    assert (image.format, image.size) == ("PNG", (MAX_PHOTO_SIDE, MAX_PHOTO_SIDE * 3 // 4))
    assert uploaded.name == "kegiatan.png"


def test_a_small_jpeg_is_kept_byte_for_byte():
    data = photo(image_format="JPEG")
    uploaded = EvidenceFileField().clean(SimpleUploadedFile("foto.jpg", data))
    uploaded.seek(0)
    assert uploaded.read() == data


def test_progress_update_and_evidence_forms_take_heic():
    files = EvidenceFilesField().clean([SimpleUploadedFile("a.heic", photo())])
    assert [(f.name, f.content_type, f.original_name) for f in files] == [
        ("a.jpg", "image/jpeg", "a.heic")
    ]
    field = EvidenceForm.base_fields["files"]
    [question] = field.clean([SimpleUploadedFile("b.heif", photo())])
    assert question.content_type == "image/jpeg"


def test_a_heic_that_cannot_be_read_is_refused_with_a_message():
    broken = photo()[:40] + b"\x00" * 200
    with pytest.raises(forms.ValidationError) as error:
        EvidenceFileField().clean(SimpleUploadedFile("rusak.heic", broken))
    assert error.value.messages == [str(BAD_PHOTO)]


def test_heic_is_never_stored_unconverted_where_no_photo_field_converts_it():
    with pytest.raises(forms.ValidationError) as error:
        check_upload(SimpleUploadedFile("a.heic", photo()))
    assert error.value.code == "bad_type"

"""Uploaded files: checked by content, size-limited, renamed safely, served only through views.

An Office file is also refused when it carries macros, whatever its name.

Photos come from phones: an iPhone sends HEIC/HEIF, which few browsers can show, and
a recent phone's JPEG is 4000 pixels wide. A photo field (``EvidenceFileField``
accepting JPEG) takes HEIC and HEIF too, recognised by their bytes, and stores every
photo as ``fit_photo`` makes it: HEIC/HEIF converted to JPEG, anything wider or taller
than ``MAX_PHOTO_SIDE`` shrunk, upright, without its metadata (a phone writes where
the photo was taken into it, and these photos show children).

Evidence photos show children and officials; a decree PDF is a district's
record. So nothing under MEDIA_ROOT is ever served by the web server: each app
serves a file through a view that first checks ``visible_to(user)`` and then
calls ``serve_upload``.
"""

import io
import mimetypes
import zipfile
from pathlib import Path

import filetype
import pillow_heif
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

pillow_heif.register_heif_opener()

IMAGE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
PDF_TYPES = {"application/pdf": ".pdf"}
# Accepted by photo fields only, and never stored: ``fit_photo`` converts them to JPEG.
HEIF_TYPES = {"image/heic": ".heic", "image/heif": ".heif"}
# The ISO-BMFF brands of HEIC/HEIF stills and sequences (not AVIF's, which Pillow reads
# without help but which is not what phones send).
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
# A long side of 2560 pixels keeps a document photographed on a desk readable.
MAX_PHOTO_SIDE = 2560
JPEG_QUALITY = 85
EVIDENCE_TYPES = {**IMAGE_TYPES, **PDF_TYPES}
XLSX_TYPES = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx"}
DOCX_TYPES = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}
# A CSV has no signature to read: it is accepted as text (see ``_looks_like_text``).
CSV_TYPES = {"text/csv": ".csv"}
# An agency's data matrix, and the documents it sends with its answer.
DATA_MATRIX_TYPES = {**XLSX_TYPES, **CSV_TYPES, **PDF_TYPES}
DOCUMENT_TYPES = {**EVIDENCE_TYPES, **DOCX_TYPES, **XLSX_TYPES}
EXTENSIONS = {**EVIDENCE_TYPES, **XLSX_TYPES, **DOCX_TYPES, **CSV_TYPES}
# Enough of an Office file (a zip) to find the part names that tell xlsx from docx.
HEAD_BYTES = 8192

TOO_BIG = gettext_lazy("Berkas terlalu besar: maksimal %(mb)s MB.")
EMPTY = gettext_lazy("Berkas kosong.")
BAD_TYPE = gettext_lazy("Jenis berkas tidak diizinkan. Yang diterima: %(types)s.")
HAS_MACROS = gettext_lazy(
    "Berkas Office ini berisi makro (seperti .xlsm atau .docm) dan tidak diterima. Simpan "
    "ulang sebagai .xlsx atau .docx biasa, lalu unggah lagi."
)
OFFICE_TYPES = {**XLSX_TYPES, **DOCX_TYPES}
# What marks an Office file that carries a VBA project, whatever its name says: the
# project's own part, or the macro-enabled content type of the workbook or document.
MACRO_PART = "vbaproject.bin"
MACRO_CONTENT_TYPE = b"macroenabled"
CONTENT_TYPES_BYTES = 1024 * 1024  # a real [Content_Types].xml is a few KB
# Evidence that is a budget table or the minutes of a meeting comes as .xlsx or .docx.
DOCUMENT_HELP = gettext_lazy(
    "Foto (JPG, PNG, WEBP, HEIC), PDF, Excel (.xlsx) atau Word (.docx), maksimal 10 MB."
)
BAD_PHOTO = gettext_lazy("Foto tidak dapat dibaca. Kirim ulang sebagai JPG atau PNG.")


def check_upload(uploaded, allowed: dict[str, str] = EVIDENCE_TYPES) -> str:
    """Return the content type the file's bytes show, or raise ValidationError.

    The name and the browser's claimed type are ignored: an .exe renamed .jpg
    is refused because its first bytes are not a JPEG's.
    """
    limit = settings.MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise forms.ValidationError(
            TOO_BIG % {"mb": limit // (1024 * 1024)},
            code="too_big",
        )
    if uploaded.size == 0:
        raise forms.ValidationError(EMPTY, code="empty")
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(0)
    mime = _sniff(head)
    if mime is None and "text/csv" in allowed and _looks_like_text(head):
        return "text/csv"
    if mime is None or mime not in allowed:
        names = ", ".join(sorted({ext.lstrip(".").upper() for ext in allowed.values()}))
        raise forms.ValidationError(
            BAD_TYPE % {"types": names},
            code="bad_type",
        )
    if mime in OFFICE_TYPES and _has_macros(uploaded):
        raise forms.ValidationError(HAS_MACROS, code="macros")
    return mime


def _sniff(head: bytes) -> str | None:
    """The type the first bytes show; HEIF by its brand, which filetype knows only as heic."""
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "image/heic" if head[8:12] == b"heic" else "image/heif"
    kind = filetype.guess(head)
    return kind.mime if kind else None


def fit_photo(uploaded, content_type: str):
    """The photo as it is stored: ``(file, content type)``.

    HEIC/HEIF becomes JPEG; a photo longer than ``MAX_PHOTO_SIDE`` on a side is shrunk
    in its own format (JPEG, PNG or WEBP). Either way it is turned upright by its EXIF
    orientation and saved without its metadata. A small JPEG, PNG or WEBP is kept as it
    came, byte for byte; one Pillow cannot read is kept too (it was checked by its
    first bytes, and is never opened on the server again), but an unreadable HEIC is
    refused, having nothing to show.
    """
    convert = content_type in HEIF_TYPES
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            if not convert and max(image.size) <= MAX_PHOTO_SIDE:
                return uploaded, content_type
            fitted = ImageOps.exif_transpose(image)
            fitted.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
            target = "image/jpeg" if convert else content_type
            if target == "image/jpeg":
                fitted = fitted.convert("RGB")
            out = io.BytesIO()
            fitted.save(out, IMAGE_FORMATS[target], quality=JPEG_QUALITY)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        if convert:
            raise forms.ValidationError(BAD_PHOTO, code="bad_photo") from error
        return uploaded, content_type
    finally:
        uploaded.seek(0)
    name = Path(uploaded.name).stem + IMAGE_TYPES[target]
    return SimpleUploadedFile(name, out.getvalue(), content_type=target), target


def _has_macros(uploaded) -> bool:
    """Whether an Office file (a zip) carries macros: an .xlsm or .docm looks like an .xlsx
    or .docx in its first bytes, and renamed it would be stored as one. A zip too damaged
    to read is left as it is (it is stored, never opened, as before)."""
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            if any(name.lower().endswith(MACRO_PART) for name in archive.namelist()):
                return True
            with archive.open("[Content_Types].xml") as types:
                return MACRO_CONTENT_TYPE in types.read(CONTENT_TYPES_BYTES).lower()
    except Exception:  # a zip too damaged to read (any failure of zipfile): see above
        return False
    finally:
        uploaded.seek(0)


def _looks_like_text(head: bytes) -> bool:
    """Text in any of the encodings spreadsheets export (UTF-8, Windows-1252): no NUL and
    no control bytes but tab, line breaks and form feed. A program, an archive or an
    image always has some."""
    allowed = {9, 10, 12, 13}
    return bool(head.strip()) and not any(b < 32 and b not in allowed for b in head)


def safe_name(original: str, content_type: str) -> str:
    """A storage name from the user's file name, with the extension its content earned."""
    stem = slugify(Path(original).stem)[:80] or "berkas"
    return get_valid_filename(stem + EXTENSIONS.get(content_type, ""))


class EvidenceFileField(forms.FileField):
    """A form field accepting images and PDFs only, checked by content."""

    default_help_text = gettext_lazy("Foto (JPG, PNG, WEBP, HEIC) atau PDF, maksimal 10 MB.")

    def __init__(self, *args, allowed=EVIDENCE_TYPES, **kwargs):
        # A field that takes JPEG photos takes a phone's HEIC/HEIF too, converted.
        if "image/jpeg" in allowed:
            allowed = {**allowed, **HEIF_TYPES}
        self.allowed = allowed
        kwargs.setdefault("help_text", self.default_help_text)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join([*allowed, *allowed.values()]))

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded and uploaded is not initial:
            content_type = check_upload(uploaded, self.allowed)
            if content_type in IMAGE_TYPES or content_type in HEIF_TYPES:
                uploaded, content_type = fit_photo(uploaded, content_type)
            uploaded.content_type = content_type
            uploaded.name = safe_name(uploaded.name, content_type)
        return uploaded


MAX_FILES = 5  # per upload: a phone on a slow line should not try more at once
TOO_MANY_FILES = gettext_lazy("Paling banyak %(max)s berkas sekali kirim.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(EvidenceFileField):
    """Several files in one upload, each checked (and a photo fitted) as by
    ``EvidenceFileField``; the cleaned value is a list, empty when none was chosen."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = list(data) if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(TOO_MANY_FILES % {"max": MAX_FILES}, code="too_many")
        cleaned = []
        for uploaded in files:
            original = uploaded.name
            uploaded = super().clean(uploaded, initial)
            uploaded.original_name = original
            cleaned.append(uploaded)
        return cleaned


def serve_upload(file_field, download_name: str | None = None) -> FileResponse:
    """Stream a stored file to a user the calling view has already authorised."""
    name = download_name or Path(file_field.name).name
    content_type = mimetypes.guess_type(file_field.name)[0] or "application/octet-stream"
    inline = content_type in EVIDENCE_TYPES
    response = FileResponse(
        file_field.open("rb"), as_attachment=not inline, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # A file is never a page: even a crafted PDF or SVG cannot run script here.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response

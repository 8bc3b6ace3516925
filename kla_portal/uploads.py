"""Uploaded files: checked by content, size-limited, renamed safely, served only through views.

An Office file is also refused when it carries macros, whatever its name.

Evidence photos show children and officials; a decree PDF is a district's
record. So nothing under MEDIA_ROOT is ever served by the web server: each app
serves a file through a view that first checks ``visible_to(user)`` and then
calls ``serve_upload``.
"""

import mimetypes
import zipfile
from pathlib import Path

import filetype
from django import forms
from django.conf import settings
from django.http import FileResponse
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext_lazy

IMAGE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
PDF_TYPES = {"application/pdf": ".pdf"}
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
    kind = filetype.guess(head)
    if kind is None and "text/csv" in allowed and _looks_like_text(head):
        return "text/csv"
    if kind is None or kind.mime not in allowed:
        names = ", ".join(sorted({ext.lstrip(".").upper() for ext in allowed.values()}))
        raise forms.ValidationError(
            BAD_TYPE % {"types": names},
            code="bad_type",
        )
    if kind.mime in OFFICE_TYPES and _has_macros(uploaded):
        raise forms.ValidationError(HAS_MACROS, code="macros")
    return kind.mime


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

    default_help_text = gettext_lazy("Foto (JPG, PNG, WEBP) atau PDF, maksimal 10 MB.")

    def __init__(self, *args, allowed=EVIDENCE_TYPES, **kwargs):
        self.allowed = allowed
        kwargs.setdefault("help_text", self.default_help_text)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join([*allowed, *allowed.values()]))

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded and uploaded is not initial:
            uploaded.content_type = check_upload(uploaded, self.allowed)
            uploaded.name = safe_name(uploaded.name, uploaded.content_type)
        return uploaded


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

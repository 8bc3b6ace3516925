"""Letterheads (kop surat) and signatories: whose name, logo and number a document carries.

A district's documents go out under its Dinas PPPA letterhead, or under an agency's own
when that agency issues them. The rules here are plain functions: which letterhead and
signatory a document gets, the certificate number a format makes, how a NIP is typed
and printed, and the writes the district admin's settings page makes.

Letterheads change no district figure, so the writes are plain transactions.
"""

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kla_portal.history import save_with_history
from kla_portal.models import District
from stakeholders.models import Agency, Letterhead, Signatory

FORMAT_NEEDS_SEQUENCE = _("Format nomor harus memuat {seq}: tanpa itu semua nomor sama.")
FORMAT_UNKNOWN_FIELD = _(
    "Format nomor memuat %(field)s; yang dikenal: {seq}, {seq:3}, {year}, {month}."
)
FORMAT_BRACES = _("Kurung kurawal di format nomor tidak berpasangan.")
AGENCY_OTHER_DISTRICT = _("Perangkat daerah ini bukan milik kabupaten/kota ini.")

LETTERHEAD_FIELDS = ("government", "office", "address", "city", "certificate_number_format")
SIGNATORY_FIELDS = ("name", "position", "rank", "nip", "order", "is_active")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_FIELD = re.compile(r"\{([^{}]*)\}")
_KNOWN = re.compile(r"^(seq(:[1-9])?|year|month)$")


# Certificate numbers


def check_number_format(text: str) -> None:
    """Refuse a format that would print the same number twice or a field we do not fill."""
    fields = _FIELD.findall(text)
    if _FIELD.sub("", text).count("{") or _FIELD.sub("", text).count("}"):
        raise ValidationError(FORMAT_BRACES, code="braces")
    for field in fields:
        if not _KNOWN.match(field):
            raise ValidationError(
                FORMAT_UNKNOWN_FIELD, code="unknown_field", params={"field": "{" + field + "}"}
            )
    if not any(field.startswith("seq") for field in fields):
        raise ValidationError(FORMAT_NEEDS_SEQUENCE, code="no_sequence")


def format_number(text: str, *, sequence: int, on: date) -> str:
    """The number ``text`` makes for the ``sequence``-th certificate of ``on``'s year:
    ``400.14/{seq:3}/DPPPA/{month}/{year}`` gives ``400.14/007/DPPPA/VIII/2025``."""

    def fill(match):
        field = match.group(1)
        if field == "year":
            return str(on.year)
        if field == "month":
            return ROMAN_MONTHS[on.month - 1]
        width = int(field[4:]) if ":" in field else 0
        return str(sequence).zfill(width)

    return _FIELD.sub(fill, text)


# NIP: 18 digits, printed in the four groups of the civil-service register


def normalize_nip(text: str) -> str:
    """Spaces and dots as people type them (``19700101 199503 1 002``) are dropped."""
    return re.sub(r"[\s.]", "", str(text or ""))


def display_nip(nip: str) -> str:
    """Birth date, appointment month, sex, number: ``19700101 199503 1 002``."""
    if len(nip) != 18:
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


# Which letterhead and signatory a document gets


@dataclass(frozen=True)
class Issuer:
    """The letterhead a document is printed under and the official who signs it."""

    letterhead: Letterhead
    signatory: Signatory | None


def district_letterhead(district: District) -> Letterhead | None:
    return (
        Letterhead.objects.filter(district=district, agency__isnull=True)
        .select_related("district")
        .first()
    )


def first_signatory(letterhead: Letterhead) -> Signatory | None:
    return letterhead.signatories.filter(is_active=True).order_by("order", "name").first()


def issuer_for(
    district: District,
    *,
    letterhead: Letterhead | None = None,
    signatory: Signatory | None = None,
) -> Issuer | None:
    """The chosen letterhead (else the district's Dinas PPPA one) and the chosen active
    signatory of it (else its first); ``None`` when the district has no letterhead yet."""
    letterhead = letterhead or district_letterhead(district)
    if letterhead is None:
        return None
    if signatory is None or not signatory.is_active or signatory.letterhead_id != letterhead.pk:
        signatory = first_signatory(letterhead)
    return Issuer(letterhead=letterhead, signatory=signatory)


def logo_data_uri(letterhead: Letterhead) -> str:
    """The logo inlined, so a PDF renderer needs no access to the media folder by URL.

    The file was checked to be a PNG, JPEG or WebP when uploaded (``letterhead_forms``)."""
    if not letterhead.logo:
        return ""
    try:
        with letterhead.logo.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return ""
    kind = "png" if data.startswith(b"\x89PNG") else "webp" if data[8:12] == b"WEBP" else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"


# Writes


@transaction.atomic
def save_letterhead(
    *,
    district: District,
    user,
    letterhead: Letterhead | None = None,
    agency: Agency | None = None,
    logo=None,
    signatories: Sequence[tuple[Signatory | None, dict]] = (),
    **values,
) -> Letterhead:
    """Create or update a letterhead and its signatories in one go.

    ``signatories`` pairs each signatory (``None`` for a new one) with its values; a new
    one without a name is an empty form row and is skipped. ``logo`` replaces the logo.
    """
    check_number_format(values.get("certificate_number_format", ""))
    if letterhead is None:
        if agency is not None and agency.district_id != district.code:
            raise ValidationError({"agency": AGENCY_OTHER_DISTRICT})
        letterhead = Letterhead(district=district, agency=agency)
    for name in LETTERHEAD_FIELDS:
        if name in values:
            setattr(letterhead, name, values[name])
    if logo is not None:
        letterhead.logo = logo
    save_with_history(letterhead, user=user)
    for signatory, fields in signatories:
        if signatory is None:
            if not fields.get("name"):
                continue
            signatory = Signatory(letterhead=letterhead)
        for name in SIGNATORY_FIELDS:
            if name in fields:
                setattr(signatory, name, fields[name])
        signatory.nip = normalize_nip(signatory.nip)
        save_with_history(signatory, user=user)
    return letterhead

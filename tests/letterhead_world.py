"""A district's letterhead and signatories, as the certificate and report tests need them."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from stakeholders.letterheads import save_letterhead

KEPALA = {
    "name": "Dr. H. Rahmadi, S.Sos., M.Si.",
    "position": "Kepala Dinas PPKBPPPA Kabupaten Balangan",
    "rank": "Pembina Tingkat I (IV/b)",
    "nip": "197001011995031002",
    "order": 1,
}
SEKRETARIS = {
    "name": "Noor Aisyah, S.E.",
    "position": "Sekretaris Dinas PPKBPPPA",
    "rank": "Penata Tingkat I (III/d)",
    "nip": "198002022005012003",
    "order": 2,
}


def png(size=(60, 70), colour=(24, 104, 64)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_letterhead(district, user, *, signatories=(KEPALA, SEKRETARIS), logo=True, **values):
    """Balangan's Dinas PPPA letterhead (``values`` override its lines or number format)."""
    fields = {
        "government": "PEMERINTAH KABUPATEN BALANGAN",
        "office": "DINAS PPKBPPPA KABUPATEN BALANGAN",
        "address": "Jl. A. Yani Km. 4,5 Paringin",
        "city": "Paringin",
        "certificate_number_format": "400.14/{seq:3}/DPPPA/{year}",
    } | values
    return save_letterhead(
        district=district,
        user=user,
        logo=SimpleUploadedFile("logo.png", png(), content_type="image/png") if logo else None,
        signatories=[(None, dict(s)) for s in signatories],
        **fields,
    )

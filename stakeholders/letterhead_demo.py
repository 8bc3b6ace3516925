"""The demo districts' letterheads and signatories, so their certificates can be issued.

The names, addresses and NIPs are made up, and the logos in ``fixtures/demo/`` are
placeholder emblems drawn for the demo, not the districts' coats of arms.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File

from kla_portal.demo import BALANGAN, HULU_SUNGAI_TENGAH
from kla_portal.models import District
from stakeholders.letterheads import save_letterhead
from stakeholders.models import Letterhead

LOGOS = Path(__file__).parent / "fixtures" / "demo"

LETTERHEADS = [
    (
        BALANGAN,
        "balangan",
        {
            "government": "PEMERINTAH KABUPATEN BALANGAN",
            "office": (
                "DINAS PENGENDALIAN PENDUDUK, KELUARGA BERENCANA, "
                "PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK"
            ),
            "address": (
                "Jl. Jenderal A. Yani Km. 4,5 Paringin, Kabupaten Balangan 71618\n"
                "Telepon (0526) 2028000 · Pos-el dppkbpppa@balangankab.go.id"
            ),
            "city": "Paringin",
            "certificate_number_format": "400.14/{seq:3}/DPPKBPPPA/{month}/{year}",
        },
        "balangan.png",
        [
            {
                "name": "H. Rakhmat Hidayat, S.Sos., M.AP.",
                "position": "Kepala Dinas PPKBPPPA Kabupaten Balangan",
                "rank": "Pembina Tingkat I (IV/b)",
                "nip": "197203141998031007",
                "order": 1,
            },
            {
                "name": "Dian Dinilia, S.E., M.M.",
                "position": "Plt. Kepala Bidang PPPA",
                "rank": "Penata Tingkat I (III/d)",
                "nip": "198105222006042011",
                "order": 2,
            },
        ],
    ),
    (
        HULU_SUNGAI_TENGAH,
        "hst",
        {
            "government": "PEMERINTAH KABUPATEN HULU SUNGAI TENGAH",
            "office": (
                "DINAS SOSIAL, PENGENDALIAN PENDUDUK, KELUARGA BERENCANA, "
                "PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK"
            ),
            "address": "Jl. Perwira No. 12 Barabai, Kabupaten Hulu Sungai Tengah 71315",
            "city": "Barabai",
            "certificate_number_format": "463/{seq:3}/Dinsos-PPKBPPPA/{year}",
        },
        "hulu-sungai-tengah.png",
        [
            {
                "name": "Hj. Siti Mariatul Kiptiah, S.Sos., M.Si.",
                "position": "Kepala Dinsos PPKB-PPPA Kabupaten Hulu Sungai Tengah",
                "rank": "Pembina Utama Muda (IV/c)",
                "nip": "197008101994032005",
                "order": 1,
            },
        ],
    ),
]


def seed() -> list[str]:
    """Add the letterheads the demo districts lack (an edited one is left alone)."""
    added = 0
    for code, username, values, logo, signatories in LETTERHEADS:
        district = District.objects.get(code=code)
        if Letterhead.objects.filter(district=district, agency__isnull=True).exists():
            continue
        user = get_user_model().objects.get(username=username)
        with (LOGOS / logo).open("rb") as handle:
            save_letterhead(
                district=district,
                user=user,
                logo=File(handle, name=logo),
                signatories=[(None, fields) for fields in signatories],
                **values,
            )
        added += 1
    return [f"Kop surat: {added} baru"]

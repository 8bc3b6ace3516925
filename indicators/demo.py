"""Demo results and assessments for Kalimantan Selatan.

Official results: the real 2023 categories of all 13 districts of the province,
and the histories the domain reference records (Balangan Madya 2022 and 2023,
Nindya 2025; Hulu Sungai Tengah without a category in 2019, a self-assessed
810.89 in 2021, Pratama 2023; Tabalong 797.5 in 2022). Balangan's Nindya 2025 is
written by the award of its 2024 evaluation (below), not listed here.

Assessments: Balangan and Hulu Sungai Tengah for 2023, on the earlier draft
framework, evaluated to the 2023 award; Balangan 2024 on the 2024 instrument, the
evaluation of "KLA 2025", through every stage to its award (Nindya); HST 2025 on the
instrument, submitted, its VA by the province under way with two questions returned.
Each is filled question by question through the workflow functions from an answer plan
per indicator (below), so every answer has a history with who acted, and many carry
notes and the figures their question asks for. The totals land in the districts' real
categories: Balangan Madya in 2023 and Nindya in 2024, HST Pratama in both years. The
province's VA marks some claims down, and in Balangan 2024 so does every later stage,
each total below the one before. The rounds, the stages after the VA and their dates
are ``stage_demo``'s.
Idempotent: an existing result or assessment is left as is.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model

from indicators import catalogue, stage_demo, workflow
from indicators.agency_demo import seed_agency_demo
from indicators.area_demo import seed_area_answers
from indicators.models import Assessment, Category, ItemStatus, OfficialResult
from indicators.scoring import WEIGHTED, allowed
from kla_portal.history import save_with_history
from kla_portal.models import District, Notice

SOURCE_2023 = "KemenPPPA, Penghargaan KLA 2023 (daftar penerima, Kalimantan Selatan)"
# (district code, year, category, score, self-assessed?, source)
RESULTS = [
    ("63.09", 2023, Category.NINDYA, None, False, SOURCE_2023),  # Tabalong
    ("63.06", 2023, Category.NINDYA, None, False, SOURCE_2023),  # Hulu Sungai Selatan
    ("63.71", 2023, Category.NINDYA, None, False, SOURCE_2023),  # Kota Banjarmasin
    ("63.72", 2023, Category.MADYA, None, False, SOURCE_2023),  # Kota Banjarbaru
    ("63.10", 2023, Category.MADYA, None, False, SOURCE_2023),  # Tanah Bumbu
    ("63.08", 2023, Category.MADYA, None, False, SOURCE_2023),  # Hulu Sungai Utara
    ("63.04", 2023, Category.MADYA, None, False, SOURCE_2023),  # Barito Kuala
    ("63.03", 2023, Category.MADYA, None, False, SOURCE_2023),  # Banjar
    ("63.11", 2023, Category.MADYA, None, False, SOURCE_2023),  # Balangan
    ("63.07", 2023, Category.PRATAMA, None, False, SOURCE_2023),  # Hulu Sungai Tengah
    ("63.01", 2023, Category.PRATAMA, None, False, SOURCE_2023),  # Tanah Laut
    ("63.05", 2023, Category.PRATAMA, None, False, SOURCE_2023),  # Tapin
    ("63.02", 2023, Category.PRATAMA, None, False, SOURCE_2023),  # Kotabaru
    ("63.11", 2022, Category.MADYA, None, False, "KemenPPPA, Penghargaan KLA 2022"),
    ("63.07", 2019, Category.NONE, None, False, "KemenPPPA, Penghargaan KLA 2019"),
    (
        "63.07",
        2021,
        "",
        Decimal("810.89"),
        True,
        "Penilaian mandiri Kabupaten Hulu Sungai Tengah 2021 (pemberitaan daerah); "
        "kategori penghargaan tahun itu tidak tercatat",
    ),
    ("63.09", 2022, Category.NINDYA, Decimal("797.50"), False, "KemenPPPA, Penghargaan KLA 2022"),
]

# An answer plan is a string of letters, one per question (or butir) of the indicator,
# in order; spaces only group them for the eye. "-" leaves the question blank.
LETTERS = {
    "F": ItemStatus.MET,  # full
    "3": ItemStatus.THREE_QUARTERS,
    "H": ItemStatus.PARTLY,  # half
    "1": ItemStatus.QUARTER,
    "0": ItemStatus.NOT_MET,
    "-": "",
}

# 2023, on the earlier draft framework: a letter per butir (full, half or none).
BALANGAN_2023 = {
    "1": "FFHHH", "2": "FFFHHH", "3": "HHHH", "4": "FFFH", "5": "HHFH", "6": "FFFH",
    "7": "FHHH", "8": "FFHH", "9": "FHHH", "10": "HHHH", "11": "FFF", "12": "FHFF",
    "13": "HHHF", "14": "FHHH", "15": "HHH", "16": "FHH0", "17": "FHHH", "18": "FHHF",
    "19": "HHHFH", "20": "FHH", "21": "FHHHH", "22": "HHHF", "23": "HH0", "24": "HH00",
}  # fmt: skip
HST_2023 = {
    "1": "FHHH0", "2": "FHHHH0", "3": "HH00", "4": "FFHH", "5": "HHH0", "6": "FHFH",
    "7": "FHH0", "8": "HFHH", "9": "FHH0", "10": "HHH0", "11": "FFF", "12": "FHFF",
    "13": "HHHF", "14": "HHH0", "15": "HHH", "16": "FHH0", "17": "HHHH", "18": "FFHF",
    "19": "HH0FH", "20": "0HH", "21": "FHHH0", "22": "HH0F", "23": "0H0", "24": "HH00",
}  # fmt: skip

# On the 2024 instrument (Balangan 2024, HST 2025). Indicator 1 is grouped as
# 1 | 2a-2zb | 3a-3zg | 4, the others in fives. Balangan is strong on Kelembagaan (Perda,
# task force, RAD), has its sectoral policies and most budget lines, and is weaker on
# Klaster V and in the kecamatan and villages (Kelana-Dekela).
BALANGAN_2024 = {
    # Kelembagaan
    "1": "F FF3FFFF3FF HFFFF3FFF3 F3H3FHF1 FFF3F3HFFF FF3H1FFF33 HFF3H3HH3H 3H1 3",
    "2": "F3FF3 FF",
    "3": "F33F3 HFH",
    # Klaster I
    "4": "FFFF3 F3",
    "5": "F3F3H F3FH",
    "6": "FFF3F 3H",
    # Klaster II
    "7": "F3H",
    "8": "FF3F3 FH",
    "9": "F3FH",
    "10": "F3H3F H",
    "11": "F3FH3 H1",
    # Klaster III
    "12": "FF3F3 3H",
    "13": "33HF3 H",
    "14": "F3F3H 3F33H",
    "15": "3F3F3 H",
    "16": "F3F3H F3H",
    "17": "F3FFF 3FF3H",
    # Klaster IV
    "18": "F3FH",
    "19": "F33H3 FHF3F 3HH",
    "20": "3FH3H 3H1",
    # Klaster V
    "21A": "FFH3H H1H1H",
    "21B": "F3",
    "21C": "3HH13",
    "22A": "3H",
    "22B": "3FF3",
    "23A": "3H3FH",
    "23B": "3H",
    "24A": "FF3HH F",
    "24B": "H3H",
    # Kelana-Dekela
    "25": "F3HF3 F0F03 HH3HH",
    "26": "HH3H3 3F3FH 3HH13 HH1F1",
}
# Hulu Sungai Tengah: the Perbup on KLA is still a draft, the task force lacks a Klaster V
# working group, few budget lines are tagged for children, and little happens yet in the
# villages.
HST_2025 = {
    # Kelembagaan
    "1": "3 F3F3FHF3HF 1F3F3HHF3F HH3FH1H1 H3F3F3H3H3 H3H3FFH3H1 H3H3H1H0H1 3H1 H",
    "2": "3H33H 3F",
    "3": "3H33H 1H0",
    # Klaster I
    "4": "FF333 H1",
    "5": "3H3HH 1H3H",
    "6": "F3HFH 31",
    # Klaster II
    "7": "3H3",
    "8": "F3H3H H1",
    "9": "3H3H",
    "10": "3H1H3 H",
    "11": "3H3H3 H1",
    # Klaster III
    "12": "F33H3 H1",
    "13": "3H3H3 H",
    "14": "3HF3H 3H3H1",
    "15": "H3H3H H",
    "16": "3HH3H H3H",
    "17": "F33HH 3FF3H",
    # Klaster IV
    "18": "3H3H",
    "19": "3H3H3 H1H3H 3H1",
    "20": "0HH3H H13",
    # Klaster V
    "21A": "3HH31 H1H0H",
    "21B": "3H",
    "21C": "H1H1H",
    "22A": "HH",
    "22B": "HF0H",
    "23A": "H1HH1",
    "23B": "H1",
    "24A": "3H1HH 3",
    "24B": "1H0",
    # Kelana-Dekela
    "25": "FH13H 00F0H 11H11",
    "26": "H1H1H H3HF1 H1H0H 1H0F0",
}

# The figures percentage and count questions ask for, by question: (the year before, the
# year assessed); a percentage of kecamatan or villages, and a count, only the latter.
FIGURES = {
    ("63.11", 2024): {
        "4.1": ("95.40", "97.20"),
        "4.2": ("93.10", "96.00"),
        "4.3": ("41.20", "58.70"),
        "5.3": (None, "1840"),
        "8.1": (None, "12"),
        "10.1": (None, "9"),
        "10.2": (None, "3"),
        "12.1": ("94.80", "96.30"),
        "12.2": ("88.00", "91.50"),
        "12.3": ("84.20", "89.60"),
        "12.4": (None, "31"),
        "12.5": (None, "4"),
        "13.1": ("14.10", "12.60"),
        "13.2": ("3.20", "2.90"),
        "13.3": ("26.30", "22.10"),
        "14.1": ("61.50", "68.20"),
        "14.7": (None, "46"),
        "15.1": ("50.00", "75.00"),
        "16.2": ("88.40", "91.20"),
        "16.5": ("79.60", "84.30"),
        "19.2a": ("12.00", "18.50"),
        "19.2b": ("22.40", "35.00"),
        "19.2c": ("30.00", "41.70"),
        "19.2d": ("25.00", "33.30"),
        "19.2e": ("0.00", "100.00"),
        "20.1": (None, "2"),
        "20.2": (None, "14"),
        "21B.2": (None, "9"),
        "24A.1": (None, "4"),
        "24A.2": (None, "2"),
        "24A.3": (None, "1"),
        "24A.6": (None, "6"),
        # Balangan's 25.x and 26.x shares come from its kecamatan and desa reports
        # (indicators/area_demo.py), not from a figure typed in.
    },
    ("63.07", 2025): {
        "4.1": ("91.70", "93.40"),
        "4.2": ("89.50", "91.00"),
        "4.3": ("22.80", "31.50"),
        "8.1": (None, "5"),
        "10.1": (None, "14"),
        "10.2": (None, "1"),
        "12.1": ("92.10", "93.00"),
        "12.3": ("78.50", "81.20"),
        "12.4": (None, "38"),
        "12.5": (None, "7"),
        "13.3": ("28.80", "26.40"),
        "15.1": ("21.40", "35.70"),
        "19.2b": ("8.10", "14.20"),
        "19.2c": ("11.50", "19.20"),
        "20.1": (None, "0"),
        "20.2": (None, "3"),
        "25.2": (None, "100.00"),
        "25.4": (None, "18.20"),
        "26.4": (None, "35.50"),
        "26.15": (None, "8.30"),
    },
}

# Notes on the answers people ask about, by question ("indicator.butir" on the draft
# framework).
NOTES = {
    ("63.11", 2023): {
        "1.1": "Perda Kabupaten Balangan tentang Penyelenggaraan KLA; salinan terunggah.",
        "2.1": "SK Bupati Balangan 188.45/137/Kum/2024, berlaku sampai 17/03/2027.",
        "2.2": "Lampiran SK memuat Kelembagaan dan klaster I-V dengan OPD koordinator.",
        "2.4": "Enam rapat koordinasi pada 2024 (notulen Bappelitbangda).",
        "2.6": "Sebagian anggota sudah ikut pelatihan KHA Agustus 2025; sisanya dijadwalkan.",
        "3.2": "APSAI Kabupaten Balangan dibentuk 29 Juli 2025; baru sebagian perusahaan "
        "bergabung.",
        "6.1": "Forum Anak Kabupaten Balangan SK 188.45/201/Kum/2023, kegiatan bulanan.",
        "8.1": "PUSPAGA Kabupaten Balangan SK 188.45/288/Kum/2022; konseling berjalan.",
        "19.1": "Sebagian SD dan SMP sudah deklarasi dan punya tim SRA; belum semua terverifikasi.",
        "23.1": "Rencana kontinjensi banjir BPBD belum memuat kebutuhan khusus anak.",
    },
    ("63.07", 2023): {
        "1.2": "KLA belum tercantum eksplisit dalam Renstra OPD pengampu.",
        "2.1": "SK Gugus Tugas KLA HST masih berlaku.",
        "2.2": "Kelompok kerja klaster V belum ditetapkan dalam SK.",
        "2.4": "Tiga rapat koordinasi setahun: dihitung sebagian.",
        "3.3": "Belum ada program CSR untuk anak yang tercatat.",
        "6.1": "Forum Anak Kabupaten HST SK 188.45/177/2022.",
        "8.1": "PUSPAGA Murakata sudah ber-SK; layanan konseling belum rutin.",
        "20.1": "Pusat Kreativitas Anak belum ditetapkan.",
    },
    ("63.11", 2024): {
        "1.1": "Perda Kabupaten Balangan tentang Penyelenggaraan KLA; salinan terunggah.",
        "1.3c": "Bimtek KHA dianggarkan Dinas PPPA (DPA 2024) dan DAK nonfisik.",
        "2.1": "SK Bupati Balangan 188.45/137/Kum/2024, berlaku sampai 17/03/2027; lampiran "
        "memuat Kelembagaan dan klaster I-V.",
        "2.2": "Sebagian anggota sudah ikut pelatihan KHA; sisanya dijadwalkan 2025.",
        "2.4": "RAD KLA 2024-2026 ditetapkan Perbup; memuat kelima klaster.",
        "3.2": "Forum CSR Kabupaten Balangan mewadahi perusahaan peduli anak; APSAI "
        "kabupaten sedang disiapkan.",
        "6.1": "Forum Anak Kabupaten Balangan SK 188.45/201/Kum/2023, kegiatan bulanan.",
        "8.1": "PUSPAGA Kabupaten Balangan SK 188.45/288/Kum/2022, 8 LK3 dan 3 BKB aktif.",
        "17.5": "Tidak ada iklan, promosi atau sponsor rokok; surat pernyataan Bupati terunggah.",
        "17.6": "Tidak ada kerja sama dengan industri rokok; surat pernyataan terunggah.",
        "19.2e": "Satu-satunya SLB di Balangan ber-SK SRA sejak 2023.",
        "22B.1": "Rencana kontinjensi banjir BPBD belum memuat kebutuhan khusus anak.",
        "25.2": "Forum Anak ada di kedelapan kecamatan.",
        "26.17": "Pendataan desa 2023 menemukan anak bekerja di 3 desa; ditangani lewat 26.18.",
    },
    ("63.07", 2025): {
        "1.1": "Perbup KLA sudah dibahas bersama Bagian Hukum; Perda belum ada.",
        "2.1": "Kelompok kerja klaster V belum ditetapkan dalam SK.",
        "2.4": "RAD KLA disusun 2024; klaster V masih menyusul.",
        "3.3": "Belum ada program CSR untuk anak yang tercatat.",
        "6.1": "Forum Anak Kabupaten HST SK 188.45/177/2022.",
        "8.1": "PUSPAGA Murakata sudah ber-SK; layanan konseling belum rutin.",
        "17.5": "Tidak ada sponsor rokok pada kegiatan pemda 2024.",
        "17.6": "Tidak ada kerja sama dengan industri rokok.",
        "20.1": "Pusat Kreativitas Anak belum ditetapkan.",
        "26.17": "Belum ada pendataan anak bekerja di desa.",
    },
}
# Answers the province marked down (or confirmed) in verification, by question:
# (letter, comment).
VERIFICATION = {
    ("63.11", 2023): {
        "2.3": ("H", "Anggaran gugus tugas hanya untuk rapat, belum untuk kegiatan."),
        "11.3": ("H", "PKS kemitraan bidan-dukun belum diperbarui."),
    },
    ("63.11", 2024): {
        "1.3c": ("H", "Anggaran bimtek KHA hanya dari DAK; belum ada pos APBD."),
        "1.4": ("H", "Masukan Forum Anak tidak terdokumentasi dalam penyusunan Perda."),
        "2.1": ("F", "SK sesuai, masih berlaku."),
        "2.2": ("H", "Baru 11 dari 32 anggota gugus tugas bersertifikat KHA."),
        "5.2": ("H", "Layanan berstandar PISA baru di perpustakaan daerah."),
        "6.3": ("3", "Peran pelapor Forum Anak belum didukung data kasus yang dilaporkan."),
        "7.1": ("3", "Data perkawinan anak dari KUA belum memuat dispensasi Pengadilan Agama."),
        "8.3": ("H", "Dua dari lima lembaga konsultasi keluarga belum memenuhi standar."),
        "14.7": ("3", "Sertifikat 12 dari 46 konselor ASI belum terunggah."),
        "19.4": ("H", "Sertifikat KHA baru untuk guru SD dan SMP."),
        "21A.1": ("3", "Laporan monev perlindungan khusus belum ditandatangani gugus tugas."),
        "21A.2": ("3", "Program perlindungan khusus belum menjangkau anak disabilitas."),
        "26.15": ("1", "PATBM aktif hanya di 9 desa; data desa lain belum ada."),
    },
    ("63.07", 2023): {
        "1.1": ("0", "Belum ada Perda/Perbup KLA."),
        "4.1": ("H", "Cakupan akta kelahiran 91%."),
        "12.4": ("H", "Laporan PMT tidak lengkap."),
    },
    ("63.07", 2025): {
        "1.1": ("1", "Perbup KLA masih draf; belum diundangkan."),
        "1.3a": ("0", "Tidak ada pos anggaran gugus tugas dalam DPA."),
        "2.4": ("H", "RAD KLA belum memuat klaster V."),
        "4.4": ("H", "Jemput bola akta bagi anak rentan baru di 2 kecamatan."),
        "6.2": ("H", "Forum Anak hanya hadir di Musrenbang kabupaten."),
        "6.3": ("1", "Belum ada laporan peran pelapor Forum Anak."),
        "12.1": ("H", "Data persalinan di fasyankes belum lengkap untuk 3 puskesmas."),
        "17.2": ("H", "Perbup KTR ada, tetapi belum ada Perda dengan sanksi."),
        "18.2": ("1", "Layanan pendidikan di LKSA belum berjalan rutin."),
        "21A.3": ("1", "PD koordinator perlindungan khusus belum ditetapkan dengan SK."),
        "26.2": ("1", "Baru 18 dari 169 desa punya Perdes perlindungan anak."),
        "26.15": ("0", "PATBM belum berjalan; data desa tidak ada."),
    },
}
PLANS = [
    # (district, year, answers, final state, chair): LOCKED by the award of the evaluation,
    # SUBMITTED while the province verifies it
    ("63.11", 2023, BALANGAN_2023, Assessment.Status.LOCKED, "Sekretaris Daerah Kab. Balangan"),
    ("63.11", 2024, BALANGAN_2024, Assessment.Status.LOCKED, "Sekretaris Daerah Kab. Balangan"),
    ("63.07", 2023, HST_2023, Assessment.Status.LOCKED, "Sekretaris Daerah Kab. HST"),
    ("63.07", 2025, HST_2025, Assessment.Status.SUBMITTED, "Sekretaris Daerah Kab. HST"),
]
ADMINS = {"63.11": "balangan", "63.07": "hst"}
# The assessments whose kecamatan and desa report their part (``area_demo``) before the
# district submits.
AREA_REPORTS = {("63.11", 2024)}
# A note from the question's evidence hint where there is no note of its own: every butir
# of the draft framework, and on the 2024 instrument the answers short of full points.
DRAFT_NOTES = {
    ItemStatus.MET: "Terpenuhi; bukti: {hint}.",
    ItemStatus.PARTLY: "Sebagian: {hint} belum lengkap.",
    ItemStatus.NOT_MET: "Belum ada {hint}.",
}
INSTRUMENT_NOTES = {
    ItemStatus.THREE_QUARTERS: "Hampir lengkap: {hint} untuk sebagian kecil belum ada.",
    ItemStatus.PARTLY: "Sebagian: {hint} belum lengkap.",
    ItemStatus.QUARTER: "Baru rintisan: {hint} masih sedikit.",
    ItemStatus.NOT_MET: "Belum ada {hint}.",
}
WRONG_COUNT = "Rencana jawaban %(key)s indikator %(code)s: %(given)s huruf untuk %(n)s pertanyaan."
WRONG_LETTER = "Rencana jawaban %(key)s pertanyaan %(code)s: jawaban %(letter)r tidak tersedia."


def _results():
    created = 0
    for code, year, category, score, self_assessed, source in RESULTS:
        district = District.objects.filter(code=code).first()
        if district is None:
            continue
        _, new = OfficialResult.objects.get_or_create(
            district=district,
            year=year,
            defaults={
                "category": category,
                "score": score,
                "is_self_assessed": self_assessed,
                "source": source,
            },
        )
        created += new
    return created


def planned_answers(
    answers: dict[str, str], questions, key: str, *, check_kinds: bool = True
) -> dict[int, str]:
    """``{question id: status}`` from an answer plan (``{indicator code: letters}``).

    ``questions``: the framework's questions with their indicators, in order. A plan
    whose letters do not match its indicator's questions (too few, too many, or with
    ``check_kinds`` an answer the question's kind does not allow) is a mistake in this
    file: ``ValueError``.
    """
    by_indicator: dict[str, list] = {}
    for question in questions:
        by_indicator.setdefault(question.indicator.code, []).append(question)
    statuses = {}
    for code, letters in answers.items():
        letters = letters.replace(" ", "")
        found = by_indicator.get(code, [])
        if len(letters) != len(found):
            raise ValueError(
                WRONG_COUNT % {"key": key, "code": code, "given": len(letters), "n": len(found)}
            )
        for question, letter in zip(found, letters, strict=True):
            status = LETTERS.get(letter)
            wrong_kind = check_kinds and status and status not in allowed(question.kind)
            if status is None or wrong_kind:
                raise ValueError(
                    WRONG_LETTER % {"key": key, "code": question.full_code, "letter": letter}
                )
            statuses[question.pk] = status
    return statuses


def _note(notes: dict, item, generic: dict) -> str:
    if item.item.full_code in notes:
        return notes[item.item.full_code]
    template = generic.get(item.self_status)
    hint = item.item.evidence_hint[:1].lower() + item.item.evidence_hint[1:]
    return template.format(hint=hint) if template and hint else ""


def _record_figures(item, figures, user):
    """The question's figures, kept with who entered them (the answer's own write,
    ``workflow.fill_item``, takes the status and the notes)."""
    previous, current = figures
    item.figure_previous = None if previous is None else Decimal(previous)
    item.figure_current = None if current is None else Decimal(current)
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=["figure_previous", "figure_current", "updated_by", "updated_at"],
        clean=False,
    )


def _draft(code, year, answers) -> Assessment | None:
    """The district's answers, question by question, from its plan; None when the
    district has its assessment of the year already."""
    User = get_user_model()
    district = District.objects.get(code=code)
    if Assessment.objects.filter(district=district, year=year).exists():
        return None
    admin = User.objects.get(username=ADMINS[code])
    assessment = workflow.start_assessment(district=district, year=year, user=admin)
    items = list(
        assessment.items.select_related("item__indicator", "assessment__district").order_by(
            "item__indicator__number", "item__order"
        )
    )
    key = f"{code} {year}"
    draft = assessment.framework.scoring == WEIGHTED
    # The 2023 plans keep the answers they were seeded with, a few yes/no butir "half"
    # among them (the draft framework's formula counts it as 0.5), so that the 2023
    # scores stay what they were.
    statuses = planned_answers(answers, [item.item for item in items], key, check_kinds=not draft)
    generic = DRAFT_NOTES if draft else INSTRUMENT_NOTES
    notes = NOTES.get((code, year), {})
    figures = FIGURES.get((code, year), {})
    for item in items:
        status = statuses.get(item.item_id, "")
        if status:
            item.self_status = status
            workflow.fill_item(
                item=item, user=admin, status=status, notes=_note(notes, item, generic)
            )
        if item.item.full_code in figures:
            _record_figures(item, figures[item.item.full_code], admin)
    return assessment


def _submit(assessment: Assessment, chair: str) -> None:
    """Checked, signed off by the task force's chair and submitted: the EM completed."""
    admin = get_user_model().objects.get(username=ADMINS[assessment.district_id])
    workflow.review_assessment(assessment=assessment, user=admin)
    workflow.sign_off(assessment=assessment, user=admin, chair_name=chair)
    workflow.submit_assessment(assessment=assessment, user=admin)


def _verification(assessment: Assessment, final, verifier) -> None:
    """The province's VA: its findings, then completed, or (``SUBMITTED``) still under
    way with its questions returned to the district."""
    findings = VERIFICATION.get((assessment.district_id, assessment.year), {})
    for item in assessment.items.select_related("item__indicator"):
        if item.item.full_code in findings:
            item.assessment = assessment
            letter, comment = findings[item.item.full_code]
            workflow.verify_item(item=item, user=verifier, status=LETTERS[letter], comment=comment)
    if final == Assessment.Status.SUBMITTED:
        stage_demo.return_questions(assessment, verifier)
    else:
        workflow.finish_verification(assessment=assessment, user=verifier)


def _notices_of(step, *args) -> set[int]:
    """Run one step of the seed; the ids of the notices it sent."""
    before = stage_demo.last_notice()
    step(*args)
    return set(Notice.objects.filter(pk__gt=before).values_list("pk", flat=True))


def seed() -> list[str]:
    catalogue.load()  # the frameworks, if load_catalogues has not run yet
    User = get_user_model()
    lines = [f"hasil resmi KLA: {_results()} baru"]
    verifier = User.objects.get(username="kalsel")
    evaluator = User.objects.get(username="evaluator")
    first_notice = stage_demo.last_notice()
    # Each district's latest news, left unread: {district: (year, notice ids)}.
    news: dict[str, tuple[int, set[int]]] = {}

    def latest_news(assessment, notices):
        if assessment.year >= news.get(assessment.district_id, (0, set()))[0]:
            news[assessment.district_id] = (assessment.year, notices)

    # The self-assessments (EM), filled and submitted before any round's deadline ...
    seeded = []
    for code, year, answers, final, chair in PLANS:
        assessment = _draft(code, year, answers)
        if assessment is None:
            continue
        if (code, year) in AREA_REPORTS:
            # Its kecamatan and desa reported their part of indicators 25 and 26.
            lines += seed_area_answers(assessment.district, year)
        _submit(assessment, chair)
        seeded.append((assessment, final))
    # ... then the rounds with their deadlines, the province's VA ...
    lines += stage_demo.seed_rounds(User.objects.get(username="admin"))
    for assessment, final in seeded:
        latest_news(assessment, _notices_of(_verification, assessment, final, verifier))
    # ... and the ministry's stages to the award of the past evaluations.
    for assessment, final in seeded:
        if final == Assessment.Status.LOCKED and stage_demo.central_stages(assessment, evaluator):
            latest_news(assessment, _notices_of(stage_demo.award, assessment, evaluator))
        stage_demo.date_back(assessment)
        lines.append(
            f"penilaian {assessment.district.short_name} {assessment.year}: "
            f"{stage_demo.summary(assessment)}"
        )
    balangan = District.objects.get(code="63.11")
    # Its agencies are at work on its 2026 draft, started from its latest answers on the
    # instrument (after the stakeholders demo made the agencies and their operators) ...
    lines += seed_agency_demo(year=2026)
    # ... and its kecamatan report again for 2026: the page a kecamatan operator lands on.
    lines += seed_area_answers(balangan, 2026)
    unread = set().union(*(notices for _year, notices in news.values()))
    stage_demo.quiet_notices(first_notice, unread)
    return lines

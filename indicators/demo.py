"""Demo results and assessments for Kalimantan Selatan.

Official results: the real 2023 categories of all 13 districts of the province,
and the histories the domain reference records (Balangan Madya 2022 and 2023,
Nindya 2025; Hulu Sungai Tengah without a category in 2019, a self-assessed
810.89 in 2021, Pratama 2023; Tabalong 797.5 in 2022).

Assessments: Balangan and Hulu Sungai Tengah for 2023 (locked) and 2025
(submitted and verified by the province), filled item by item through the
workflow functions, so every item carries notes and a history with who acted.
Balangan lands around Nindya, HST around Pratama/Madya, and the province's
verification marks some claims down, so the verified score differs from the
self-assessed one. Idempotent: an existing result or assessment is left as is.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model

from indicators import catalogue, workflow
from indicators.models import Assessment, Category, ItemStatus, OfficialResult
from indicators.scoring import score_assessment
from kla_portal.models import District

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
    ("63.11", 2025, Category.NINDYA, None, False, "KemenPPPA, Penghargaan KLA 2025"),
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

M, P, N = ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.NOT_MET
LETTERS = {"M": M, "P": P, "N": N, "-": ""}

# Per indicator, one letter per butir in order: M met, P partly, N not met, - blank.
BALANGAN_2025 = {
    1: "MMMPM", 2: "MMMMMP", 3: "MMPP", 4: "MMMP", 5: "MPMP", 6: "MMMP",
    7: "MMPP", 8: "MMPM", 9: "MPPM", 10: "MMPM", 11: "MMM", 12: "PMMM",
    13: "PPMM", 14: "MPPP", 15: "PPM", 16: "MPPN", 17: "MMPP", 18: "MPPM",
    19: "MPPMP", 20: "MPP", 21: "MPMPP", 22: "PPPM", 23: "PPP", 24: "PPPN",
}  # fmt: skip
BALANGAN_2023 = {
    1: "MMPPP", 2: "MMMPPP", 3: "PPPP", 4: "MMMP", 5: "PPMP", 6: "MMMP",
    7: "MPPP", 8: "MMPP", 9: "MPPP", 10: "PPPP", 11: "MMM", 12: "MPMM",
    13: "PPPM", 14: "MPPP", 15: "PPP", 16: "MPPN", 17: "MPPP", 18: "MPPM",
    19: "PPPMP", 20: "MPP", 21: "MPPPP", 22: "PPPM", 23: "PPN", 24: "PPNN",
}  # fmt: skip
HST_2025 = {
    1: "MMPPP", 2: "MPMPPP", 3: "PPPN", 4: "MMMP", 5: "PPMP", 6: "MPMP",
    7: "MPPP", 8: "PMPP", 9: "MPPN", 10: "PPPP", 11: "MMP", 12: "PPMM",
    13: "PPMM", 14: "MPPN", 15: "PPP", 16: "MPPN", 17: "MPPP", 18: "MPPM",
    19: "PPPMP", 20: "PPP", 21: "MPPPP", 22: "PPPM", 23: "PPN", 24: "PPPN",
}  # fmt: skip
HST_2023 = {
    1: "MPPPN", 2: "MPPPPN", 3: "PPNN", 4: "MMPP", 5: "PPPN", 6: "MPMP",
    7: "MPPN", 8: "PMPP", 9: "MPPN", 10: "PPPN", 11: "MMM", 12: "MPMM",
    13: "PPPM", 14: "PPPN", 15: "PPP", 16: "MPPN", 17: "PPPP", 18: "MMPM",
    19: "PPNMP", 20: "NPP", 21: "MPPPN", 22: "PPNM", 23: "NPN", 24: "PPNN",
}  # fmt: skip

# Notes on the items people ask about, by "indicator.item".
NOTES = {
    "63.11": {
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
    "63.07": {
        "1.2": "KLA belum tercantum eksplisit dalam Renstra OPD pengampu.",
        "2.1": "SK Gugus Tugas KLA HST masih berlaku.",
        "2.2": "Kelompok kerja klaster V belum ditetapkan dalam SK.",
        "2.4": "Tiga rapat koordinasi setahun: dihitung sebagian.",
        "3.3": "Belum ada program CSR untuk anak yang tercatat.",
        "6.1": "Forum Anak Kabupaten HST SK 188.45/177/2022.",
        "8.1": "PUSPAGA Murakata sudah ber-SK; layanan konseling belum rutin.",
        "20.1": "Pusat Kreativitas Anak belum ditetapkan.",
    },
}
# Items the province marked down in verification: "indicator.item": (status, comment).
VERIFICATION = {
    ("63.11", 2025): {
        "1.5": (P, "Baru 4 desa layak anak ber-SK; belum dapat dihitung penuh."),
        "4.3": (P, "Laporan jemput bola hanya untuk 2 kecamatan."),
        "8.4": (P, "Program parenting belum berjalan di posyandu."),
        "12.2": (P, "Cakupan penimbangan 74%, di bawah 80%."),
        "2.1": (M, "SK sesuai, masih berlaku."),
    },
    ("63.11", 2023): {
        "2.3": (P, "Anggaran gugus tugas hanya untuk rapat, belum untuk kegiatan."),
        "11.3": (P, "PKS kemitraan bidan-dukun belum diperbarui."),
    },
    ("63.07", 2025): {
        "1.1": (P, "Perbup KLA masih draf; belum diundangkan."),
        "2.3": (N, "Tidak ada pos anggaran gugus tugas dalam DPA."),
        "4.2": (P, "Layanan terintegrasi baru di RSUD, belum di puskesmas."),
        "6.3": (P, "Forum Anak hanya hadir di Musrenbang kabupaten."),
        "11.2": (P, "Data K6 belum lengkap untuk 3 puskesmas."),
        "16.1": (P, "Perbup KTR ada, tetapi belum ada Perda."),
        "18.4": (P, "Bantuan pendidikan belum menyasar anak rentan secara khusus."),
    },
    ("63.07", 2023): {
        "1.1": (N, "Belum ada Perda/Perbup KLA."),
        "4.1": (P, "Cakupan akta kelahiran 91%."),
        "12.4": (P, "Laporan PMT tidak lengkap."),
    },
}
PLANS = [
    # (district, year, profile, final state, chair)
    ("63.11", 2023, BALANGAN_2023, Assessment.Status.LOCKED, "Sekretaris Daerah Kab. Balangan"),
    ("63.11", 2025, BALANGAN_2025, Assessment.Status.VERIFIED, "Sekretaris Daerah Kab. Balangan"),
    ("63.07", 2023, HST_2023, Assessment.Status.LOCKED, "Sekretaris Daerah Kab. HST"),
    ("63.07", 2025, HST_2025, Assessment.Status.SUBMITTED, "Sekretaris Daerah Kab. HST"),
]
ADMINS = {"63.11": "balangan", "63.07": "hst"}
GENERIC_NOTES = {
    M: "Terpenuhi; bukti: {hint}.",
    P: "Sebagian: {hint} belum lengkap.",
    N: "Belum ada {hint}.",
}


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


def _note(code, item):
    key = f"{item.item.indicator.number}.{item.item.order}"
    if key in NOTES.get(code, {}):
        return NOTES[code][key]
    template = GENERIC_NOTES.get(item.self_status)
    hint = item.item.evidence_hint[:1].lower() + item.item.evidence_hint[1:]
    return template.format(hint=hint) if template and hint else ""


def _assessment(code, year, profile, final, chair, verifier):
    User = get_user_model()
    district = District.objects.get(code=code)
    if Assessment.objects.filter(district=district, year=year).exists():
        return None
    admin = User.objects.get(username=ADMINS[code])
    assessment = workflow.start_assessment(district=district, year=year, user=admin)
    items = list(assessment.items.select_related("item__indicator", "assessment__district"))
    for item in items:
        letters = profile.get(item.item.indicator.number, "")
        letter = letters[item.item.order - 1] if item.item.order <= len(letters) else "-"
        status = LETTERS[letter]
        if not status:
            continue
        item.self_status = status
        workflow.fill_item(item=item, user=admin, status=status, notes=_note(code, item))
    workflow.review_assessment(assessment=assessment, user=admin)
    workflow.sign_off(assessment=assessment, user=admin, chair_name=chair)
    workflow.submit_assessment(assessment=assessment, user=admin)
    findings = VERIFICATION.get((code, year), {})
    for item in items:
        key = f"{item.item.indicator.number}.{item.item.order}"
        if key in findings:
            item.assessment = assessment
            status, comment = findings[key]
            workflow.verify_item(item=item, user=verifier, status=status, comment=comment)
    if final in (Assessment.Status.VERIFIED, Assessment.Status.LOCKED):
        workflow.finish_verification(assessment=assessment, user=verifier)
    if final == Assessment.Status.LOCKED:
        workflow.lock_assessment(assessment=assessment, user=verifier)
    return assessment


def seed() -> list[str]:
    catalogue.load()  # the framework, if load_catalogues has not run yet
    lines = [f"hasil resmi KLA: {_results()} baru"]
    verifier = get_user_model().objects.get(username="kalsel")
    for code, year, profile, final, chair in PLANS:
        assessment = _assessment(code, year, profile, final, chair, verifier)
        if assessment is None:
            continue
        own = score_assessment(assessment)
        checked = score_assessment(assessment, verified=True)
        lines.append(
            f"penilaian {assessment.district.short_name} {year}: mandiri {own.total} "
            f"({own.category_label}), terverifikasi {checked.total} ({checked.category_label})"
        )
    return lines

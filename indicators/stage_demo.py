"""Demo of the ministry's evaluation stages: the rounds, and each district's evaluation
taken as far as it has gone.

``indicators/demo.py`` fills and submits each assessment (the EM) and has the province
verify it (the VA); this module adds what comes around and after:

- the rounds (``EvaluationYear``) 2023 to 2026. 2023 and 2024 are history: 2024's
  calendar is the real one (uploads closed 31/05/2024, the VA by 31/10/2024, field
  visits January to May 2025, the award "KLA 2025" on 08/08/2025). 2025 and 2026 are
  dated from the day of the first seeding, so that the demo works whatever the day:
  2025's uploads have closed and its VA is due in three weeks, 2026's uploads close
  in sixty days, so its draft stays open to the district and its agencies;
- the province's returns of HST's 2025 VA (two questions, each with a note);
- the ministry's stages of the past evaluations: Balangan 2024 reviewed, visited on
  site (places from its institutions registry) and verified, each stage marking some
  answers down, to its award (Nindya, "KLA 2025"); the 2023 evaluations, on the
  earlier draft framework, closed with the category of the 2023 award and no visit;
- the stages' dates put back to when they happened in their round (``date_back``), a
  direct write to the stages' and assessments' timestamps only; their histories keep
  the real time of seeding, as ``agency_demo`` does for its answers;
- the notices the stage functions sent while seeding marked read, but for each
  district's latest news (Balangan's award, HST's returned questions), and all marked
  as emailed, so the daily digest sends none of them (``quiet_notices``, the other
  direct write).

Each step runs only on an assessment that ``indicators/demo.py`` has just seeded, and a
round is made only where its year has none: a second run changes nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from indicators import stages, workflow
from indicators.models import (
    Assessment,
    AssessmentStage,
    Category,
    EvaluationYear,
    ItemAssessment,
    ItemStatus,
    Stage,
    VisitPlace,
)
from kla_portal.history import save_with_history
from kla_portal.models import Notice
from stakeholders.models import Institution

StageStatus = AssessmentStage.Status
Kind = VisitPlace.Kind
MET, Q3, HALF, Q1 = (
    ItemStatus.MET,
    ItemStatus.THREE_QUARTERS,
    ItemStatus.PARTLY,
    ItemStatus.QUARTER,
)

# The 2023 round: the award night was 22/07/2023 in Semarang; the earlier dates are not
# in our sources and are placed before it, as the app needs them.
ROUND_2023 = {
    "award_label": "KLA 2023",
    "data_years": "2022",
    "em_deadline": date(2023, 3, 31),
    "va_deadline": date(2023, 5, 31),
    "review_deadline": date(2023, 6, 15),
    "final_deadline": date(2023, 7, 10),
    "award_date": date(2023, 7, 22),
}
# "KLA 2025", the 2024 evaluation of 2023-2024 data, was awarded on 8 August 2025.
ROUND_2024 = stages.default_calendar(2024) | {"award_date": date(2025, 8, 8)}


def relative_calendar(year: int, em_deadline: date, va_deadline: date) -> dict:
    """A round whose later stages follow its VA as the 2024 round's did: the review two
    months after it, field visits for five months, the final verification and the award
    in the month after."""
    return {
        "award_label": f"KLA {year + 1}",
        "data_years": f"{year - 1}-{year}",
        "em_deadline": em_deadline,
        "va_deadline": va_deadline,
        "review_deadline": va_deadline + timedelta(days=61),
        "vl_start": va_deadline + timedelta(days=62),
        "vl_end": va_deadline + timedelta(days=212),
        "final_deadline": va_deadline + timedelta(days=242),
        "award_date": va_deadline + timedelta(days=265),
    }


def calendars(today: date) -> dict[int, dict]:
    """The demo's rounds by year, 2025 and 2026 dated from ``today``."""
    em_2026 = today + timedelta(days=60)
    return {
        2023: ROUND_2023,
        2024: ROUND_2024,
        2025: relative_calendar(2025, today - timedelta(days=30), today + timedelta(days=21)),
        2026: relative_calendar(2026, em_2026, em_2026 + timedelta(days=153)),
    }


# The province's VA of HST 2025, still running: two questions returned with a note.
RETURNED = {
    ("63.07", 2025): {
        "4.2": "Persentase akta kelahiran 91,00% tidak sama dengan data konsolidasi "
        "Disdukcapil semester II (88,70%). Periksa angkanya dan unggah rekap SIAK.",
        "8.1": "Disebut 5 lembaga konsultasi keluarga, tetapi SK yang terunggah hanya untuk "
        "PUSPAGA Murakata. Lampirkan SK LK3 dan BKB yang berfungsi.",
    },
}

# The ministry's stages of Balangan 2024, by stage and question: (answer, note). Each
# marks an answer of the stage before down; the questions not named keep it.
STAGE_ANSWERS = {
    ("63.11", 2024): {
        Stage.REVIEW: {
            "2.4": (Q3, "RAD KLA 2024-2026 belum memuat indikator kinerja per klaster."),
            "6.2": (
                Q3,
                "Keterlibatan Forum Anak di Musrenbang baru berupa daftar hadir; usulan anak "
                "belum tercatat di RKPD.",
            ),
            "7.2": (
                HALF,
                "Penyebab perkawinan anak belum dipilah per kecamatan; data KUA dan "
                "Pengadilan Agama belum digabung.",
            ),
            "11.2": (HALF, "Baru dua RBRA yang punya bukti penilaian standar."),
        },
        Stage.VL: {
            "11.1": (
                Q3,
                "RBRA Taman Kota Paringin: sebagian alat bermain rusak, belum ada pengelola "
                "harian.",
            ),
            "15.3": (HALF, "UPT Puskesmas Paringin belum melakukan penilaian mandiri PRAP."),
            "19.7": (
                HALF,
                "SD Negeri Paringin 1: kotak pengaduan ada, tetapi alur rujukan ke UPTD PPA "
                "belum tertulis dan belum dikenal guru.",
            ),
            "20.3": (Q1, "PKA Kabupaten Balangan belum punya lembaga pengawas kegiatan."),
            "21B.1": (
                Q3,
                "Unit PPA Polres Balangan punya ruang pemeriksaan khusus anak; psikolog "
                "belum tersedia tetap.",
            ),
        },
        Stage.FINAL: {
            "5.7": (HALF, "Sertifikat ramah anak pengelola PISA belum ditandatangani pejabat."),
            "10.2": (HALF, "Akreditasi LKSA Panti Asuhan Nurul Amin sudah kedaluwarsa."),
        },
    },
}
STAGE_NOTES = {
    Stage.REVIEW: "Telaah hasil VA bersama kementerian/lembaga pengampu klaster.",
    Stage.VL: "Verifikasi lapangan %(date)s di %(n)s lokasi; temuan dicatat per pertanyaan.",
    Stage.FINAL: "Verifikasi akhir atas temuan VL dan tanggapan daerah.",
}
FINAL_WITHOUT_VISIT = "Verifikasi akhir atas hasil telaah."
NO_VISIT_2023 = (
    "Evaluasi 2023 tercatat dari hasil penghargaan KLA 2023; verifikasi lapangan tidak "
    "dicatat di aplikasi."
)


@dataclass(frozen=True)
class Place:
    kind: str
    institution: str  # its name in the district's registry, or "" (by name only)
    name: str
    notes: str


@dataclass(frozen=True)
class Visit:
    mode: str
    on: date
    team: str
    places: list[Place]


VISITS = {
    ("63.11", 2024): Visit(
        AssessmentStage.VisitMode.ON_SITE,
        date(2025, 3, 12),
        "Tim Verifikasi Lapangan KemenPPPA: Dra. Ratna Kusumawati, M.Si (ketua), dr. Hendra "
        "Gunawan (Kemenkes), Arif Wibowo, S.Pd (Kemendikdasmen); pendamping: DP3A Provinsi "
        "Kalimantan Selatan.",
        [
            Place(Kind.SRA, "SD Negeri Paringin 1", "", "Tim SRA, kantin sehat, kotak pengaduan."),
            Place(Kind.PRAP, "UPT Puskesmas Paringin", "", "Ruang tunggu dan ruang laktasi."),
            Place(
                Kind.PKA,
                "Pusat Kreativitas Anak Kabupaten Balangan",
                "",
                "Kegiatan seni dan literasi; jadwal belum rutin.",
            ),
            Place(Kind.DESA, "", "Desa Lasung Batu, Kecamatan Paringin", "Forum Anak desa."),
            Place(Kind.RBRA, "", "RBRA Taman Kota Paringin", "Alat bermain sebagian rusak."),
            Place(
                Kind.POLICE,
                "",
                "Unit PPA Satreskrim Polres Balangan",
                "Ruang pemeriksaan khusus anak.",
            ),
        ],
    ),
}

# The category each past evaluation was awarded, and where the category comes from
# (the score is the final verification's, in the app).
AWARDS = {
    ("63.11", 2023): (Category.MADYA, "KemenPPPA, Penghargaan KLA 2023"),
    ("63.07", 2023): (Category.PRATAMA, "KemenPPPA, Penghargaan KLA 2023"),
    ("63.11", 2024): (Category.NINDYA, "KemenPPPA, Penghargaan KLA 2025"),
}
AWARD_NOTE = "%(source)s (kategori); nilai dari verifikasi akhir di aplikasi."

# When each stage of the past rounds was completed (the award on its night).
COMPLETED = {
    2023: {
        Stage.EM: date(2023, 3, 24),
        Stage.VA: date(2023, 5, 12),
        Stage.REVIEW: date(2023, 6, 9),
        Stage.FINAL: date(2023, 7, 7),
        Stage.AWARD: date(2023, 7, 22),
    },
    2024: {
        Stage.EM: date(2024, 5, 27),
        Stage.VA: date(2024, 10, 24),
        Stage.REVIEW: date(2024, 12, 13),
        Stage.VL: date(2025, 3, 14),
        Stage.FINAL: date(2025, 6, 20),
        Stage.AWARD: date(2025, 8, 8),
    },
}
EM_DAYS = 45  # how long a district spends on its EM, in the demo
SUBMITTED_BEFORE = 3  # days before the upload deadline, for a round without dates above


# ---------------------------------------------------------------------------
# The rounds


def seed_rounds(user) -> list[str]:
    """The demo's rounds where their year has none (an evaluator's dates are kept).

    Made after the districts' EMs: a round whose upload deadline has passed refuses
    the district's answers, as it should."""
    made = []
    for year, calendar in calendars(timezone.localdate()).items():
        if EvaluationYear.objects.filter(year=year).exists():
            continue
        save_with_history(EvaluationYear(year=year, **calendar), user=user)
        made.append(f"{year} ({calendar['award_label']})")
    return [f"tahun evaluasi baru: {', '.join(made)}"] if made else []


# ---------------------------------------------------------------------------
# The stages after the EM


def _items(assessment: Assessment, codes) -> dict[str, ItemAssessment]:
    """The assessment's questions named by code, with what the stage writes read."""
    found = {
        row.item.full_code: row
        for row in assessment.items.select_related("item__indicator", "assessment__district")
    }
    return {code: found[code] for code in codes}


def return_questions(assessment: Assessment, verifier) -> int:
    """The VA's returns of the demo's running VA (``RETURNED``)."""
    notes = RETURNED.get((assessment.district_id, assessment.year), {})
    for code, item in _items(assessment, notes).items():
        workflow.return_item(item=item, user=verifier, comment=notes[code])
    return len(notes)


def _answer(assessment: Assessment, stage: str, user) -> None:
    answers = STAGE_ANSWERS.get((assessment.district_id, assessment.year), {}).get(stage, {})
    for code, item in _items(assessment, answers).items():
        status, note = answers[code]
        stages.set_stage_answer(item=item, user=user, stage=stage, status=status, note=note)


def _visit(assessment: Assessment, visit: Visit, user) -> None:
    stages.plan_visit(
        assessment=assessment, user=user, mode=visit.mode, visit_date=visit.on, team=visit.team
    )
    registry = {
        i.name: i
        for i in Institution.objects.filter(
            district=assessment.district, name__in=[p.institution for p in visit.places]
        )
    }
    for place in visit.places:
        # A place of the registry by its record; by its name if the registry lost it.
        stages.add_visit_place(
            assessment=assessment,
            user=user,
            kind=place.kind,
            institution=registry.get(place.institution),
            name=place.name or ("" if place.institution in registry else place.institution),
            notes=place.notes,
        )


def central_stages(assessment: Assessment, evaluator) -> bool:
    """Take a verified assessment through the ministry's review, field visit (or none)
    and final verification, where the demo has an award for it (``AWARDS``); False where
    it has none."""
    key = (assessment.district_id, assessment.year)
    if key not in AWARDS:
        return False
    _answer(assessment, Stage.REVIEW, evaluator)
    stages.complete_stage(
        assessment=assessment, user=evaluator, stage=Stage.REVIEW, note=STAGE_NOTES[Stage.REVIEW]
    )
    visit = VISITS.get(key)
    if visit is not None:
        _visit(assessment, visit, evaluator)
        _answer(assessment, Stage.VL, evaluator)
        note = STAGE_NOTES[Stage.VL] % {
            "date": visit.on.strftime("%d/%m/%Y"),
            "n": len(visit.places),
        }
        stages.complete_stage(assessment=assessment, user=evaluator, stage=Stage.VL, note=note)
    elif stages.stage_rows(assessment)[Stage.VL].status != StageStatus.SKIPPED:
        stages.skip_field_visit(assessment=assessment, user=evaluator, note=NO_VISIT_2023)
    _answer(assessment, Stage.FINAL, evaluator)
    note = STAGE_NOTES[Stage.FINAL] if visit else FINAL_WITHOUT_VISIT
    stages.complete_stage(assessment=assessment, user=evaluator, stage=Stage.FINAL, note=note)
    return True


def award(assessment: Assessment, evaluator) -> None:
    """The category the ministry gave (``AWARDS``): the award stage completed, the
    district's official result of the award year written, the assessment locked."""
    category, source = AWARDS[(assessment.district_id, assessment.year)]
    stages.record_award(
        assessment=assessment,
        user=evaluator,
        category=category,
        note=AWARD_NOTE % {"source": source},
    )


# ---------------------------------------------------------------------------
# Dates and notices


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def date_back(assessment: Assessment) -> None:
    """Put the assessment's stages at the dates of its round: the past rounds' from
    ``COMPLETED``, the EM of a running round a few days before its upload deadline."""
    completed = dict(COMPLETED.get(assessment.year, {}))
    round_ = stages.round_of(assessment.year)
    if not completed and round_ is not None:
        completed[Stage.EM] = round_.em_deadline - timedelta(days=SUBMITTED_BEFORE)
    if Stage.EM not in completed:
        return
    rows = stages.stage_rows(assessment)
    started = _at(completed[Stage.EM] - timedelta(days=EM_DAYS))
    for stage in stages.ORDER:
        row = rows[stage]
        if row.status == StageStatus.NOT_STARTED:
            continue
        changes = {"started_at": started}  # a skipped VL was opened, then skipped
        if row.is_completed:
            changes["completed_at"] = _at(completed.get(stage, started.date()))
            started = changes["completed_at"]
        AssessmentStage.objects.filter(pk=row.pk).update(**changes)
    em = _at(completed[Stage.EM])
    changes = {"signed_off_at": em - timedelta(hours=2), "submitted_at": em}
    if rows[Stage.VA].is_completed and Stage.VA in completed:
        changes["verified_at"] = _at(completed[Stage.VA])
    Assessment.objects.filter(pk=assessment.pk).update(**changes)


def last_notice() -> int:
    """The newest notice's id (0 without any): the seed's notices are the ones after it."""
    return Notice.objects.aggregate(last=Max("pk"))["last"] or 0


def quiet_notices(after: int, unread: set[int]) -> int:
    """The notices the seed sent (``after`` the id it started at): each marked as sent by
    email, so the digest leaves them alone, and read unless kept ``unread`` (the
    districts' latest news). Returns how many stay unread."""
    now = timezone.now()
    seeded = Notice.objects.filter(pk__gt=after)
    seeded.exclude(pk__in=unread).update(read_at=now, emailed_at=now)
    seeded.filter(pk__in=unread).update(emailed_at=now)
    return seeded.filter(read_at=None).count()


def summary(assessment: Assessment) -> str:
    """The stages' totals as the seed prints them."""
    rows = stages.stage_rows(assessment)
    parts = []
    for stage in stages.ORDER:
        row = rows[stage]
        heading = stages.HEADINGS[stage]
        if stage == Stage.AWARD and row.is_completed:
            parts.append(
                f"{heading} {row.get_category_display()} ({stages.award_label(assessment.year)})"
            )
        elif row.is_completed:
            parts.append(f"{heading} {row.total} ({row.get_category_display()})")
        elif row.status != StageStatus.NOT_STARTED:
            parts.append(f"{heading} {row.get_status_display().lower()}")
    return ", ".join(parts)

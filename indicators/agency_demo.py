"""Demo of the agencies' part of an assessment: Balangan's agencies answering their questions.

``seed_agency_demo`` takes Balangan's latest open assessment (or starts the year's,
2026 in the demo, from the district's latest earlier answers on the same framework,
its 2024 evaluation: agencies only answer an open assessment), routes its questions
to the district's agencies, and has Disdukcapil, Dinkes and Kemenag answer about half
of theirs through the write functions of ``indicators.agency_answers``: some sent and
accepted by the Dinas PPPA, some waiting for it, a few returned with a note, a few
still in draft; some with a data matrix.

Each agency's answers are then dated back a few days (Kemenag's nearly two weeks), so
the completeness board shows who has gone quiet: the one direct write here, to the
answers' and files' timestamps only; their histories keep the real time of seeding.

Idempotent: an assessment the three agencies have answered on already is left as is.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from indicators import agency_answers, workflow
from indicators.models import (
    AgencyAnswer,
    Assessment,
    ChecklistItem,
    ItemEvidence,
    QuestionRoute,
)
from kla_portal.models import District, Membership, Role
from stakeholders.agencies import create_default_agencies
from stakeholders.models import Agency

ADMINS = {"63.11": "balangan", "63.07": "hst"}
OPEN = (Assessment.Status.DRAFT, Assessment.Status.REVIEWED)
# The agencies that answer, by the instrument name they cover, and how many days ago
# they last worked: Kemenag has gone quiet.
ANSWERING = {"Disdukcapil": 2, "Dinkes": 0, "Kemenag": 11}
# What becomes of the k-th answered question of an agency, in turn: the lead agency's
# answer may be accepted (it becomes the district's own), a contributor's waits for the
# lead's. No agency has more than MAX_RETURNED answers returned: "a few".
LEAD_PLAN = ["accepted", "submitted", "accepted", "returned", "accepted", "draft"]
CONTRIBUTOR_PLAN = ["submitted", "draft", "submitted", "returned"]
MAX_RETURNED = 3

NOTES = {
    "4.1": "Registrasi kelahiran dari SIAK per 31 Desember 2025, termasuk kelahiran di "
    "RSUD Balangan.",
    "4.2": "Kepemilikan akta kelahiran anak 0-17 tahun menurut data konsolidasi bersih "
    "semester II 2025.",
    "4.3": "Cakupan KIA naik setelah layanan jemput bola ke sekolah di 8 kecamatan.",
    "4.4": "Layanan akta bagi anak panti dan anak jalanan bersama Dinsos; SOP terlampir.",
    "4.6": "PKS dengan RSUD Balangan dan Kemenag: akta kelahiran terbit bersama buku nikah.",
    "4.7": "Inovasi Si Balang Akta: akta kelahiran langsung terbit di puskesmas.",
    "12.1": "Persalinan di fasyankes dari laporan PWS KIA 12 puskesmas.",
    "12.3": "Imunisasi dasar lengkap dari aplikasi ASIK, data Desember 2025.",
    "12.4": "Kematian bayi dari laporan MPDN; audit maternal perinatal tiap triwulan.",
    "13.3": "Prevalensi stunting baduta dari e-PPGBM, penimbangan serentak Agustus 2025.",
    "14.1": "ASI eksklusif dari laporan gizi puskesmas; dua puskesmas belum melapor lengkap.",
    "15.1": "SK Kepala Dinas Kesehatan tentang Puskesmas Ramah Anak untuk 9 dari 12 puskesmas.",
    "17.1": "Sosialisasi Perda KTR di sekolah dan pasar; dokumentasi kegiatan terlampir.",
    "7.1": "Data dispensasi kawin dari Pengadilan Agama Paringin dan catatan KUA 8 kecamatan.",
    "7.3": "Bimbingan Remaja Usia Sekolah (BRUS) di MTs dan MA se-Kabupaten Balangan.",
    "20.2": "Masjid dan langgar ramah anak ber-SK Kepala Kantor Kemenag Balangan.",
    "20.8": "Inovasi Langgar Ramah Anak di Kecamatan Juai, didampingi penyuluh agama.",
    "19.2b": "MI ber-SK SRA dari data EMIS Kemenag.",
}
GENERIC_NOTE = "Data %(agency)s tahun %(year)s; bukti: %(hint)s."
RETURN_NOTES = [
    "Angka belum sama dengan rekap yang kami terima di rapat gugus tugas; mohon dicek ulang "
    "dan lampirkan tangkapan layar sumber datanya.",
    "Lampirkan SK atau dokumen pendukungnya: tanpa bukti, verifikator provinsi tidak akan "
    "menerima jawaban ini.",
    "Mohon pisahkan angka tahun lalu dan tahun ini; yang dikirim baru angka tahun ini.",
    "Catatan menyebut semua kecamatan, tetapi dokumen terlampir baru untuk sebagian; "
    "mohon dilengkapi.",
]
MATRIX_ROW = "kode;pertanyaan;angka tahun lalu;angka tahun ini;sumber\n%s;%s;%s;%s;%s\n"


def _open_assessment(district, year, admin) -> Assessment | None:
    """The latest open assessment, else a draft for the year (from the district's latest
    earlier answers on its framework, when it has some), else one for the year after,
    from the year's; None when that one is closed too."""
    latest = Assessment.objects.filter(district=district, status__in=OPEN).order_by("-year").first()
    if latest is not None:
        return latest
    if not Assessment.objects.filter(district=district, year=year).exists():
        source = workflow.carry_source(district=district, year=year)
        return workflow.start_assessment(
            district=district, year=year, user=admin, carry_from=source.year if source else None
        )
    if Assessment.objects.filter(district=district, year=year + 1).exists():
        return None
    return workflow.start_assessment(district=district, year=year + 1, user=admin, carry_from=year)


def _covering(agencies, name) -> Agency | None:
    # In Python: SQLite has no JSON "contains" lookup.
    return next((a for a in agencies if name in a.covers), None)


def _figure(code: str, kind: str, offset: int) -> Decimal:
    """A plausible figure, the same for the same question on every run."""
    seed = sum(ord(c) for c in code)
    if kind == ChecklistItem.Figures.COUNT:
        return Decimal(2 + seed % 18)
    return Decimal(70 + seed % 25 + offset) + Decimal("0.25") * (seed % 4)


def _answer_fields(item, k: int, returned: bool) -> dict:
    question = item.item
    statuses = [value for value, _label in question.statuses]
    if returned:
        answer = statuses[min(2, len(statuses) - 1)]
    elif item.self_status and item.self_status in statuses:
        answer = item.self_status  # the agency confirms last year's answer
    else:
        answer = statuses[min(k % 3, len(statuses) - 1)]
    fields = {"answer": answer}
    labels = workflow.figure_labels(question, item.assessment.year)
    if "figure_previous" in labels:
        fields["figure_previous"] = item.figure_previous or _figure(
            question.full_code, question.figures, 0
        )
    if "figure_current" in labels:
        fields["figure_current"] = _figure(question.full_code, question.figures, 2)
    return fields


def _note(item, agency) -> str:
    question = item.item
    return NOTES.get(question.full_code) or GENERIC_NOTE % {
        "agency": agency.short_name,
        "year": item.assessment.year - 1,
        "hint": (question.evidence_hint or "dokumen pendukung").rstrip(".").lower(),
    }


def _matrix(item, answer: AgencyAnswer) -> ContentFile:
    question = item.item
    text = MATRIX_ROW % (
        question.full_code,
        question.text,
        answer.figure_previous if answer.figure_previous is not None else "",
        answer.figure_current if answer.figure_current is not None else "",
        answer.agency.name,
    )
    code = question.full_code.replace(".", "-")
    return ContentFile(text.encode("utf-8"), name=f"matriks-data-{code}.csv")


def _answer_agency(assessment, agency, operator, admin, returns) -> dict[str, int]:
    """Answer every other question routed to the agency, by the plan; return the counts."""
    routes = list(
        QuestionRoute.objects.filter(item__assessment=assessment, agency=agency)
        .select_related("item__item__indicator", "item__assessment__district")
        .order_by("item__item__indicator__number", "item__item__order")
    )
    # Indicators 25 and 26 are answered per kecamatan and desa, not by the agencies here.
    routes = [r for r in routes if not (r.item.item.for_kecamatan or r.item.item.for_desa)]
    done = {"routed": len(routes), "returned": 0}
    turns = {True: 0, False: 0}  # each plan taken in turn: the lead's, the contributor's
    for k, route in enumerate(routes[::2]):
        item = route.item
        plan = LEAD_PLAN if route.is_lead else CONTRIBUTOR_PLAN
        step = plan[turns[route.is_lead] % len(plan)]
        turns[route.is_lead] += 1
        if step == "returned" and done["returned"] >= MAX_RETURNED:
            step = "submitted"
        fields = _answer_fields(item, k, returned=step == "returned")
        answer = agency_answers.save_agency_answer(
            item=item, agency=agency, user=operator, notes=_note(item, agency), **fields
        )
        if k % 2 == 0 or answer.figure_current is not None:
            agency_answers.add_agency_evidence(
                answer=answer, user=operator, file=_matrix(item, answer), is_data_matrix=True
            )
        if step != "draft":
            agency_answers.submit_agency_answer(answer=answer, user=operator)
        if step == "accepted":
            agency_answers.accept_agency_answer(answer=answer, user=admin)
        elif step == "returned":
            agency_answers.return_agency_answer(
                answer=answer, user=admin, note=RETURN_NOTES[returns % len(RETURN_NOTES)]
            )
            returns += 1
        done[step] = done.get(step, 0) + 1
    done["returns"] = returns
    return done


def _date_back(assessment, agency, days: int) -> None:
    """Move the agency's answers and files on this assessment ``days`` (and a few hours
    per answer) into the past, keeping their order."""
    now = timezone.now()
    answers = AgencyAnswer.objects.filter(item__assessment=assessment, agency=agency)
    for n, answer in enumerate(answers.order_by("-updated_at", "-pk")):
        shift = timedelta(days=days, hours=3 * n)
        changes = {"updated_at": now - shift}
        if answer.submitted_at:
            changes["submitted_at"] = answer.submitted_at - shift
        if answer.decided_at:
            changes["decided_at"] = answer.decided_at - shift
        AgencyAnswer.objects.filter(pk=answer.pk).update(**changes)
    ItemEvidence.objects.filter(item_assessment__assessment=assessment, agency=agency).update(
        uploaded_at=now - timedelta(days=days, hours=1)
    )


def seed_agency_demo(district_code: str = "63.11", year: int = 2025) -> list[str]:
    """Route the district's open assessment and have three agencies answer half of theirs."""
    User = get_user_model()
    district = District.objects.get(code=district_code)
    admin = User.objects.get(username=ADMINS[district_code])
    if not Agency.objects.filter(district=district).exists():
        create_default_agencies(district=district, user=admin)
    assessment = _open_assessment(district, year, admin)
    if assessment is None:
        return [f"jawaban perangkat daerah {district.short_name}: tidak ada penilaian terbuka"]
    agency_answers.route_assessment(assessment=assessment, user=admin)
    routed = QuestionRoute.objects.filter(item__assessment=assessment).count()
    label = f"jawaban perangkat daerah {district.short_name} {assessment.year}"
    agencies = list(Agency.objects.filter(district=district, is_active=True))
    answering = [(name, _covering(agencies, name)) for name in ANSWERING]
    answering = [(name, agency) for name, agency in answering if agency is not None]
    if AgencyAnswer.objects.filter(
        item__assessment=assessment, agency__in=[a for _n, a in answering]
    ).exists():
        return [f"{label}: sudah ada"]
    operators = {
        m.agency_id: m.user
        for m in Membership.objects.filter(
            role=Role.AGENCY_OPERATOR, agency__in=[a for _n, a in answering], user__is_active=True
        ).select_related("user")
    }
    lines = [f"{label}: {routed} penugasan pertanyaan ke {len(agencies)} perangkat daerah"]
    returns = 0
    for name, agency in answering:
        done = _answer_agency(assessment, agency, operators.get(agency.pk, admin), admin, returns)
        returns = done["returns"]
        _date_back(assessment, agency, ANSWERING[name])
        lines.append(
            f"  {agency.short_name}: {done['routed']} pertanyaan, "
            f"{done.get('accepted', 0)} diterima, {done.get('submitted', 0)} menunggu, "
            f"{done['returned']} dikembalikan, {done.get('draft', 0)} draf"
        )
    return lines

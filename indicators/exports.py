"""The evaluation workbooks the district sends to the ministry, and the province's comparison.

Every figure comes from the functions the app's own pages use (``scoring``,
the dashboard, ``trainings.coverage``, ``trainings.plans.completion``,
``stakeholders.stages``), so a workbook always matches the dashboard. Every
queryset goes through ``visible_to(user)``, and the number of queries does not
grow with the number of districts, institutions or participants.

Each workbook is built as a list of ``workbook.Sheet`` and written either as
.xlsx (``*_workbook``) or as a zip of CSV files (``*_csv_zip``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import dashboard, stages, standings
from indicators.figures import coverage_of
from indicators.models import (
    Assessment,
    AssessmentStage,
    Category,
    DistrictFigures,
    Group,
    ItemAssessment,
    ItemEvidence,
    ItemStatus,
    Stage,
)
from indicators.scoring import POINTS
from kla_portal.models import Cluster, District
from stakeholders import letterheads
from stakeholders.decrees import decree_validity
from stakeholders.models import Institution, Member, MilestoneDefinition, Sector, TaskForce
from stakeholders.stages import sector_stage_table
from trainings.models import Attendance, Participant, Training
from trainings.plans.completion import WORKING_GROUP_KEY, completion_rates
from trainings.plans.models import ActionItem, ProgressUpdate
from trainings.reports import group_of

from .workbook import (
    PERCENT_FORMAT,
    Bold,
    Column,
    Formatted,
    Link,
    Sheet,
    csv_zip_bytes,
    xlsx_bytes,
)

AGE_GROUPS = ((0, 29, "< 30"), (30, 39, "30-39"), (40, 49, "40-49"), (50, 200, ">= 50"))
UNKNOWN = "-"
StageStatus = AssessmentStage.Status
MIN_YEAR, MAX_YEAR = 2006, 2100  # as Assessment.year allows
NO_ASSESSMENT = gettext_lazy("Belum ada penilaian untuk tahun ini.")
NATIONAL = gettext_lazy("Seluruh Indonesia")
# The district workbook's sheet per group, and the group columns of the region workbooks.
GROUP_SHEET_TITLES = {
    Group.KELEMBAGAAN: gettext_lazy("Kelembagaan"),
    Group.I: gettext_lazy("Klaster I"),
    Group.II: gettext_lazy("Klaster II"),
    Group.III: gettext_lazy("Klaster III"),
    Group.IV: gettext_lazy("Klaster IV"),
    Group.V: gettext_lazy("Klaster V"),
    Group.KELANA_DEKELA: gettext_lazy("Kelana-Dekela"),
}


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


KEY = "987654321"  # stands for a record's key while a link pattern is made


@cache
def _path_pattern(viewname: str) -> str:
    """The page's path with ``{}`` for the key, or "" while that page does not exist.

    ``reverse`` once per kind of page: a workbook links thousands of rows.
    """
    try:
        return reverse(viewname, args=[KEY]).replace(KEY, "{}")
    except NoReverseMatch:
        return ""


def _link(viewname: str, key, query=None) -> str:
    """An absolute link back to the record's page, or "" while that page does not exist."""
    pattern = _path_pattern(viewname)
    if not pattern:
        return ""
    return absolute_url(pattern.format(key) + (f"?{urlencode(query)}" if query else ""))


def _link_cell(url: str, text=None):
    return Link(text or url, url) if url else ""


def _user_label(user) -> str:
    return user.get_full_name() or user.get_username()


def _fraction(numerator: int, denominator: int):
    """The share for a percent cell; None (blank) when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def _yes_no(flag: bool) -> str:
    return _("ya") if flag else _("tidak")


def _visible_district(district, user) -> District:
    """The district again, through the user's visibility: another district is DoesNotExist."""
    return District.objects.visible_to(user).select_related("province").get(pk=district.pk)


# Task force


def task_force_sheets(district, *, user) -> list[Sheet]:
    task_forces = list(
        TaskForce.objects.visible_to(user)
        .filter(district=district, is_active=True)
        .annotate(active_members=Count("members", filter=Q(members__is_active=True)))
        .order_by("-is_current", "-decree_date")
    )
    current = next((t for t in task_forces if t.is_current), None)
    decrees = Sheet(
        _("Gugus Tugas"),
        [
            _("Nomor SK"),
            Column(_("Tanggal SK"), width=12),
            Column(_("Berlaku mulai"), width=12),
            Column(_("Berlaku sampai"), width=12),
            _("Keabsahan SK"),
            _("Sekretariat"),
            _("Gugus tugas saat ini"),
            _("Anggota aktif"),
        ],
        [
            [
                t.decree_number,
                t.decree_date,
                t.valid_from,
                t.valid_until,
                decree_validity(t).message if t.is_current else "",
                t.secretariat,
                _yes_no(t.is_current),
                t.active_members,
            ]
            for t in task_forces
        ],
    )
    members = (
        Member.objects.visible_to(user)
        .filter(task_force=current, is_active=True)
        .select_related("working_group")
        if current
        else Member.objects.none()
    )
    labels = dict(Cluster.choices)
    roles = dict(Member.Role.choices)
    cluster_order = {code: i for i, code in enumerate(labels)}
    role_order = {code: i for i, code in enumerate(roles)}
    members = sorted(
        members,
        key=lambda m: (
            cluster_order[m.working_group.cluster] if m.working_group else -1,
            role_order.get(m.role, len(role_order)),
            m.name,
        ),
    )
    member_sheet = Sheet(
        _("Anggota Gugus Tugas"),
        [
            _("Kelompok kerja"),
            _("OPD koordinator"),
            _("Nama"),
            _("Jabatan"),
            _("Instansi/OPD"),
            _("Peran"),
            Column(_("Aktif mulai"), width=12),
            Column(_("Aktif sampai"), width=12),
        ],
        [
            [
                labels.get(m.working_group.cluster, "") if m.working_group else _("Pengarah/inti"),
                m.working_group.coordinator_agency if m.working_group else "",
                m.name,
                m.position,
                m.agency,
                roles.get(m.role, m.role),
                m.active_from,
                m.active_until,
            ]
            for m in members
        ],
    )
    return [decrees, member_sheet]


# Sector institutions


def institution_sheets(district, *, user) -> list[Sheet]:
    institutions = Institution.objects.visible_to(user).filter(district=district, is_active=True)
    rows, _top = sector_stage_table(institutions)
    summary = Sheet(
        _("Rekap Lembaga per Sektor"),
        [
            _("Sektor"),
            _("Program ramah anak"),
            _("Jumlah tahap"),
            _("Jumlah lembaga"),
            _("Belum mulai"),
            _("Berproses"),
            _("Tahap akhir (ramah anak)"),
            Column(_("Persen tahap akhir"), number_format=PERCENT_FORMAT),
        ],
        [
            [
                r.sector.name,
                r.sector.programme,
                r.path_length,
                r.total,
                r.not_started,
                r.in_progress,
                r.complete,
                _fraction(r.complete, r.total),
            ]
            for r in rows
        ],
    )
    lengths = {r.sector.code: r.path_length for r in rows}
    names = {
        (d.sector_id, d.order): d.name
        for d in MilestoneDefinition.objects.all()  # the catalogue: a few dozen rows
    }
    listing = Sheet(
        _("Daftar Lembaga"),
        [
            _("Sektor"),
            _("Nama lembaga"),
            _("Kecamatan"),
            _("Nomor induk"),
            _("Tahap"),
            _("Dari tahap"),
            _("Tahap tercapai"),
            _("Tahap akhir"),
            _("Tautan"),
        ],
        [
            [
                i.sector.name,
                i.name,
                i.subdistrict.name if i.subdistrict else "",
                i.official_id,
                i.stage,
                lengths.get(i.sector_id, 0),
                names.get((i.sector_id, i.stage), _("Belum mulai")),
                _yes_no(i.stage >= lengths.get(i.sector_id, 0) > 0),
                _link_cell(_link("stakeholders:institution", i.pk), _("buka")),
            ]
            for i in institutions.select_related("sector", "subdistrict").order_by(
                "sector__order", "name"
            )
        ],
    )
    return [summary, listing]


# KHA trainings


def age_group(birth_year, on_year) -> str:
    if not birth_year:
        return UNKNOWN
    age = on_year - birth_year
    return next((label for low, high, label in AGE_GROUPS if low <= age <= high), UNKNOWN)


@dataclass
class Tally:
    """Participants of one training and group, by sex and age group."""

    male: int = 0
    female: int = 0
    unknown: int = 0
    attended: int = 0
    ages: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def total(self):
        return self.male + self.female + self.unknown


def _year_trainings(district, year, user):
    return (
        Training.objects.visible_to(user)
        .filter(district=district, is_active=True, start_date__year=year)
        .annotate(
            registered=Count("participants", filter=Q(participants__is_active=True)),
        )
        .order_by("start_date", "title")
    )


def training_sheets(district, year, *, user) -> list[Sheet]:
    trainings = list(_year_trainings(district, year, user))
    participants = (
        Participant.objects.visible_to(user)
        .filter(training__in=[t.pk for t in trainings], is_active=True)
        .select_related("person__institution__sector", "person__sector")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.filter(present=True)))
        .order_by()
    )
    years = {t.pk: t.start_date.year for t in trainings}
    tallies = defaultdict(Tally)  # (training pk, group code) -> Tally
    group_names = {}
    for participant in participants:
        person = participant.person
        code, name = group_of(person)
        group_names[code] = name
        training_year = years[participant.training_id]
        for key in ((participant.training_id, code), (participant.training_id, None)):
            tally = tallies[key]
            if person.gender == person.Gender.MALE:
                tally.male += 1
            elif person.gender == person.Gender.FEMALE:
                tally.female += 1
            else:
                tally.unknown += 1
            tally.attended += bool(participant.attendance.all())
            tally.ages[age_group(person.birth_year, training_year)] += 1

    kinds, statuses = dict(Training.Kind.choices), dict(Training.Status.choices)
    age_labels = [label for *_range, label in AGE_GROUPS] + [UNKNOWN]
    age_columns = [_("Usia %(group)s") % {"group": label} for label in age_labels[:-1]] + [
        _("Usia tidak diketahui")
    ]
    gender_columns = [_("Laki-laki"), _("Perempuan"), _("Jenis kelamin tidak tercatat")]
    listing = Sheet(
        _("Pelatihan KHA"),
        [
            _("Judul"),
            _("Jenis"),
            Column(_("Mulai"), width=12),
            Column(_("Selesai"), width=12),
            _("Tempat"),
            _("Penyelenggara"),
            _("JP"),
            _("Status"),
            _("Peserta terdaftar"),
            *gender_columns,
            _("Hadir minimal 1 hari"),
            _("Tautan"),
        ],
        [
            [
                t.title,
                kinds.get(t.kind, t.kind),
                t.start_date,
                t.end_date,
                t.venue,
                t.organiser,
                t.hours,
                statuses.get(t.status, t.status),
                t.registered,
                tallies[(t.pk, None)].male,
                tallies[(t.pk, None)].female,
                tallies[(t.pk, None)].unknown,
                tallies[(t.pk, None)].attended,
                _link_cell(_link("trainings:training", t.pk), _("buka")),
            ]
            for t in trainings
        ],
    )
    order = {s.code: i for i, s in enumerate(Sector.objects.order_by("order", "code"))}
    by_sector_rows = []
    for t in trainings:
        codes = sorted(
            (code for (pk, code) in tallies if pk == t.pk and code is not None),
            key=lambda c: (order.get(c, len(order)), c),
        )
        for code in codes:
            tally = tallies[(t.pk, code)]
            by_sector_rows.append(
                [
                    t.title,
                    t.start_date,
                    group_names[code],
                    tally.male,
                    tally.female,
                    tally.unknown,
                    tally.total,
                    tally.attended,
                    *(tally.ages.get(label, 0) for label in age_labels),
                ]
            )
    by_sector = Sheet(
        _("Peserta per Sektor"),
        [
            _("Pelatihan"),
            Column(_("Mulai"), width=12),
            _("Sektor"),
            *gender_columns,
            _("Jumlah"),
            _("Hadir minimal 1 hari"),
            *age_columns,
        ],
        by_sector_rows,
    )
    return [listing, by_sector]


def coverage_sheet(district, *, user, coverage=None) -> Sheet:
    """The dashboard's training coverage (``coverage``, when the caller has it already)."""
    if coverage is None:
        coverage = coverage_of(District.objects.visible_to(user).filter(pk=district.pk)).get(
            district.pk
        )
    rows = []
    if coverage is not None:
        result = coverage
        for sector in result.sectors.values():
            rows.append(
                [
                    sector.sector_name,
                    sector.institutions_with_trained,
                    sector.institutions,
                    _fraction(sector.institutions_with_trained, sector.institutions),
                    sector.trained_male,
                    sector.trained_female,
                    sector.trained_people,
                ]
            )
        rows.append(
            [
                _("Anggota Gugus Tugas"),
                result.trained_task_force_members,
                result.task_force_members,
                _fraction(result.trained_task_force_members, result.task_force_members),
                None,
                None,
                None,
            ]
        )
    return Sheet(
        _("Cakupan Pelatihan"),
        [
            _("Sektor"),
            _("Lembaga/anggota dengan orang terlatih"),
            _("Jumlah lembaga/anggota"),
            Column(_("Persen terjangkau"), number_format=PERCENT_FORMAT),
            _("Orang terlatih laki-laki"),
            _("Orang terlatih perempuan"),
            _("Orang terlatih (jumlah)"),
        ],
        rows,
    )


# Action plans (RTL)


def plan_sheets(district, *, user) -> list[Sheet]:
    items = ActionItem.objects.visible_to(user).filter(plan__district=district)
    rates = completion_rates(items, by="sector")
    sector_names = {s.code: s.name for s in Sector.objects.all()}
    sector_names[WORKING_GROUP_KEY] = _("Gugus Tugas KLA")
    sector_names[""] = _("Lainnya")
    summary = Sheet(
        _("Rekap RTL"),
        [
            _("Pemilik (sektor)"),
            _("Kegiatan"),
            _("Direncanakan"),
            _("Berjalan"),
            _("Selesai"),
            _("Dibatalkan"),
            _("Terlambat"),
            _("Selesai (pembilang)"),
            _("Tidak dibatalkan (penyebut)"),
            Column(_("Persen selesai"), number_format=PERCENT_FORMAT),
        ],
        [
            [
                sector_names.get(key, key),
                c.total,
                c.planned,
                c.in_progress,
                c.done,
                c.cancelled,
                c.overdue,
                c.done,
                c.total - c.cancelled,
                c.rate,
            ]
            for key, c in sorted(rates.items(), key=lambda kv: str(sector_names.get(kv[0], "")))
        ],
    )
    today = timezone.localdate()
    statuses = dict(ActionItem.Status.choices)
    clusters = dict(Cluster.choices)
    listing_items = (
        items.filter(plan__is_active=True)
        .for_lists()
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.order_by("item", "-date", "-created_at"),
                to_attr="ordered_updates",
            )
        )
        .order_by("plan__title", "due_date", "pk")
    )

    def owner(plan):
        if plan.owner_institution:
            return f"{plan.owner_institution.name} ({plan.owner_institution.sector.name})"
        if plan.owner_working_group:
            return clusters.get(plan.owner_working_group.cluster, "")
        return ""

    rows = []
    for item in listing_items:
        last = item.ordered_updates[0] if item.ordered_updates else None
        rows.append(
            [
                item.plan.title,
                owner(item.plan),
                item.plan.training.title if item.plan.training else "",
                item.activity,
                item.target_group,
                f"{item.indicator.code}. {item.indicator.name}" if item.indicator else "",
                item.responsible_display,
                item.start_date,
                item.due_date,
                statuses.get(item.status, item.status),
                item.percent / 100,
                _yes_no(item.is_overdue_on(today)),
                last.date if last else None,
                last.text if last else "",
                item.updated_at,
                _link_cell(_link("plans:item", item.pk), _("buka")),
            ]
        )
    listing = Sheet(
        _("Kegiatan RTL"),
        [
            _("RTL"),
            _("Pemilik"),
            _("Dari pelatihan"),
            _("Kegiatan"),
            _("Sasaran"),
            _("Indikator KLA"),
            _("Penanggung jawab"),
            Column(_("Mulai"), width=12),
            Column(_("Tenggat"), width=12),
            _("Status"),
            Column(_("Persen selesai"), number_format=PERCENT_FORMAT),
            _("Terlambat"),
            Column(_("Perkembangan terakhir"), width=12),
            _("Isi perkembangan terakhir"),
            Column(_("Terakhir diubah"), width=16),
            _("Tautan"),
        ],
        rows,
    )
    return [summary, listing]


# The assessment: summary and one sheet per group


def _category_label(category: str) -> str:
    return str(dict(Category.choices).get(category, category))


def _item_details(assessment, user) -> dict:
    """Each question's answer row (notes, figures, verifier comment, evidence) with its
    question and indicator (their agencies), by question id: two queries."""
    rows = (
        ItemAssessment.objects.visible_to(user)
        .filter(assessment=assessment)
        .select_related("item__indicator")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=ItemEvidence.objects.order_by("uploaded_at", "pk"),
            )
        )
    )
    return {row.item_id: row for row in rows}


def _stage_headings() -> list[str]:
    return [str(stages.HEADINGS[stage]) for stage in standings.EXPORTED]


def completed_rows(assessment) -> dict:
    """Who completed each stage and when (one query); the totals come from the standing."""
    rows = AssessmentStage.objects.filter(assessment=assessment, status=StageStatus.COMPLETED)
    return {row.stage: row for row in rows.select_related("completed_by")}


def summary_sheet(district, year, board) -> Sheet:
    """District, year and framework, then each stage side by side (EM, VA, VL, final
    verification): its status, and its total, category and group points once completed."""
    assessment, standing = board.assessment, board.standing
    width = len(standings.EXPORTED)

    rows = [
        [_("Kabupaten/kota"), *[district.name] * width],
        [_("Kode wilayah"), *[district.code] * width],
        [_("Provinsi"), *[district.province.name] * width],
        [_("Tahun penilaian"), *[Formatted(year, "0")] * width],
    ]
    if assessment is None:
        rows.append([_("Penilaian"), *[str(NO_ASSESSMENT)] * width])
    else:
        status = dict(Assessment.Status.choices).get(assessment.status, assessment.status)
        cells = standing.shown(standings.EXPORTED)
        done = completed_rows(assessment)
        cards = [board.stage_cards.get(c.stage) for c in cells]
        rows += [
            [_("Kerangka indikator"), *[assessment.framework.name] * width],
            [_("Status penilaian"), *[status] * width],
            [_("Status tahap"), *[c.word for c in cells]],
            [_("Total nilai"), *[c.total if c.completed else None for c in cells]],
            [_("Kategori"), *[c.category_label if c.completed else "" for c in cells]],
        ]
        clusters = [{g.cluster: g for g in card.clusters} if card else {} for card in cards]
        for group in board.card.clusters if board.card else ():
            rows.append(
                [
                    _("%(cluster)s (maks. %(max)s)")
                    % {"cluster": group.label, "max": group.max_points},
                    *[
                        points[group.cluster].points if group.cluster in points else None
                        for points in clusters
                    ],
                ]
            )
        rows += [
            [_("Selesai pada"), *[_done_at(done.get(c.stage)) for c in cells]],
            [_("Diselesaikan oleh"), *[done_by(done.get(c.stage)) for c in cells]],
        ]
    award = standing.award_cell
    rows += [
        [
            _("Penghargaan %(award)s") % {"award": board.award_label},
            *[award.category_label if award.completed else award.word] * width,
        ],
    ]
    if assessment is not None:
        rows.append(
            [
                _("Tautan penilaian"),
                _link_cell(_link("indicators:assessment", assessment.pk)),
                *[""] * (width - 1),
            ]
        )
    return Sheet(
        _("Ringkasan"),
        [Column(_("Uraian"), width=42), *[Column(h, width=24) for h in _stage_headings()]],
        rows,
    )


def _done_at(row):
    return row.completed_at if row else None


def done_by(row) -> str:
    return _user_label(row.completed_by) if row and row.completed_by else ""


def group_columns() -> list[Column]:
    """The group sheets' columns: the district's and the VA's answers, then one points
    column per stage (EM, VA, VL, Akhir), blank until that stage is completed. The widths
    add up to what fits across landscape A4 at a readable scale (``workbook.LANDSCAPE_BUDGET``)."""
    return [
        Column(_("Kode"), width=7),
        Column(_("Baris"), width=10),
        Column(_("Indikator / pertanyaan"), width=32),
        Column(_("Poin maks."), width=6),
        Column(_("Jawaban mandiri"), width=9),
        Column(_("Jawaban VA"), width=9),
        *[Column(heading, width=7) for heading in _stage_headings()],
        Column(_("Angka tahun lalu"), width=6),
        Column(_("Angka tahun ini"), width=6),
        Column(_("Perangkat daerah"), width=11),
        Column(_("Catatan"), width=14),
        Column(_("Komentar verifikator"), width=12),
        Column(_("Berkas bukti"), width=9),
        Column(_("Tautan bukti"), width=9),
        Column(_("Tautan"), width=7),
    ]


CAPPED = gettext_lazy(
    "Poin pertanyaan %(stage)s %(points)s melebihi nilai maksimum indikator: dihitung %(max)s."
)


ANSWER_LABELS = dict(ItemStatus.choices)  # as the assessment page labels the answers


def _answer_label(status: str) -> str:
    return str(ANSWER_LABELS.get(status, status or UNKNOWN))


def _agencies(names) -> str:
    """Agency names once each, in their first order."""
    return ", ".join(dict.fromkeys(name for name in names if name))


@dataclass
class _StageIndicators:
    """The completed stages' score cards by indicator and question, in column order
    (None for a stage not completed)."""

    headings: list[str]
    cards: list

    def indicators(self, indicator_id) -> list:
        return [
            next((i for i in card.indicators if i.indicator_id == indicator_id), None)
            if card
            else None
            for card in self.cards
        ]


def _capped_note(indicator_cards, headings) -> str:
    """Why the indicator's points are less than its questions' (the cap, ``scoring`` 2)."""
    notes = []
    for heading, card in zip(headings, indicator_cards, strict=True):
        if card is not None and card.questions_points > card.points:
            notes.append(
                CAPPED % {"stage": heading, "points": card.questions_points, "max": card.max_points}
            )
    return " ".join(notes)


def _indicator_rows(indicator, per_stage, headings, details, assessment_link):
    """The indicator's subtotal row (bold), then a row per question. ``indicator``: the
    district's answers as they are (its questions and their order); ``per_stage``: the
    indicator at each stage (None where not completed)."""
    stage_items = [{i.item_id: i for i in card.items} if card else None for card in per_stage]
    va = per_stage[standings.EXPORTED.index(Stage.VA)]
    va_items = {i.item_id: i for i in va.items} if va else {}
    rows_of_details = [details.get(item.item_id) for item in indicator.items]
    agency = next(
        (d.item.indicator.responsible_agency for d in rows_of_details if d is not None), ""
    )
    question_agencies = (name for d in rows_of_details if d for name in d.item.responsible)
    question_label = _("Pertanyaan") if indicator.method == POINTS else _("Butir")
    rows: list[list] = [
        Bold(
            [
                indicator.code,
                _("Indikator"),
                indicator.name,
                indicator.max_points,
                None,
                None,
                *[card.points if card else None for card in per_stage],
                None,
                None,
                agency or _agencies(question_agencies),
                _capped_note(per_stage, headings),
                "",
                "",
                "",
                _link_cell(assessment_link, _("buka")),
            ]
        )
    ]
    for item, detail in zip(indicator.items, rows_of_details, strict=True):
        evidence = list(detail.evidence.all()) if detail else []
        va_item = va_items.get(item.item_id)
        rows.append(
            [
                f"{indicator.code}.{item.code}",
                question_label,
                item.text,
                item.max_points,
                _answer_label(item.status),
                _answer_label(va_item.status) if va_item else "",
                *[
                    items[item.item_id].points if items and item.item_id in items else None
                    for items in stage_items
                ],
                detail.figure_previous if detail else None,
                detail.figure_current if detail else None,
                _agencies(detail.item.responsible) if detail else "",
                detail.notes if detail else "",
                detail.verifier_comment if detail else "",
                "\n".join(e.original_name for e in evidence),
                "\n".join(_evidence_link(e, assessment_link) for e in evidence),
                _link_cell(_link("indicators:item", detail.pk), _("buka")) if detail else "",
            ]
        )
    return rows


def _group_total_row(group, per_stage) -> Bold:
    return Bold(
        [
            "",
            _("Kelompok"),
            _("Jumlah %(group)s") % {"group": group.label},
            group.max_points,
            None,
            None,
            *[g.points if g else None for g in per_stage],
            *[None] * 2,
            *[""] * 5,
            None,
        ]
    )


def group_sheets(board, *, user) -> list[Sheet]:
    """One sheet per group of the framework (Kelembagaan, Klaster I-V, Kelana-Dekela):
    each indicator as a bold subtotal row followed by its questions (a draft framework's
    butir), and the group's total last. The points of a stage are its score card's, as
    the district page shows it, and only for a completed stage."""
    assessment, own = board.assessment, board.card
    cells = board.standing.shown(standings.EXPORTED)
    per_stage = _StageIndicators(_stage_headings(), [board.stage_cards.get(c.stage) for c in cells])
    details = _item_details(assessment, user)
    assessment_link = _link("indicators:assessment", assessment.pk)
    columns = group_columns()
    by_group = defaultdict(list)
    for indicator in own.indicators:
        by_group[indicator.cluster] += _indicator_rows(
            indicator,
            per_stage.indicators(indicator.indicator_id),
            per_stage.headings,
            details,
            assessment_link,
        )
    stage_groups = [
        {g.cluster: g for g in card.clusters} if card else {} for card in per_stage.cards
    ]
    return [
        Sheet(
            GROUP_SHEET_TITLES.get(group.cluster, group.label),
            columns,
            [
                *by_group[group.cluster],
                _group_total_row(group, [groups.get(group.cluster) for groups in stage_groups]),
            ],
        )
        for group in own.clusters  # in the order of ``Group``
    ]


def _evidence_link(evidence, fallback: str) -> str:
    return _link("indicators:evidence", evidence.pk) or fallback


def assessment_sheets(district, year, board, *, user) -> list[Sheet]:
    """The summary and group sheets from the district dashboard's own score cards."""
    if board.assessment is None:
        return [summary_sheet(district, year, board)]
    return [summary_sheet(district, year, board), *group_sheets(board, user=user)]


# The workbooks


def _with_maker(sheets: list[Sheet], user, *, columns: int) -> list[Sheet]:
    """The sheets with when and by whom the file was made at the end of the first sheet.

    ``columns``: how many value cells the first sheet's rows have.
    """
    first, *rest = sheets
    made = [
        [_("Dibuat pada"), *[timezone.now()] * columns],
        [_("Dibuat oleh"), *[_user_label(user)] * columns],
    ]
    if columns == 1:
        made = [[*row, None] for row in made]  # the "Keterangan" sheet's percent column
    return [Sheet(first.title, first.columns, [*first.rows, *made]), *rest]


def district_sheets(district, year, *, user, board=None) -> list[Sheet]:
    """The district's tables (``board``: its dashboard for the year, when the caller has it)."""
    district = _visible_district(district, user)
    return _with_maker(
        _district_sheets(district, year, user=user, board=board),
        user,
        columns=len(standings.EXPORTED),
    )


def _district_sheets(district, year, *, user, board=None) -> list[Sheet]:
    board = board or dashboard.district_dashboard(district, user, year, per_question=True)
    return [
        *assessment_sheets(district, year, board, user=user),
        *task_force_sheets(district, user=user),
        *institution_sheets(district, user=user),
        *training_sheets(district, year, user=user),
        coverage_sheet(district, user=user, coverage=board.coverage),
        *plan_sheets(district, user=user),
    ]


# The workbook on paper: a cover, the tables, and the page the Kepala Dinas signs

WORKBOOK_TITLE = gettext_lazy("Lembar Kerja Evaluasi Kabupaten/Kota Layak Anak")
NO_SIGNATORY = gettext_lazy(
    "Kop surat dan penandatangan kabupaten/kota ini belum diatur: isi nama, jabatan dan "
    "NIP dengan tangan, atau atur di halaman kop surat."
)
SIGNATURE_SPACE = "\n" * 5  # five lines of room to sign and stamp


def page_header(district, year) -> str:
    """What every printed page of the district workbook carries at its top."""
    return region_header(district.name, year)


def stage_label(standing) -> str:
    """Where the evaluation stands: the stage under way and its state, else the award."""
    now = standing.current
    if now is None:
        award = standing.award_cell
        return f"{award.heading}: {award.category_label}"
    return f"{now.heading}: {now.word}" if now.word else now.heading


def cover_sheet(district, year, board, *, user) -> Sheet:
    """The first page: what the workbook is, whose and of which year, how far the
    evaluation has come, and who made the file when."""
    assessment = board.assessment
    completed = [c.heading for c in board.standing.shown(standings.EXPORTED) if c.completed]
    rows = [
        [_("Dokumen"), str(WORKBOOK_TITLE)],
        [_("Kabupaten/kota"), district.name],
        [_("Provinsi"), district.province.name],
        [_("Tahun penilaian"), Formatted(year, "0")],
        [
            _("Tahap penilaian"),
            stage_label(board.standing) if assessment else str(NO_ASSESSMENT),
        ],
        [_("Tahap selesai"), ", ".join(completed) or _("belum ada")],
        [_("Kerangka indikator"), assessment.framework.name if assessment else ""],
        [_("Dibuat oleh"), _user_label(user)],
        [_("Dibuat pada"), timezone.now()],
    ]
    return Sheet(
        _("Sampul"), [Column(_("Uraian"), width=24), Column(_("Keterangan"), width=54)], rows
    )


def signature_sheet(district, *, today=None) -> Sheet:
    """The last page: place and date, the signatory's position, room to sign, name, rank
    and NIP; the signatory is the district's (``letterheads.issuer_for``)."""
    issuer = letterheads.issuer_for(district)
    signatory = issuer.signatory if issuer else None
    today = today or timezone.localdate()
    place = issuer.letterhead.city if issuer and issuer.letterhead.city else district.name
    rows = [
        [_("Tempat dan tanggal"), f"{place}, {today:%d/%m/%Y}"],
        [_("Jabatan"), signatory.position if signatory else ""],
        [_("Tanda tangan dan cap"), SIGNATURE_SPACE],
        [_("Nama"), signatory.name if signatory else ""],
        [_("Pangkat/golongan"), signatory.rank if signatory else ""],
        [_("NIP"), letterheads.display_nip(signatory.nip) if signatory else ""],
    ]
    if signatory is None:
        rows.append([_("Catatan"), str(NO_SIGNATORY)])
    return Sheet(
        _("Pengesahan"), [Column(_("Uraian"), width=24), Column(_("Keterangan"), width=54)], rows
    )


def district_workbook(district, year, *, user) -> bytes:
    """The district's tables between a cover and a signature page, each page headed with
    the district and year and numbered at its foot."""
    district = _visible_district(district, user)
    board = dashboard.district_dashboard(district, user, year, per_question=True)
    return xlsx_bytes(
        [
            cover_sheet(district, year, board, user=user),
            *_with_maker(
                _district_sheets(district, year, user=user, board=board),
                user,
                columns=len(standings.EXPORTED),
            ),
            signature_sheet(district),
        ],
        page_header=page_header(district, year),
    )


def district_csv_zip(district, year, *, user) -> bytes:
    return csv_zip_bytes(district_sheets(district, year, user=user))


# Province and national workbooks


def file_name(scope: str, code: str, year: int, extension: str) -> str:
    parts = ["evaluasi-kla", scope, code.replace(".", "-"), str(year)]
    return "-".join(p for p in parts if p) + f".{extension}"


def key_figures(districts) -> dict[str, DistrictFigures]:
    """Institutions at their sector's final stage, trained people by sex and RTL completion,
    per district: one read of their figure rows (``indicators/figures.py``)."""
    figures = {f.district_id: f for f in DistrictFigures.objects.filter(district__in=districts)}
    return {code: figures.get(code) or DistrictFigures(district_id=code) for code in districts}


def key_figure_sheet(districts, *, user, ordered=None) -> Sheet:
    """Key figures per district; ``ordered``: the districts already loaded, in row order."""
    if ordered is None:
        ordered = list(districts.order_by("code"))
    figures = key_figures([district.code for district in ordered])
    return Sheet(
        _("Angka Kunci"),
        [
            Column(_("Kode"), width=8),
            _("Kabupaten/kota"),
            _("Lembaga tahap akhir"),
            _("Jumlah lembaga"),
            Column(_("Persen lembaga tahap akhir"), number_format=PERCENT_FORMAT),
            _("Terlatih laki-laki"),
            _("Terlatih perempuan"),
            _("Terlatih (jumlah)"),
            _("Kegiatan RTL selesai"),
            _("Kegiatan RTL tidak dibatalkan"),
            Column(_("Persen RTL selesai"), number_format=PERCENT_FORMAT),
        ],
        (
            [
                district.code,
                district.name,
                f.institutions_final,
                f.institutions,
                _fraction(f.institutions_final, f.institutions),
                f.trained_male,
                f.trained_female,
                f.trained,
                f.items_done,
                f.items_countable,
                _fraction(f.items_done, f.items_countable),
            ]
            for district in ordered
            for f in [figures[district.code]]
        ),
    )


def comparison_sheet(rank) -> Sheet:
    """One row per district in the dashboard's ranking order: one points column per stage
    (EM, VA, VL, Akhir), blank until that stage is completed, and the award."""
    # 514 rows: every label translated once, not per row (it was a third of the export).
    statuses = {value: str(label) for value, label in Assessment.Status.choices}
    categories = {value: str(label) for value, label in Category.choices}
    headings = {stage: str(heading) for stage, heading in stages.HEADINGS.items()}
    words = standings.words()
    no_assessment, open_text = str(NO_ASSESSMENT), str(_("buka"))
    link = _link("indicators:district", "__code__", query={"year": rank.year})

    def current(standing) -> str:
        now = standing.current
        if now is None or not now.status:
            return ""
        return f"{headings[now.stage]}: {words[now.stage, now.status]}"

    def row(r):
        standing = r.standing
        award, previous = standing.award_cell, r.previous_award
        return [
            r.rank,
            r.district.code,
            r.district.name,
            r.district.province.name,
            statuses.get(r.assessment_status, "") if r.assessed else no_assessment,
            current(standing),
            *[c.total if c.completed else None for c in standing.shown(standings.EXPORTED)],
            categories.get(standing.latest.category, "") if standing.latest else "",
            categories.get(award.category, "") if award.completed else "",
            f"{previous.year}: {categories.get(previous.category, previous.category)}"
            if previous
            else "",
            _link_cell(link.replace("__code__", r.district.code), open_text),
        ]

    return Sheet(
        _("Perbandingan Kabupaten Kota"),
        [
            Column(_("Peringkat"), width=10),
            Column(_("Kode"), width=8),
            _("Kabupaten/kota"),
            _("Provinsi"),
            _("Status penilaian"),
            _("Tahap sekarang"),
            *_stage_headings(),
            _("Kategori tahap terakhir"),
            _("Penghargaan"),
            _("Penghargaan sebelumnya"),
            Column(_("Tautan"), width=8),
        ],
        (row(r) for r in rank.rows),
    )


def about_sheet(region: str, rank) -> Sheet:
    """What the workbook covers, how far the districts have come, and how many reached
    each category (the award where given, else the latest completed stage's)."""
    districts = len(rank.rows)
    counted = sum(n for _value, _label, n in rank.categories)
    stage_counts = [
        (_("EM diajukan"), sum(r.standing.submitted for r in rank.rows)),
        (_("VA selesai"), sum(r.standing.verified for r in rank.rows)),
        (_("VL selesai"), sum(r.standing.visited for r in rank.rows)),
    ]
    rows = [
        [_("Wilayah"), region, None],
        [_("Tahun penilaian"), Formatted(rank.year, "0"), None],
        [_("Kabupaten/kota"), districts, None],
        *[[label, count, _fraction(count, districts)] for label, count in stage_counts],
    ]
    rows += [
        [_("Kategori %(category)s") % {"category": label}, count, _fraction(count, counted)]
        for _value, label, count in rank.categories
    ]
    return Sheet(
        _("Keterangan"),
        [
            Column(_("Uraian"), width=32),
            Column(_("Nilai"), width=40),
            Column(_("Persen dari penyebut"), number_format=PERCENT_FORMAT),
        ],
        rows,
    )


def region_sheets(districts, year, *, user, region: str) -> list[Sheet]:
    """The comparison of these districts, from the national/province dashboard's ranking
    and the districts' figure rows."""
    rank = dashboard.ranking(districts, user, year)
    ordered = [r.district for r in sorted(rank.rows, key=lambda r: r.district.code)]
    sheets = [
        about_sheet(region, rank),
        comparison_sheet(rank),
        key_figure_sheet(districts, user=user, ordered=ordered),
    ]
    return _with_maker(sheets, user, columns=1)


def province_sheets(province, year, *, user) -> list[Sheet]:
    districts = District.objects.visible_to(user).filter(province=province)
    return region_sheets(districts, year, user=user, region=province.name)


def national_sheets(year, *, user) -> list[Sheet]:
    return region_sheets(District.objects.visible_to(user), year, user=user, region=str(NATIONAL))


def region_header(region: str, year) -> str:
    return _("%(region)s · Evaluasi KLA %(year)s") % {"region": region, "year": year}


def province_workbook(province, year, *, user) -> bytes:
    return xlsx_bytes(
        province_sheets(province, year, user=user),
        page_header=region_header(province.name, year),
    )


def province_csv_zip(province, year, *, user) -> bytes:
    return csv_zip_bytes(province_sheets(province, year, user=user))


def national_workbook(year, *, user) -> bytes:
    return xlsx_bytes(
        national_sheets(year, user=user), page_header=region_header(str(NATIONAL), year)
    )


def national_csv_zip(year, *, user) -> bytes:
    return csv_zip_bytes(national_sheets(year, user=user))

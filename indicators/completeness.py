"""The completeness board: per agency, how far the questions routed to it have come.

The Dinas PPPA officer reads it to see at a glance which agency has answered
what, what is still missing, and since when nobody has touched it. A route
counts once per agency: a question routed to two agencies is in both rows, and
twice in the totals, which add the rows up.

Read-only, and a fixed number of queries whatever the number of agencies or
questions: one grouped aggregate over the routes, one over the agencies'
answers, one over their evidence (``board``), and one for the questions routed
to nobody (``totals``).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import AgencyAnswer, Assessment, ItemAssessment, ItemEvidence, QuestionRoute
from indicators.workbook import Bold, Column, Sheet

Status = AgencyAnswer.Status
# An answer row counts as answered once it holds something the Dinas PPPA can take.
HAS_CONTENT = ~Q(answer="") | Q(figure_previous__isnull=False) | Q(figure_current__isnull=False)
TOTAL = _("Jumlah")
INACTIVE = _("nonaktif")
UNROUTED_LABEL = _("Belum ditugaskan")
UNROUTED = _("%(n)s pertanyaan belum ditugaskan ke perangkat daerah mana pun")
SHEET_TITLE = _("Kelengkapan %(year)s")
# The counts a totals row adds up.
COUNTS = (
    "routed",
    "lead",
    "answered",
    "draft",
    "submitted",
    "accepted",
    "returned",
    "untouched",
    "evidence",
)


@dataclass
class AgencyRow:
    """One agency's line of the board, or the district's totals (``agency_id`` None)."""

    agency_id: int | None
    short_name: str
    name: str
    is_active: bool = True
    routed: int = 0
    lead: int = 0  # of the routed questions, those where this agency is the lead
    answered: int = 0  # an answer or figures, whatever the answer's status
    draft: int = 0  # an answer row the agency has not sent yet
    submitted: int = 0  # sent, waiting for the Dinas PPPA
    accepted: int = 0
    returned: int = 0
    untouched: int = 0  # routed, and no answer row at all
    evidence: int = 0
    last_activity: datetime | None = None
    days_idle: int | None = None  # whole days from ``last_activity`` to the board's day
    unrouted: int = 0  # totals only: the assessment's questions routed to no agency

    @property
    def open(self) -> int:
        """Still to come from the agency: neither sent nor accepted (returned ones count)."""
        return self.routed - self.submitted - self.accepted

    @property
    def percent_answered(self) -> int:
        return round(100 * self.answered / self.routed) if self.routed else 0

    @property
    def percent_accepted(self) -> int:
        return round(100 * self.accepted / self.routed) if self.routed else 0


def days_since(moment: datetime | None, today: date) -> int | None:
    """Calendar days between the moment (in local time) and today; None for never."""
    if moment is None:
        return None
    return max((today - timezone.localdate(moment)).days, 0)


def board(assessment: Assessment, *, today: date) -> list[AgencyRow]:
    """The agencies with routes on the assessment, by short name."""
    routes = (
        QuestionRoute.objects.filter(item__assessment=assessment)
        .values("agency_id", "agency__short_name", "agency__name", "agency__is_active")
        .annotate(routed=Count("pk"), lead=Count("pk", filter=Q(is_lead=True)))
        .order_by("agency__short_name", "agency_id")
    )
    rows = {
        r["agency_id"]: AgencyRow(
            agency_id=r["agency_id"],
            short_name=r["agency__short_name"],
            name=r["agency__name"],
            is_active=r["agency__is_active"],
            routed=r["routed"],
            lead=r["lead"],
            untouched=r["routed"],
        )
        for r in routes
    }
    if not rows:
        return []
    agencies = list(rows)
    stamps: dict[int, list[datetime]] = {pk: [] for pk in rows}
    # Only an answer to a question still routed to the agency counts; one left behind by a
    # removed route still tells when the agency last worked.
    routed = Q(
        Exists(
            QuestionRoute.objects.filter(
                item_id=OuterRef("item_id"), agency_id=OuterRef("agency_id")
            )
        )
    )
    answers = (
        AgencyAnswer.objects.filter(item__assessment=assessment, agency_id__in=agencies)
        .values("agency_id")
        .annotate(
            rows=Count("pk", filter=routed),
            answered=Count("pk", filter=routed & HAS_CONTENT),
            draft=Count("pk", filter=routed & Q(status=Status.DRAFT)),
            submitted=Count("pk", filter=routed & Q(status=Status.SUBMITTED)),
            accepted=Count("pk", filter=routed & Q(status=Status.ACCEPTED)),
            returned=Count("pk", filter=routed & Q(status=Status.RETURNED)),
            last=Max("updated_at"),
        )
        .order_by()
    )
    for a in answers:
        row = rows[a["agency_id"]]
        for name in ("answered", "draft", "submitted", "accepted", "returned"):
            setattr(row, name, a[name])
        row.untouched = row.routed - a["rows"]
        stamps[row.agency_id].append(a["last"])
    evidence = (
        ItemEvidence.objects.filter(item_assessment__assessment=assessment, agency_id__in=agencies)
        .values("agency_id")
        .annotate(n=Count("pk"), last=Max("uploaded_at"))
        .order_by()
    )
    for e in evidence:
        row = rows[e["agency_id"]]
        row.evidence = e["n"]
        stamps[row.agency_id].append(e["last"])
    for row in rows.values():
        row.last_activity = max((s for s in stamps[row.agency_id] if s), default=None)
        row.days_idle = days_since(row.last_activity, today)
    return list(rows.values())


def totals(assessment: Assessment, rows: list[AgencyRow], *, today: date) -> AgencyRow:
    """The district's row: the agencies' counts added up, the latest activity of any, and
    the questions routed to nobody (which no agency row shows)."""
    total = AgencyRow(agency_id=None, short_name="", name="")
    for name in COUNTS:
        setattr(total, name, sum(getattr(row, name) for row in rows))
    total.last_activity = max((r.last_activity for r in rows if r.last_activity), default=None)
    total.days_idle = days_since(total.last_activity, today)
    total.unrouted = (
        ItemAssessment.objects.filter(assessment=assessment)
        .exclude(Exists(QuestionRoute.objects.filter(item_id=OuterRef("pk"))))
        .count()
    )
    return total


def sheet(assessment: Assessment, rows: list[AgencyRow], total: AgencyRow) -> Sheet:
    """The board as a workbook sheet: the agencies, the district's totals in bold, and the
    questions routed to nobody."""
    columns = [
        Column(_("Perangkat daerah")),
        Column(_("Nama lengkap")),
        Column(_("Ditugaskan")),
        Column(_("Penanggung jawab utama")),
        Column(_("Terjawab")),
        Column(_("Draf")),
        Column(_("Menunggu Dinas PPPA")),
        Column(_("Diterima")),
        Column(_("Dikembalikan")),
        Column(_("Belum disentuh")),
        Column(_("Belum dikirim")),
        Column(_("Bukti")),
        Column(_("Aktivitas terakhir")),
        Column(_("Hari tanpa aktivitas")),
    ]

    def cells(row: AgencyRow, short_name: str, name: str) -> list:
        return [
            short_name,
            name,
            row.routed,
            row.lead,
            row.answered,
            row.draft,
            row.submitted,
            row.accepted,
            row.returned,
            row.untouched,
            row.open,
            row.evidence,
            row.last_activity,
            row.days_idle,
        ]

    body: list = [
        cells(row, row.short_name, row.name if row.is_active else f"{row.name} ({INACTIVE})")
        for row in rows
    ]
    body.append(Bold(cells(total, str(TOTAL), assessment.district.name)))
    if total.unrouted:
        body.append([str(UNROUTED_LABEL), str(UNROUTED % {"n": total.unrouted})])
    return Sheet(title=str(SHEET_TITLE % {"year": assessment.year}), columns=columns, rows=body)

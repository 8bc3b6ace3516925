"""The training report (laporan kegiatan): who came, from where, and what they learnt.

Built from one pass over the participants (a fixed number of queries whatever
their number), shown on a printable page and written to Excel.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from kla_portal.spreadsheets import workbook_bytes
from stakeholders.models import Sector
from trainings.certificates import required_days
from trainings.models import Attendance, Participant, Training

TASK_FORCE = "gugus_tugas"
OTHER = "lainnya"


@dataclass
class Group:
    """One row of the report: a sector, the task force, or everyone else."""

    code: str
    name: str
    registered_male: int = 0
    registered_female: int = 0
    registered_unknown: int = 0
    attended_male: int = 0
    attended_female: int = 0
    attended_unknown: int = 0
    per_day: list = field(default_factory=list)
    pre_scores: list = field(default_factory=list)
    post_scores: list = field(default_factory=list)
    gains: list = field(default_factory=list)

    @property
    def registered(self):
        return self.registered_male + self.registered_female + self.registered_unknown

    @property
    def attended(self):
        return self.attended_male + self.attended_female + self.attended_unknown

    avg_pre = property(lambda self: _average(self.pre_scores))
    avg_post = property(lambda self: _average(self.post_scores))
    avg_gain = property(lambda self: _average(self.gains))


def _average(values) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.1"))


@dataclass
class TrainingReport:
    training: Training
    days: list
    groups: list  # of Group, sectors in catalogue order, then task force and others
    total: Group
    facilitators: list
    qualifying: int
    certificates: int


def participants_for_report(training: Training):
    return (
        training.participants.filter(is_active=True)
        .select_related("person__institution__sector", "person__sector", "person__member")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.filter(present=True)))
        .order_by("person__name")
    )


def group_of(person) -> tuple[str, str]:
    if person.institution_id:
        return person.institution.sector_id, person.institution.sector.name
    if person.sector_id:
        return person.sector_id, person.sector.name
    if person.member_id:
        return TASK_FORCE, _("Gugus Tugas KLA")
    return OTHER, _("Lainnya")


def build_report(training: Training) -> TrainingReport:
    days = list(training.days.all())
    groups = {TASK_FORCE: Group(TASK_FORCE, _("Gugus Tugas KLA"), per_day=[0] * len(days))}
    for sector in Sector.objects.filter(is_core=True).order_by("order"):
        groups[sector.code] = Group(sector.code, sector.name, per_day=[0] * len(days))
    total = Group("total", _("Jumlah"), per_day=[0] * len(days))
    needed = required_days(training, len(days))
    qualifying = certificates = 0
    day_index = {d.pk: i for i, d in enumerate(days)}
    for participant in participants_for_report(training):
        person = participant.person
        code, name = group_of(person)
        group = groups.setdefault(code, Group(code, name, per_day=[0] * len(days)))
        present = [day_index[a.day_id] for a in participant.attendance.all()]
        suffix = {"L": "male", "P": "female"}.get(person.gender, "unknown")
        for target in (group, total):
            _count(target, f"registered_{suffix}")
            if present:
                _count(target, f"attended_{suffix}")
            for i in present:
                target.per_day[i] += 1
            _scores(target, participant)
        qualifying += bool(days) and len(present) >= needed
        certificates += bool(participant.certificate_code)
    facilitators = list(training.facilitators.filter(is_active=True).order_by("name"))
    ordered = [g for c, g in groups.items() if c != TASK_FORCE]
    ordered.insert(0, groups[TASK_FORCE])
    if OTHER in groups:
        ordered.append(ordered.pop(ordered.index(groups[OTHER])))
    return TrainingReport(
        training=training,
        days=days,
        groups=ordered,
        total=total,
        facilitators=facilitators,
        qualifying=qualifying,
        certificates=certificates,
    )


def _count(group, name):
    setattr(group, name, getattr(group, name) + 1)


def _scores(group, participant: Participant):
    if participant.pre_score is not None:
        group.pre_scores.append(participant.pre_score)
    if participant.post_score is not None:
        group.post_scores.append(participant.post_score)
    if participant.pre_score is not None and participant.post_score is not None:
        group.gains.append(participant.post_score - participant.pre_score)


def report_workbook(report: TrainingReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    training = report.training
    book = Workbook()
    sheet = book.active
    sheet.title = _("Laporan")
    bold = Font(bold=True)
    sheet.append([_("LAPORAN KEGIATAN: %(title)s") % {"title": training.title}])
    sheet["A1"].font = bold
    sheet.append([_("Tanggal"), f"{training.start_date:%d/%m/%Y} - {training.end_date:%d/%m/%Y}"])
    sheet.append([_("Tempat"), training.venue])
    sheet.append([_("Penyelenggara"), training.organiser])
    sheet.append([_("Jumlah JP"), training.hours])
    sheet.append([])
    header = [
        _("Sektor"),
        _("Terdaftar L"),
        _("Terdaftar P"),
        _("Terdaftar"),
        _("Hadir L"),
        _("Hadir P"),
        _("Hadir"),
        *[_("Hari %(n)s") % {"n": n} for n in range(1, len(report.days) + 1)],
        _("Rata-rata pre-test"),
        _("Rata-rata post-test"),
        _("Kenaikan"),
    ]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for group in [*report.groups, report.total]:
        sheet.append(
            [
                group.name,
                group.registered_male,
                group.registered_female,
                group.registered,
                group.attended_male,
                group.attended_female,
                group.attended,
                *group.per_day,
                group.avg_pre,
                group.avg_post,
                group.avg_gain,
            ]
        )
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.append([])
    sheet.append([_("Narasumber/fasilitator")])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    for facilitator in report.facilitators:
        sheet.append(
            [
                facilitator.name,
                facilitator.organisation,
                _("fasilitator KHA bersertifikat") if facilitator.is_certified else "",
                facilitator.topic,
            ]
        )
    sheet.column_dimensions["A"].width = 34
    return workbook_bytes(book)

"""Suggestions for the questions (checklist items) the app already knows about.

A question with a ``derived_source`` code gets a suggested status, a one-line
explanation with the numbers behind it and a link to the records the numbers
come from. The officer accepts the suggestion or overrides it with a reason
(``indicators.workflow``); nothing is ever filled in silently. The status is
always one the question allows (``ChecklistItem.statuses``):
``suggestions_for_assessment`` and ``suggestion_for_item`` round a finer status
down to the question's steps (3/4 is "sebagian" on a graded butir; "sebagian" is
"tidak" on a yes/no question).

Codes of the draft framework (shares are of the district's active rows)::

    task_force_decree        the current task force's decree is valid today: met;
                             expired: not met; no task force recorded: not met
    task_force_structure     working groups for Kelembagaan and all five clusters:
                             met; three or more: partly
    trained_task_force       share of current members trained in KHA
    sector_stage:<sector>    share of the sector's institutions at its final stage
    sector_trained:<sector>  share of the sector's institutions with a trained person
    forum_anak, puspaga      the body's stage: 2 or more (decree and activities) met,
                             1 (decree only) partly
    apsai                    share of businesses that joined the district APSAI
                             (stage 2 or more)
    rtl_completion:<code>    done over not-cancelled action-plan items of the indicator
                             (of the assessment's framework when it is known)

A share of at least ``MET_SHARE`` is met, at least ``PARTLY_SHARE`` partly;
for action plans ``RTL_MET`` and ``RTL_PARTLY``.

Codes of the 2024 instrument, in its steps (0, 1/4, 1/2, 3/4, full)::

    task_force               2.1 (SK and membership): a valid decree is half of it,
                             the working groups (of six) with members recorded the
                             rest; no task force or an expired decree: 0
    trained_function:<code>  2.2, 4.5 ... 21A.8: distinct people with that participant
                             function holding a certificate of a KHA training (a
                             sosialisasi does not count): TRAINED_MET or more full,
                             TRAINED_THREE_QUARTERS 3/4, TRAINED_PARTLY 1/2, none 0
    sector_decree:<sector>   15.1, 20.1, 20.2: share of the sector's institutions at
                             or past its decree step (``MilestoneDefinition.is_decree``)
    school_decree:<level>    19.2a-e: the same for the schools of one level
    final_stage:<sector>     8.3, 10.2: share at the sector's last step
    plan_clusters            2.4: Kelembagaan and the five clusters covered by
                             not-cancelled items of active action plans
    plan_monitoring          2.5: share of those items with a progress update in the
                             last MONITORING_DAYS days
    tobacco                  17.6: a tobacco company recorded as a partner: not met

A share on these steps is rounded down to a quarter (``QUARTER_SHARES``): 60%
earns 1/2, only all of them earns full points. The counts of certified people are
provisional (the instrument gives no number): one certified person shows the
group has been reached, five that training is more than a one-off.

Tobacco companies (``Institution.is_tobacco_industry``) never count toward any
share, APSAI included: their CSR or sponsorship counts against the district.
"tobacco" only ever suggests "not met": that no tobacco partner is recorded
proves nothing about sponsorships outside the registry, so it suggests nothing.

Without data there is no suggestion (status "") and the explanation says what
is missing.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indicators.models import ItemStatus
from indicators.scoring import SHARES
from kla_portal.models import Cluster

MET_SHARE = 0.5
PARTLY_SHARE = 0.2
RTL_MET = 0.75
RTL_PARTLY = 0.25
APSAI_STAGE = 2  # "Anggota APSAI kabupaten/kota" in the sector catalogue
BODY_ACTIVE_STAGE = 2  # Forum Anak / PUSPAGA: decree, then activities
# Certified people of one function (trained_function): full, 3/4 and 1/2 from these.
TRAINED_MET = 5
TRAINED_THREE_QUARTERS = 3
TRAINED_PARTLY = 1
# The smallest share that earns each step of a quarters question, best first.
QUARTER_SHARES = (
    (1.0, ItemStatus.MET),
    (0.75, ItemStatus.THREE_QUARTERS),
    (0.5, ItemStatus.PARTLY),
    (0.25, ItemStatus.QUARTER),
)
MONITORING_DAYS = 365  # plan_monitoring: a progress update within the last year
BUSINESS_SECTOR = "dunia_usaha"


@dataclass(frozen=True)
class Suggestion:
    source: str
    status: str  # an ItemStatus value, or "" when the app has no data
    explanation: str
    url: str

    @property
    def status_label(self) -> str:
        return ItemStatus(self.status).label if self.status else ""


def _url(name, *args, query="", fallback=""):
    """A link to another app's page; the district hub if that page does not exist (yet)."""
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return fallback


def _by_share(share: float | None, met=MET_SHARE, partly=PARTLY_SHARE) -> str:
    if share is None:
        return ""
    if share >= met:
        return ItemStatus.MET
    if share >= partly:
        return ItemStatus.PARTLY
    return ItemStatus.NOT_MET


def _by_quarter(share: float | None) -> str:
    """A share on the quarter steps, rounded down: 0.6 is 1/2."""
    if share is None:
        return ""
    for least, status in QUARTER_SHARES:
        if share >= least:
            return status
    return ItemStatus.NOT_MET


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def fit(suggestion: Suggestion, item) -> Suggestion:
    """The suggestion with a status ``item`` (a ChecklistItem) allows: the best allowed
    step that is not above it (full marks are never suggested for less)."""
    if not suggestion.status:
        return suggestion
    allowed = [value for value, _label in item.statuses]
    if suggestion.status in allowed:
        return suggestion
    share = SHARES[suggestion.status]
    status = max(
        (value for value in allowed if SHARES[value] <= share),
        key=lambda value: SHARES[value],
        default=ItemStatus.NOT_MET,
    )
    return replace(suggestion, status=status)


@dataclass
class _Group:
    """The district's participants of one function (fungsi/peran) in KHA trainings."""

    function: object  # a trainings.models.ParticipantFunction
    people: int = 0  # distinct people
    certified: int = 0  # ...of whom hold a certificate
    # The lowest and highest training pk they come from (the certified ones when there
    # are any): the same pk twice means one training.
    trainings: tuple = (None, None)


class _Facts:
    """What the rules read, loaded once per district in a fixed number of queries."""

    def __init__(self, district, today: date, framework=None):
        from stakeholders.models import SCHOOL_SECTOR, Institution, Sector, TaskForce

        self.district = district
        self.today = today
        self.framework = framework
        self.hub = district.get_absolute_url()
        self.task_force = (
            TaskForce.objects.filter(district=district, is_current=True, is_active=True)
            .annotate(active_members=Count("members", filter=Q(members__is_active=True)))
            .prefetch_related("working_groups")
            .first()
        )
        self.sectors = {
            s.code: s
            for s in Sector.objects.annotate(
                path_length=Count("milestones"),
                decree_step=Min("milestones__order", filter=Q(milestones__is_decree=True)),
            )
        }
        # {sector: {stage: count}} and, for schools, {level: {stage: count}}; tobacco
        # companies are counted apart and never in a share.
        self.stages: dict[str, dict[int, int]] = defaultdict(dict)
        self.level_stages: dict[str, dict[int, int]] = defaultdict(dict)
        self.tobacco_institutions = 0
        for row in (
            Institution.objects.filter(district=district, is_active=True)
            .values("sector_id", "school_level", "is_tobacco_industry", "stage")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            if row["is_tobacco_industry"]:
                self.tobacco_institutions += row["n"]
                continue
            targets = [self.stages[row["sector_id"]]]
            if row["sector_id"] == SCHOOL_SECTOR:
                targets.append(self.level_stages[row["school_level"]])
            for stages in targets:
                stages[row["stage"]] = stages.get(row["stage"], 0) + row["n"]
        self._coverage = None
        self._completion = None

    @property
    def coverage(self):
        if self._coverage is None:
            from indicators.figures import coverage_of
            from kla_portal.models import District

            districts = District.objects.filter(code=self.district.code)
            self._coverage = coverage_of(districts)[self.district.code]
        return self._coverage

    @property
    def completion(self):
        if self._completion is None:
            from trainings.plans.completion import completion_rates
            from trainings.plans.models import ActionItem

            items = ActionItem.objects.filter(plan__district=self.district)
            if self.framework is not None:  # the same code under another framework is not it
                items = items.filter(indicator__framework=self.framework)
            self._completion = completion_rates(items, by="indicator", today=self.today)
        return self._completion

    @cached_property
    def functions(self) -> dict[str, "_Group"]:
        """{function code: _Group}: every participant function, with its people."""
        from trainings.models import Participant, ParticipantFunction, Training

        functions = {f.code: _Group(f) for f in ParticipantFunction.objects.all()}
        certified = Q(certificate_code__isnull=False)
        rows = (
            Participant.objects.filter(
                training__district=self.district,
                training__is_active=True,
                is_active=True,
                person__is_active=True,
                function__isnull=False,
            )
            .exclude(training__kind=Training.Kind.SOSIALISASI)
            .values("function__code")
            .annotate(
                people=Count("person", distinct=True),
                certified=Count("person", distinct=True, filter=certified),
                first=Min("training", filter=certified),
                last=Max("training", filter=certified),
                first_any=Min("training"),
                last_any=Max("training"),
            )
            .order_by()
        )
        for row in rows:
            group = functions.get(row["function__code"])
            if group is None:
                continue
            group.people, group.certified = row["people"], row["certified"]
            group.trainings = (
                (row["first"], row["last"])
                if row["certified"]
                else (row["first_any"], row["last_any"])
            )
        return functions

    @cached_property
    def plan_items(self):
        """Not-cancelled items of the district's active action plans."""
        from trainings.plans.models import ActionItem

        return ActionItem.objects.filter(
            plan__district=self.district, plan__is_active=True
        ).exclude(status=ActionItem.Status.CANCELLED)

    @cached_property
    def plan_clusters(self) -> set[str]:
        return set(
            self.plan_items.filter(indicator__isnull=False)
            .order_by()
            .values_list("indicator__cluster", flat=True)
            .distinct()
        )

    @cached_property
    def plan_monitoring(self) -> tuple[int, int]:
        """(items, items with a progress update in the last ``MONITORING_DAYS`` days)."""
        from trainings.plans.models import ProgressUpdate

        recent = ProgressUpdate.objects.filter(
            item=OuterRef("pk"),
            date__gt=self.today - timedelta(days=MONITORING_DAYS),
            date__lte=self.today,
        )
        counts = self.plan_items.order_by().aggregate(
            total=Count("pk"), monitored=Count("pk", filter=Exists(recent))
        )
        return counts["total"], counts["monitored"]

    @cached_property
    def tobacco_partners(self) -> list:
        from stakeholders.models import Institution

        if not self.tobacco_institutions:
            return []
        return list(
            Institution.objects.filter(
                district=self.district, is_active=True, is_tobacco_industry=True
            ).order_by("name")
        )

    def institutions(self, sector: str) -> int:
        return sum(self.stages.get(sector, {}).values())

    def at_least(self, sector: str, stage: int) -> int:
        return sum(n for s, n in self.stages.get(sector, {}).items() if s >= stage)

    def institution_list(self, sector: str, stage: str = "") -> str:
        query = f"?sector={sector}" + (f"&stage={stage}" if stage else "")
        return _url(
            "stakeholders:institution_list", self.district.code, query=query, fallback=self.hub
        )


def _task_force_url(facts):
    if facts.task_force is not None:
        return _url("stakeholders:task_force", facts.task_force.pk, fallback=facts.hub)
    return _url("stakeholders:task_force_list", facts.district.code, fallback=facts.hub)


def _decree(facts, source, _param):
    tf = facts.task_force
    url = _task_force_url(facts)
    if tf is None:
        return Suggestion(source, ItemStatus.NOT_MET, _("Belum ada gugus tugas tercatat."), url)
    if tf.valid_until and tf.valid_until < facts.today:
        text = _("SK %(number)s sudah berakhir pada %(date)s.") % {
            "number": tf.decree_number,
            "date": date_format(tf.valid_until, "d/m/Y"),
        }
        return Suggestion(source, ItemStatus.NOT_MET, text, url)
    if tf.valid_until:
        text = _("SK %(number)s berlaku sampai %(date)s.") % {
            "number": tf.decree_number,
            "date": date_format(tf.valid_until, "d/m/Y"),
        }
    else:
        text = _("SK %(number)s tanggal %(date)s berlaku.") % {
            "number": tf.decree_number,
            "date": date_format(tf.decree_date, "d/m/Y"),
        }
    return Suggestion(source, ItemStatus.MET, text, url)


def _structure(facts, source, _param):
    url = _task_force_url(facts)
    if facts.task_force is None:
        return Suggestion(source, ItemStatus.NOT_MET, _("Belum ada gugus tugas tercatat."), url)
    present = {wg.cluster for wg in facts.task_force.working_groups.all()}
    missing = [str(label) for value, label in Cluster.choices if value not in present]
    found = len(Cluster.choices) - len(missing)
    text = _("%(found)s dari %(all)s kelompok kerja (Kelembagaan dan 5 klaster)") % {
        "found": found,
        "all": len(Cluster.choices),
    }
    if missing:
        text += "; " + _("belum ada: %(missing)s") % {"missing": ", ".join(missing)}
    if not missing:
        status = ItemStatus.MET
    elif found >= 3:
        status = ItemStatus.PARTLY
    else:
        status = ItemStatus.NOT_MET
    return Suggestion(source, status, text + ".", url)


def _trained_task_force(facts, source, _param):
    url = _task_force_url(facts)
    coverage = facts.coverage
    if not coverage.task_force_members:
        return Suggestion(source, "", _("Belum ada anggota gugus tugas tercatat."), url)
    share = coverage.trained_task_force_members / coverage.task_force_members
    text = _("%(trained)s dari %(all)s anggota gugus tugas terlatih KHA (%(percent)s).") % {
        "trained": coverage.trained_task_force_members,
        "all": coverage.task_force_members,
        "percent": _percent(share),
    }
    return Suggestion(source, _by_share(share), text, url)


def _sector_name(facts, code):
    sector = facts.sectors.get(code)
    return sector.name if sector else code


def _sector_stage(facts, source, sector):
    total = facts.institutions(sector)
    url = facts.institution_list(sector, "tuntas")
    name = _sector_name(facts, sector)
    if not total or sector not in facts.sectors:
        return Suggestion(
            source, "", _("Belum ada data lembaga %(sector)s.") % {"sector": name}, url
        )
    final = facts.sectors[sector].path_length
    done = facts.at_least(sector, final) if final else 0
    share = done / total
    text = _("%(done)s dari %(all)s %(sector)s sudah tuntas semua tahap (%(percent)s).") % {
        "done": done,
        "all": total,
        "sector": name,
        "percent": _percent(share),
    }
    return Suggestion(source, _by_share(share), text, url)


def _sector_trained(facts, source, sector):
    coverage = facts.coverage.sectors.get(sector)
    url = facts.institution_list(sector)
    name = _sector_name(facts, sector)
    if coverage is None or not coverage.institutions:
        return Suggestion(
            source, "", _("Belum ada data lembaga %(sector)s.") % {"sector": name}, url
        )
    share = coverage.institutions_with_trained / coverage.institutions
    text = _(
        "%(with)s dari %(all)s %(sector)s punya orang terlatih KHA (%(percent)s); "
        "%(people)s orang terlatih."
    ) % {
        "with": coverage.institutions_with_trained,
        "all": coverage.institutions,
        "sector": name,
        "percent": _percent(share),
        "people": coverage.trained_people,
    }
    return Suggestion(source, _by_share(share), text, url)


def _body(facts, source, _param):
    """Forum Anak or PUSPAGA: the most advanced of the district's bodies."""
    sector = source
    url = facts.institution_list(sector)
    name = _sector_name(facts, sector)
    stages = facts.stages.get(sector, {})
    if not stages:
        return Suggestion(
            source, ItemStatus.NOT_MET, _("Belum ada %(body)s tercatat.") % {"body": name}, url
        )
    best = max(stages)
    if best >= BODY_ACTIVE_STAGE:
        status = ItemStatus.MET
    elif best >= 1:
        status = ItemStatus.PARTLY
    else:
        status = ItemStatus.NOT_MET
    text = _("%(body)s: %(n)s tercatat, tahap tertinggi %(stage)s dari %(all)s.") % {
        "body": name,
        "n": sum(stages.values()),
        "stage": best,
        "all": facts.sectors[sector].path_length if sector in facts.sectors else "?",
    }
    return Suggestion(source, status, text, url)


def _tobacco_note(facts) -> str:
    if not facts.tobacco_institutions:
        return ""
    return " " + _("%(n)s perusahaan rokok tidak dihitung.") % {"n": facts.tobacco_institutions}


def _apsai(facts, source, _param):
    sector = BUSINESS_SECTOR
    url = facts.institution_list(sector)
    total = facts.institutions(sector)  # tobacco companies are never in it
    if not total:
        return Suggestion(source, "", _("Belum ada data dunia usaha.") + _tobacco_note(facts), url)
    members = facts.at_least(sector, APSAI_STAGE)
    share = members / total
    text = _("%(n)s dari %(all)s perusahaan sudah anggota APSAI (%(percent)s).") % {
        "n": members,
        "all": total,
        "percent": _percent(share),
    }
    return Suggestion(source, _by_share(share), text + _tobacco_note(facts), url)


def _rtl(facts, source, number):
    url = _url("plans:plan_board", facts.district.code, fallback=facts.hub)
    completion = facts.completion.get(str(number).upper())  # keyed by code: "19", "21A"
    if completion is None or completion.rate is None:
        text = _("Belum ada kegiatan RTL untuk indikator %(n)s.") % {"n": number}
        return Suggestion(source, "", text, url)
    text = _("%(done)s dari %(all)s kegiatan RTL indikator %(n)s selesai (%(percent)s).") % {
        "done": completion.done,
        "all": completion.total - completion.cancelled,
        "n": number,
        "percent": _percent(completion.rate),
    }
    return Suggestion(source, _by_share(completion.rate, RTL_MET, RTL_PARTLY), text, url)


# The 2024 instrument's rules: statuses in its quarter steps.


def _task_force(facts, source, _param):
    """2.1, SK and membership: the decree is half of it, the structure the other half."""
    decree = _decree(facts, source, _param)
    if decree.status != ItemStatus.MET:
        return decree
    tf = facts.task_force
    present = {wg.cluster for wg in tf.working_groups.all()}
    found = sum(1 for value in Cluster.values if value in present)
    share = 0.5 + 0.5 * (found / len(Cluster.values) if tf.active_members else 0)
    text = _(
        "%(decree)s %(found)s dari %(all)s kelompok kerja (Kelembagaan dan 5 klaster); "
        "%(members)s anggota aktif tercatat."
    ) % {
        "decree": decree.explanation,
        "found": found,
        "all": len(Cluster.values),
        "members": tf.active_members,
    }
    return Suggestion(source, _by_quarter(share), text, decree.url)


def _trained_function(facts, source, code):
    """People of one function (fungsi/peran) holding a KHA training certificate."""
    group = facts.functions.get(code)
    trainings_url = _url("trainings:list", facts.district.code, fallback=facts.hub)
    if group is None:
        text = _("Fungsi peserta %(code)s tidak ada di katalog.") % {"code": code}
        return Suggestion(source, "", text, trainings_url)
    function = group.function
    first, last = group.trainings
    if first is not None and first == last:  # one training: its participant list
        url = _url("trainings:training", first, fallback=trainings_url)
    else:  # the district's trainings with participants of this function
        url = _url(
            "trainings:list",
            facts.district.code,
            query=f"?function={function.code}",
            fallback=facts.hub,
        )
    if not group.people:
        text = _("Belum ada peserta pelatihan KHA dengan fungsi %(function)s.") % {
            "function": function.name
        }
        return Suggestion(source, "", text, url)
    n = group.certified
    if n >= TRAINED_MET:
        status = ItemStatus.MET
    elif n >= TRAINED_THREE_QUARTERS:
        status = ItemStatus.THREE_QUARTERS
    elif n >= TRAINED_PARTLY:
        status = ItemStatus.PARTLY
    else:
        status = ItemStatus.NOT_MET
    text = _("%(function)s: %(n)s orang bersertifikat (dari %(m)s peserta dengan fungsi ini).") % {
        "function": function.name,
        "n": n,
        "m": group.people,
    }
    return Suggestion(source, status, text, url)


def _share_at(stages: dict[int, int], step: int) -> tuple[int, int]:
    """(institutions, those at or past ``step``)."""
    return sum(stages.values()), sum(n for stage, n in stages.items() if stage >= step)


def _sector_decree(facts, source, sector):
    """Share of the sector's institutions designated by decree (at or past that step)."""
    name = _sector_name(facts, sector)
    url = facts.institution_list(sector)
    found = facts.sectors.get(sector)
    if found is None or found.decree_step is None:
        text = _("Sektor %(sector)s tidak punya tahap penetapan SK di katalog.") % {"sector": name}
        return Suggestion(source, "", text, url)
    total, decreed = _share_at(facts.stages.get(sector, {}), found.decree_step)
    if not total:
        text = _("Belum ada data lembaga %(sector)s.") % {"sector": name}
        return Suggestion(source, "", text, url)
    share = decreed / total
    text = _("%(n)s dari %(all)s %(sector)s sudah ditetapkan dengan SK (%(percent)s).") % {
        "n": decreed,
        "all": total,
        "sector": name,
        "percent": _percent(share),
    }
    return Suggestion(source, _by_quarter(share), text, url)


def _school_decree(facts, source, level):
    """19.2a-e: share of the schools of one level at or past the SRA decree."""
    from stakeholders.models import SCHOOL_SECTOR, SchoolLevel

    label = SchoolLevel(level).label if level in SchoolLevel.values else level
    schools = facts.sectors.get(SCHOOL_SECTOR)
    url = facts.institution_list(SCHOOL_SECTOR) + f"&school_level={level}"
    if schools is None or schools.decree_step is None:
        text = _("Jalur SRA di katalog tidak punya tahap SK Sekolah Ramah Anak.")
        return Suggestion(source, "", text, url)
    total, decreed = _share_at(facts.level_stages.get(level, {}), schools.decree_step)
    if not total:
        unknown = sum(facts.level_stages.get("", {}).values())
        text = _("Belum ada sekolah jenjang %(level)s tercatat.") % {"level": label}
        if unknown:
            text += " " + _("%(n)s sekolah belum diisi jenjangnya.") % {"n": unknown}
        return Suggestion(source, "", text, url)
    share = decreed / total
    text = _("%(n)s dari %(all)s sekolah %(level)s sudah ber-SK SRA (%(percent)s).") % {
        "n": decreed,
        "all": total,
        "level": label,
        "percent": _percent(share),
    }
    return Suggestion(source, _by_quarter(share), text, url)


def _final_stage(facts, source, sector):
    """Share at the sector's last step, on the quarter steps (``sector_stage`` for them)."""
    found = _sector_stage(facts, source, sector)
    total = facts.institutions(sector)
    if not found.status or not total:
        return found
    share = facts.at_least(sector, facts.sectors[sector].path_length) / total
    return replace(found, status=_by_quarter(share))


def _plan_clusters(facts, source, _param):
    url = _url("plans:plan_board", facts.district.code, fallback=facts.hub)
    covered = facts.plan_clusters
    if not covered:
        text = _("Belum ada kegiatan rencana aksi (RTL) yang terhubung ke indikator.")
        return Suggestion(source, "", text, url)
    missing = [str(label) for value, label in Cluster.choices if value not in covered]
    found = len(Cluster.choices) - len(missing)
    text = _(
        "Kegiatan rencana aksi (RTL) tercatat mencakup %(found)s dari %(all)s kelompok "
        "(Kelembagaan dan 5 klaster)"
    ) % {"found": found, "all": len(Cluster.choices)}
    if missing:
        text += "; " + _("belum ada: %(missing)s") % {"missing": ", ".join(missing)}
    return Suggestion(source, _by_quarter(found / len(Cluster.choices)), text + ".", url)


def _plan_monitoring(facts, source, _param):
    url = _url("plans:plan_board", facts.district.code, fallback=facts.hub)
    total, monitored = facts.plan_monitoring
    if not total:
        return Suggestion(source, "", _("Belum ada kegiatan rencana aksi (RTL) tercatat."), url)
    share = monitored / total
    text = _(
        "%(n)s dari %(all)s kegiatan rencana aksi (RTL) punya catatan perkembangan "
        "dalam 12 bulan terakhir (%(percent)s)."
    ) % {"n": monitored, "all": total, "percent": _percent(share)}
    return Suggestion(source, _by_quarter(share), text, url)


def _tobacco(facts, source, _param):
    """17.6: cooperation with the tobacco industry counts against the district."""
    url = facts.institution_list(BUSINESS_SECTOR)
    partners = facts.tobacco_partners
    if not partners:
        text = _(
            "Tidak ada perusahaan rokok tercatat sebagai mitra. Aplikasi tidak melihat "
            "sponsor atau CSR di luar daftar lembaga, jadi tidak ada usulan."
        )
        return Suggestion(source, "", text, url)
    names = ", ".join(p.name for p in partners[:3])
    if len(partners) > 3:
        names += " " + _("dan %(n)s lainnya") % {"n": len(partners) - 3}
    text = _(
        "Ada kerja sama dengan %(n)s perusahaan rokok (%(names)s): ini mengurangi nilai, "
        "jadi usulannya tidak terpenuhi."
    ) % {"n": len(partners), "names": names}
    if len(partners) == 1:
        url = _url("stakeholders:institution", partners[0].pk, fallback=url)
    return Suggestion(source, ItemStatus.NOT_MET, text, url)


RULES = {
    "task_force_decree": _decree,
    "task_force_structure": _structure,
    "trained_task_force": _trained_task_force,
    "sector_stage": _sector_stage,
    "sector_trained": _sector_trained,
    "forum_anak": _body,
    "puspaga": _body,
    "apsai": _apsai,
    "rtl_completion": _rtl,
    # The 2024 instrument
    "task_force": _task_force,
    "trained_function": _trained_function,
    "sector_decree": _sector_decree,
    "school_decree": _school_decree,
    "final_stage": _final_stage,
    "plan_clusters": _plan_clusters,
    "plan_monitoring": _plan_monitoring,
    "tobacco": _tobacco,
}


def is_known(source: str) -> bool:
    return source.partition(":")[0] in RULES


def suggestions_for(
    district, sources, *, today: date | None = None, framework=None
) -> dict[str, Suggestion]:
    """``{source code: Suggestion}`` for the given codes (unknown codes are left out).

    A status here may be finer than a question allows: ``fit`` it to the question,
    as ``suggestions_for_assessment`` and ``suggestion_for_item`` do.
    """
    wanted = sorted({s for s in sources if s and is_known(s)})
    if not wanted:
        return {}
    facts = _Facts(district, today or timezone.localdate(), framework)
    result = {}
    for source in wanted:
        code, _sep, param = source.partition(":")
        result[source] = RULES[code](facts, source, param)
    return result


def suggestions_for_assessment(assessment, items=None, *, today=None) -> dict[int, Suggestion]:
    """``{item assessment id: Suggestion}`` for the assessment's derivable items, each
    with a status its question allows. The facts are read once for all the questions."""
    if items is None:
        items = assessment.items.select_related("item")
    items = [ia for ia in items if ia.item.derived_source]
    by_source = suggestions_for(
        assessment.district,
        [ia.item.derived_source for ia in items],
        today=today,
        framework=assessment.framework_id,
    )
    return {
        ia.pk: fit(by_source[ia.item.derived_source], ia.item)
        for ia in items
        if ia.item.derived_source in by_source
    }


def suggestion_for_item(item_assessment, *, today=None) -> Suggestion | None:
    """The suggestion for one question of an assessment, fitted to it (the item page)."""
    source = item_assessment.item.derived_source
    if not source:
        return None
    assessment = item_assessment.assessment
    found = suggestions_for(
        assessment.district, [source], today=today, framework=assessment.framework_id
    ).get(source)
    return fit(found, item_assessment.item) if found else None

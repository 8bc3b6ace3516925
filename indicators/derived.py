"""Suggestions for the checklist items the app already knows about.

A checklist item with a ``derived_source`` code gets a suggested status, a
one-line explanation with the numbers behind it and a link to the page the
numbers come from. The officer accepts the suggestion or overrides it with a
reason (``indicators.workflow``); nothing is ever filled in silently.

Codes and their rules (shares are of the district's active rows)::

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
    rtl_completion:<number>  done over not-cancelled action-plan items of the indicator

A share of at least ``MET_SHARE`` is met, at least ``PARTLY_SHARE`` partly;
for action plans ``RTL_MET`` and ``RTL_PARTLY``. Without data there is no
suggestion (status "") and the explanation says what is missing.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indicators.models import ItemStatus
from kla_portal.models import Cluster

MET_SHARE = 0.5
PARTLY_SHARE = 0.2
RTL_MET = 0.75
RTL_PARTLY = 0.25
APSAI_STAGE = 2  # "Anggota APSAI kabupaten/kota" in the sector catalogue
BODY_ACTIVE_STAGE = 2  # Forum Anak / PUSPAGA: decree, then activities


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


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


class _Facts:
    """What the rules read, loaded once per district in a fixed number of queries."""

    def __init__(self, district, today: date):
        from stakeholders.models import Institution, Sector, TaskForce

        self.district = district
        self.today = today
        self.hub = district.get_absolute_url()
        self.task_force = (
            TaskForce.objects.filter(district=district, is_current=True, is_active=True)
            .prefetch_related("working_groups")
            .first()
        )
        self.sectors = {s.code: s for s in Sector.objects.annotate(path_length=Count("milestones"))}
        # {sector: {stage: count}}
        self.stages = defaultdict(dict)
        for row in (
            Institution.objects.filter(district=district, is_active=True)
            .values("sector_id", "stage")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            self.stages[row["sector_id"]][row["stage"]] = row["n"]
        self._coverage = None
        self._completion = None

    @property
    def coverage(self):
        if self._coverage is None:
            from kla_portal.models import District
            from trainings.coverage import coverage_for

            districts = District.objects.filter(code=self.district.code)
            self._coverage = coverage_for(districts)[self.district.code]
        return self._coverage

    @property
    def completion(self):
        if self._completion is None:
            from trainings.plans.completion import completion_rates
            from trainings.plans.models import ActionItem

            items = ActionItem.objects.filter(plan__district=self.district)
            self._completion = completion_rates(items, by="indicator", today=self.today)
        return self._completion

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


def _apsai(facts, source, _param):
    sector = "dunia_usaha"
    url = facts.institution_list(sector)
    total = facts.institutions(sector)
    if not total:
        return Suggestion(source, "", _("Belum ada data dunia usaha."), url)
    members = facts.at_least(sector, APSAI_STAGE)
    share = members / total
    text = _("%(n)s dari %(all)s perusahaan sudah anggota APSAI (%(percent)s).") % {
        "n": members,
        "all": total,
        "percent": _percent(share),
    }
    return Suggestion(source, _by_share(share), text, url)


def _rtl(facts, source, number):
    url = _url("plans:plan_board", facts.district.code, fallback=facts.hub)
    completion = facts.completion.get(str(number))
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
}


def is_known(source: str) -> bool:
    return source.partition(":")[0] in RULES


def suggestions_for(district, sources, *, today: date | None = None) -> dict[str, Suggestion]:
    """``{source code: Suggestion}`` for the given codes (unknown codes are left out)."""
    wanted = sorted({s for s in sources if s and is_known(s)})
    if not wanted:
        return {}
    facts = _Facts(district, today or timezone.localdate())
    result = {}
    for source in wanted:
        code, _sep, param = source.partition(":")
        result[source] = RULES[code](facts, source, param)
    return result


def suggestions_for_assessment(assessment, items=None, *, today=None) -> dict[int, Suggestion]:
    """``{item assessment id: Suggestion}`` for the assessment's derivable items."""
    if items is None:
        items = assessment.items.select_related("item")
    items = [ia for ia in items if ia.item.derived_source]
    by_source = suggestions_for(
        assessment.district, [ia.item.derived_source for ia in items], today=today
    )
    return {
        ia.pk: by_source[ia.item.derived_source]
        for ia in items
        if ia.item.derived_source in by_source
    }

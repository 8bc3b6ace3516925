"""The assessment page's one form: the rows it shows, and what it posts.

The page lists every question of the assessment (274 in the 2024 instrument) by
group and indicator, with an index, filters and the score. All answers sit in
one ``<form>``: the page's JavaScript posts only the rows it saw change, the form
without it posts every row, and ``workflow.fill_items`` leaves alone the rows
that did not change. A row posts ``i<pk>-status``, ``-figure_previous``,
``-figure_current``, ``-notes`` and, where shown, ``-confirm``, ``-accept`` and
``-reason``; one field ``versions`` ("pk:version:was;...") carries what the page
loaded for every row. One field for all versions keeps a full post of 274
questions (about 650 fields) under Django's limit of 1,000 fields per request.

Everything here is loaded in a fixed number of queries, whatever the number of
questions: the rows with their questions and evidence counts, the framework's
indicators for the score, the suggestions' facts (when a question has a derived
source).
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from indicators import derived, scoring, workflow
from indicators.forms import VerifyItemForm
from indicators.models import Assessment, ChecklistItem, Framework, ItemAssessment
from kla_portal.forms import is_key

ALL = "semua"
FILTERS = [
    (ALL, _("Semua")),
    ("belum", _("Belum dijawab")),
    ("tanpa-bukti", _("Tanpa bukti")),
    ("dikembalikan", _("Dikembalikan")),
    ("perlu-diperbarui", _("Perlu diperbarui")),
]
FILTER_KEYS = {key for key, _label in FILTERS}
MAX_ROWS = 2000  # a post naming more rows than any framework has is cut here
# A question's answers as radio buttons: made here rather than in the template, where
# 274 questions of five answers each were a third of the page's time.
RADIO = (
    '<input type="radio" class="btn-check" name="{0}" id="{1}" value="{2}" autocomplete="off"'
    '{3}><label class="btn btn-sm btn-outline-primary answer-option" for="{1}">{4}</label>'
)
CHECKED = {True: mark_safe(" checked"), False: ""}


def filter_of(value: str) -> str:
    return value if value in FILTER_KEYS else ALL


def posted_changes(post, only: int | None = None) -> list[workflow.ItemChange]:
    """The rows a post names in ``versions`` (``only``: that row, if it is named)."""
    changes = []
    for entry in post.get("versions", "").split(";")[:MAX_ROWS]:
        pk_text, _sep, rest = entry.partition(":")
        version, _sep, was = rest.partition(":")
        if not is_key(pk_text):
            continue
        pk = int(pk_text)
        if only is not None and pk != only:
            continue
        prefix = f"i{pk}-"
        changes.append(
            workflow.ItemChange(
                pk=pk,
                status=post.get(prefix + "status", ""),
                figure_previous=post.get(prefix + "figure_previous", ""),
                figure_current=post.get(prefix + "figure_current", ""),
                notes=post.get(prefix + "notes", ""),
                version=version,
                was=was,
                confirm=post.get(prefix + "confirm") == "1",
                accept_suggestion=post.get(prefix + "accept") == "1",
                reason=post.get(prefix + "reason", ""),
            )
        )
    return changes


def figure_text(value: Decimal | None) -> str:
    """A stored figure as the input shows it: 45.5 as "45,5" in Indonesian, 60 as "60"."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


def page_items(assessment: Assessment) -> list[ItemAssessment]:
    """The assessment's rows with their questions and evidence counts: one query."""
    items = list(
        assessment.items.select_related("item__indicator").annotate(
            evidence_count=Count("evidence")
        )
    )
    for ia in items:
        ia.assessment = assessment  # the permission rules read it: no query per row
    return items


@dataclass
class Scores:
    card: scoring.ScoreCard
    verified: scoring.ScoreCard | None
    answered: Counter  # {indicator id: questions answered}
    questions: int

    @property
    def total_answered(self) -> int:
        return sum(self.answered.values())


def scores_of(assessment: Assessment, rows, indicators=None) -> Scores:
    """``rows``: (item id, own status, verified status) of every answer."""
    indicators = indicators or scoring.framework_indicators(assessment.framework_id)
    rows = list(rows)
    card = scoring.score(indicators, scoring.statuses_of(rows, verified=False))
    verified = None
    if any(checked for _item, _own, checked in rows):
        verified = scoring.score(indicators, scoring.statuses_of(rows, verified=True))
    indicator_of = {item.pk: i.pk for i in indicators for item in i.items.all()}
    answered = Counter(indicator_of.get(item) for item, own, _checked in rows if own)
    return Scores(card, verified, answered, len(rows))


def index_of(scores: Scores) -> list[dict]:
    """The groups and their indicators, with answered/total and points: the page's index."""
    labels = {c.cluster: c for c in scores.card.clusters}
    groups: list[dict] = []
    for indicator in scores.card.indicators:
        if not groups or groups[-1]["cluster"].cluster != indicator.cluster:
            groups.append({"cluster": labels[indicator.cluster], "indicators": []})
        groups[-1]["indicators"].append(
            {
                "score": indicator,
                "answered": scores.answered.get(indicator.indicator_id, 0),
                "total": len(indicator.items),
            }
        )
    return groups


def summary_context(assessment: Assessment, scores: Scores) -> dict:
    """What the score bar and the index show (re-rendered after each save)."""
    return {
        "assessment": assessment,
        "card": scores.card,
        "verified_card": scores.verified,
        "index": index_of(scores),
        "answered": scores.total_answered,
        "questions": scores.questions,
        "draft_framework": assessment.framework.scoring == Framework.Scoring.WEIGHTED,
    }


def _flags(ia: ItemAssessment) -> dict[str, bool]:
    return {
        "answered": bool(ia.self_status),
        "evidence": bool(ia.evidence_count),
        "returned": ia.is_returned or ia.is_reopened,
        "carried": ia.carried_from is not None,
    }


def _matches(flags: dict[str, bool], key: str) -> bool:
    return {
        ALL: True,
        "belum": not flags["answered"],
        "tanpa-bukti": not flags["evidence"],
        "dikembalikan": flags["returned"],
        "perlu-diperbarui": flags["carried"],
    }[key]


@dataclass
class Page:
    groups: list[dict]
    versions: str  # the form's ``versions`` field: every fillable row
    counts: dict[str, int]
    fillable: int
    last_saved: object = None
    suggestions: dict = field(default_factory=dict)


def value_of(ia: ItemAssessment, change: workflow.ItemChange | None) -> dict:
    """A row's inputs: what the user posted when the page comes back with their input."""
    if change is not None:
        return {
            "status": change.status,
            "figure_previous": change.figure_previous,
            "figure_current": change.figure_current,
            "notes": change.notes,
            "confirm": change.confirm,
            "accept": change.accept_suggestion,
            "reason": change.reason,
        }
    return {
        "status": ia.self_status,
        "figure_previous": figure_text(ia.figure_previous),
        "figure_current": figure_text(ia.figure_current),
        "notes": ia.notes,
        "confirm": False,
        "accept": False,
        "reason": "",
    }


def answer_row(
    ia: ItemAssessment, *, year: int, change=None, version=None, was=None, statuses=None
) -> dict:
    """The inputs of one question (``_answer_fields.html``), on the page or its own.

    Names and ids are made here, as strings: the template only prints them (274 rows
    of template lookups and number formatting are most of the page's time)."""
    value = value_of(ia, change)
    prefix = f"i{ia.pk}-"
    return {
        "pk": str(ia.pk),
        "prefix": prefix,
        "ia": ia,
        "item": ia.item,
        "code": ia.item.full_code,
        "radios": format_html_join(
            "",
            RADIO,
            (
                (
                    f"{prefix}status",
                    f"{prefix}s-{status}",
                    status,
                    CHECKED[status == value["status"]],
                    label,
                )
                for status, label in (statuses if statuses is not None else ia.item.statuses)
            ),
        ),
        "value": value,
        "figures": [
            (f"{prefix}{name}", label, value[name])
            for name, label in workflow.figure_labels(ia.item, year).items()
        ],
        "percent": ia.item.figures != ChecklistItem.Figures.COUNT,
        "version": version if version is not None else workflow.version_of(ia),
        "was": was if was is not None else workflow.digest_of(ia),
    }


def build(
    assessment: Assessment,
    items: list[ItemAssessment],
    scores: Scores,
    user,
    *,
    verify_mode: bool,
    filter_key: str = ALL,
    posted: list[workflow.ItemChange] | None = None,
    refused: workflow.FillRefused | None = None,
) -> Page:
    """Groups -> indicators -> question rows, in the score card's order.

    After a refused save (``posted``, ``refused``) the rows the user changed show
    what they typed, with the problems found in them; a row someone else changed in
    the meantime gets its new version, so that saving again keeps the user's answer.
    """
    by_item = {ia.item_id: ia for ia in items}
    clusters = {c.cluster: c for c in scores.card.clusters}
    posted_by_pk = {c.pk: c for c in posted or []}
    changed = refused.changed if refused else set()
    problems = refused.problems if refused else {}
    stale = refused.stale if refused else {}
    fill = {ia.pk for ia in items if not verify_mode and workflow.can_fill_item(user, ia)}
    suggestions = (
        derived.suggestions_for_assessment(assessment, [ia for ia in items if ia.pk in fill])
        if fill
        else {}
    )
    can_return = verify_mode and workflow.can_verify(user, assessment)
    counts = dict.fromkeys(FILTER_KEYS, 0)
    steps: dict[str, list] = {}  # the answers of each kind of question, translated once
    item_url = reverse("indicators:item", args=[0])
    versions = []
    groups: list[dict] = []
    for indicator in scores.card.indicators:
        if not groups or groups[-1]["cluster"].cluster != indicator.cluster:
            groups.append({"cluster": clusters[indicator.cluster], "indicators": [], "shown": 0})
        rows = []
        for score in indicator.items:
            ia = by_item.get(score.item_id)
            if ia is None:
                continue
            flags = _flags(ia)
            for key in FILTER_KEYS:
                counts[key] += _matches(flags, key)
            change = posted_by_pk.get(ia.pk) if ia.pk in changed else None
            item = ia.item
            if item.kind not in steps:
                steps[item.kind] = item.statuses
            labels = dict(steps[item.kind])
            row = {
                "pk": str(ia.pk),
                "url": item_url.replace("/0/", f"/{ia.pk}/"),
                "status_label": labels.get(ia.self_status, ""),
                "verified_label": labels.get(ia.verified_status, ""),
                "ia": ia,
                "item": item,
                "score": score,
                "points": f"{score.points:.2f}",
                "max_points": f"{score.max_points:.2f}",
                "agencies": ", ".join(item.responsible),
                "code": item.full_code,
                "flags": flags,
                "data": {key: "1" if on else "0" for key, on in flags.items()},
                "hidden": not _matches(flags, filter_key),
                "errors": problems.get(ia.pk, []),
                "fill": ia.pk in fill,
                "suggestion": suggestions.get(ia.pk),
            }
            if row["fill"]:
                version = (
                    workflow.version_of(stale[ia.pk])
                    if ia.pk in stale
                    else (change.version if change else None)
                )
                answer = answer_row(
                    ia,
                    year=assessment.year,
                    change=change,
                    version=version,
                    was=change.was if change else None,
                    statuses=steps[item.kind],
                )
                row["answer"] = answer | {"suggestion": row["suggestion"], "errors": row["errors"]}
                versions.append(f"{ia.pk}:{answer['version']}:{answer['was']}")
            if verify_mode and workflow.can_verify_item(user, ia):
                row["verify_form"] = VerifyItemForm(instance=ia, prefix=f"v{ia.pk}")
            row["can_return"] = can_return
            row["can_reopen"] = verify_mode and workflow.can_reopen_item(user, ia)
            rows.append(row)
        shown = sum(not r["hidden"] for r in rows)
        groups[-1]["shown"] += shown
        groups[-1]["indicators"].append(
            {
                "score": indicator,
                "rows": rows,
                "answered": scores.answered.get(indicator.indicator_id, 0),
                "questions_max": sum((i.max_points for i in indicator.items), Decimal(0)),
                "hidden": not shown,
            }
        )
    last_saved = max((ia.updated_at for ia in items if ia.updated_at), default=None)
    return Page(
        groups=groups,
        versions=";".join(versions),
        counts=counts,
        fillable=len(fill),
        last_saved=timezone.localtime(last_saved) if last_saved else None,
        suggestions=suggestions,
    )

"""What is still missing before the district submits its self-assessment.

The ministry scores what the evidence shows: a question left blank earns nothing,
and one that claims points without a document is where the VA marks a district
down (Demak 2022: EM 973.90, VA 697.40). So before the EM is submitted the page
lists, per indicator, the questions not answered and those answered with points
but no evidence; an answer of "not met" claims nothing and needs none.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from indicators.models import Assessment, ItemAssessment, ItemEvidence, ItemStatus


@dataclass(frozen=True)
class IndicatorGaps:
    code: str
    name: str
    unanswered: int
    without_evidence: int


@dataclass(frozen=True)
class Gaps:
    indicators: list[IndicatorGaps]  # only those with something missing, in order

    @property
    def unanswered(self) -> int:
        return sum(i.unanswered for i in self.indicators)

    @property
    def without_evidence(self) -> int:
        return sum(i.without_evidence for i in self.indicators)

    def __bool__(self) -> bool:
        return bool(self.indicators)


def submission_gaps(assessment: Assessment, items: Iterable[ItemAssessment] | None = None) -> Gaps:
    """The unanswered and undocumented questions of the assessment, per indicator: one
    query, or none when the page has ``items`` loaded (``answer_form.page_items``: with
    their indicators and ``evidence_count``)."""
    if items is not None:
        rows: Iterable[tuple] = (
            (
                ia.item.indicator.number,
                ia.item.indicator.code,
                ia.item.indicator.name,
                ia.self_status,
                bool(ia.evidence_count),
            )
            for ia in items
        )
    else:
        documented = Exists(ItemEvidence.objects.filter(item_assessment=OuterRef("pk")))
        rows = assessment.items.annotate(documented=documented).values_list(
            "item__indicator__number",
            "item__indicator__code",
            "item__indicator__name",
            "self_status",
            "documented",
        )
    return gaps_of(rows)


def gaps_of(rows: Iterable[tuple]) -> Gaps:
    """``rows``: (indicator number, code, name, answer, has evidence) per question."""
    found: dict[int, list] = {}
    for number, code, name, answer, documented in rows:
        entry = found.setdefault(number, [code, name, 0, 0])
        if not answer:
            entry[2] += 1
        elif answer != ItemStatus.NOT_MET and not documented:
            entry[3] += 1
    return Gaps(
        [
            IndicatorGaps(code, name, unanswered, undocumented)
            for _number, (code, name, unanswered, undocumented) in sorted(found.items())
            if unanswered or undocumented
        ]
    )

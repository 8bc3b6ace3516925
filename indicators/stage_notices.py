"""Who hears of what happens in an evaluation (``kla_portal.notices``).

A question returned or the whole assessment sent back: the district's Dinas
PPPA. A stage submitted (the EM, or the fixes of returned questions): whoever
runs the stage now. A stage completed: the district, and whoever runs the next.
A deadline in 7 days and in 1 day: whoever runs the stage that is due.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from indicators.models import Assessment, ItemAssessment, Stage
from kla_portal.models import Role
from kla_portal.notices import notify

User = get_user_model()


def district_staff(assessment: Assessment):
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.DISTRICT_ADMIN,
        memberships__district=assessment.district_id,
    )


def province_coordinators(assessment: Assessment):
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.PROVINCE_COORDINATOR,
        memberships__province=assessment.district.province_id,
    )


def evaluators():
    return User.objects.filter(is_active=True, memberships__role=Role.EVALUATOR)


def actors(assessment: Assessment, stage: str):
    """Who runs the stage: the district (EM), its province (VA), the evaluators."""
    if stage == Stage.EM:
        return district_staff(assessment)
    if stage == Stage.VA:
        return province_coordinators(assessment)
    return evaluators()


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def _names(assessment: Assessment) -> dict:
    return {"district": assessment.district.name, "year": assessment.year}


def submitted(assessment: Assessment, stage: str) -> None:
    notify(
        actors(assessment, Stage.VA),
        key=f"submitted:{assessment.pk}:{stage}:{_stamp()}",
        text=_("%(district)s mengajukan evaluasi mandiri %(year)s: menunggu verifikasi Anda.")
        % _names(assessment),
        url=reverse("indicators:verify", args=[assessment.pk]),
    )


def _work_url(assessment: Assessment, stage: str) -> str:
    """Where whoever runs the stage works on the assessment: the VA's verify page, or
    the evaluators' stage page."""
    from indicators.stage_progress import SLUGS  # it reads the stages, which import this

    if stage in SLUGS:
        return reverse("indicators:stage", args=[assessment.pk, SLUGS[stage]])
    return reverse("indicators:verify", args=[assessment.pk])


def resubmitted(assessment: Assessment, stage: str, count: int) -> None:
    notify(
        actors(assessment, stage),
        key=f"resubmitted:{assessment.pk}:{stage}:{_stamp()}",
        text=_("%(district)s mengirim perbaikan %(n)s pertanyaan penilaian %(year)s.")
        % {**_names(assessment), "n": count},
        url=_work_url(assessment, stage),
    )


def question_returned(item: ItemAssessment, stage: str) -> None:
    assessment = item.assessment
    notify(
        district_staff(assessment),
        key=f"returned:{item.pk}:{_stamp()}",
        text=_("Pertanyaan %(code)s penilaian %(year)s dikembalikan (%(stage)s): %(note)s")
        % {
            "code": item.item.full_code,
            "year": assessment.year,
            "stage": Stage(stage).label,
            "note": item.verifier_comment[:150],
        },
        url=reverse("indicators:item", args=[item.pk]),
    )


def whole_returned(assessment: Assessment) -> None:
    notify(
        district_staff(assessment),
        key=f"whole-returned:{assessment.pk}:{_stamp()}",
        text=_("Penilaian %(year)s dikembalikan seluruhnya ke draf: %(note)s")
        % {**_names(assessment), "note": assessment.return_comment[:150]},
        url=assessment.get_absolute_url(),
    )


def completed(assessment: Assessment, stage: str) -> None:
    from indicators.stages import ORDER  # the stages import this module

    text = _("%(stage)s penilaian %(district)s %(year)s selesai.") % {
        **_names(assessment),
        "stage": Stage(stage).label,
    }
    users = set(district_staff(assessment))
    index = ORDER.index(stage)
    if index + 1 < len(ORDER):
        users |= set(actors(assessment, ORDER[index + 1]))
    if stage == Stage.AWARD:
        users |= set(province_coordinators(assessment))
    notify(
        users,
        key=f"completed:{assessment.pk}:{stage}:{_stamp()}",
        text=text,
        url=assessment.get_absolute_url(),
    )


def deadline_coming(row, days: int) -> int:
    """Tell whoever runs a stage that its deadline is ``days`` away (once per stage and
    number of days)."""
    from indicators.stages import round_of

    assessment = row.assessment
    round_ = round_of(assessment.year)
    assert round_ is not None  # only stages of a round with dates fall due
    deadline = round_.deadline(row.stage)
    return notify(
        actors(assessment, row.stage),
        key=f"deadline:{row.pk}:{days}:{deadline.isoformat()}",
        text=_("Batas %(stage)s %(district)s %(year)s: %(date)s (%(days)s hari lagi).")
        % {
            **_names(assessment),
            "stage": Stage(row.stage).label,
            "date": date_format(deadline, "SHORT_DATE_FORMAT"),
            "days": days,
        },
        url=assessment.get_absolute_url(),
    )

"""The ministry's stages of a district's evaluation, and the rounds' calendar.

Review, field verification (VL), final verification and the award are the
evaluators' (``indicators.stages``). Thin views: the assessment by
``get_visible_or_404`` (another district's evaluation is a 404), its readers get
each stage's page, and a POST from anyone but the stage's actor is a 403
(``stages.can_act``); the write function of ``indicators.stages`` checks the stage
and its status, and a refusal comes back as a message on the stage's page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from indicators import rounds as round_rules
from indicators import stage_progress, stages, workflow
from indicators.models import Assessment, EvaluationYear, ItemAssessment, Stage
from indicators.stage_forms import (
    AwardForm,
    CompleteForm,
    NoteForm,
    RoundForm,
    StageAnswerForm,
    VisitForm,
    VisitPlaceForm,
)
from kla_portal.access import get_visible_or_404
from kla_portal.forms import add_write_errors, errors_text
from kla_portal.history import history_of
from stakeholders.models import Institution

ANSWER_SAVED = _("Nilai %(code)s pada tahap %(stage)s disimpan.")
RETURNED = _("Pertanyaan %(code)s dikembalikan ke daerah.")
REOPENED = _("Pertanyaan %(code)s dibuka kembali untuk daerah.")
COMPLETED = _("%(stage)s selesai.")
VISIT_PLANNED = _("Rencana kunjungan disimpan.")
PLACE_ADDED = _("Tempat kunjungan ditambahkan.")
VISIT_SKIPPED = _("Verifikasi lapangan tidak dilakukan; tahap berlanjut ke verifikasi akhir.")
AWARDED = _("Penghargaan %(category)s dicatat.")
ROUND_SAVED = _("Jadwal evaluasi %(year)s disimpan.")
FORM_ERROR = _("Periksa isian: %(errors)s")
YEARS = range(2006, 2101)


def _stage_of(slug: str) -> str:
    stage = stage_progress.STAGE_OF_SLUG.get(slug)
    if stage is None:
        raise Http404
    return stage


def _assessment(user, pk) -> Assessment:
    return get_visible_or_404(
        Assessment.objects.select_related("district__province", "framework"), user, pk=pk
    )


def _acting(request, pk, stage) -> Assessment:
    """The assessment, for the user who acts at ``stage`` (else 403; unseen: 404)."""
    assessment = _assessment(request.user, pk)
    if not stages.can_act(request.user, assessment, stage):
        raise PermissionDenied
    return assessment


def _acting_item(request, pk, slug) -> tuple[ItemAssessment, str]:
    stage = _stage_of(slug)
    if stage not in stages.CENTRAL:
        raise Http404
    item = get_visible_or_404(
        ItemAssessment.objects.select_related(
            "assessment__district__province", "assessment__framework", "item__indicator"
        ),
        request.user,
        pk=pk,
    )
    if not stages.can_act(request.user, item.assessment, stage):
        raise PermissionDenied
    return item, stage


def _page_url(assessment, stage, anchor="") -> str:
    url = reverse("indicators:stage", args=[assessment.pk, stage_progress.SLUGS[stage]])
    return f"{url}#{anchor}" if anchor else url


def _step(request, target: str, action, message: str):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect(target)


def _institutions(user, assessment):
    return (
        Institution.objects.visible_to(user)
        .filter(district=assessment.district, is_active=True)
        .select_related("sector", "subdistrict")
        .order_by("sector__order", "name")
    )


# ---------------------------------------------------------------------------
# A stage's page


@require_GET
@login_required
def stage_page(request, pk, slug):
    stage = _stage_of(slug)
    assessment = _assessment(request.user, pk)
    user = request.user
    prefetch_related_objects([assessment], "stages")  # read once for every rule asked
    progress = stage_progress.standing(assessment, user)
    row = progress.rows[stage]
    acts = stages.can_act(user, assessment, stage)
    running = acts and row.status in (
        stages.StageStatus.IN_PROGRESS,
        stages.StageStatus.RETURNED,
    )
    filter_key = request.GET.get("tampil", "semua")
    if filter_key not in dict(stage_progress.SHEET_FILTERS):
        filter_key = "semua"
    context = {
        "assessment": assessment,
        "district": assessment.district,
        "progress": progress,
        "line": progress.lines_by_stage[stage],
        "row": row,
        "stage": stage,
        "slug": slug,
        "acts": acts,
        "running": running,
        "history": history_of(row, limit=20),
    }
    if stage in stages.CENTRAL:
        sheet = stage_progress.stage_sheet(assessment, stage, user, filter_key, rows=progress.rows)
        context |= {
            "sheet": sheet,
            "filters": [
                (key, label, sheet.counts[key]) for key, label in stage_progress.SHEET_FILTERS
            ],
            "filter_key": filter_key,
            "previous_line": progress.lines_by_stage[_previous_scored(progress, stage)],
            "complete_form": CompleteForm() if running else None,
            "can_reopen": acts and row.is_completed,
        }
    if stage == Stage.VL:
        institutions = list(_institutions(user, assessment)) if running else []
        context |= {
            "places": row.places.select_related("institution__sector"),
            "visit_form": VisitForm(
                initial={
                    "mode": row.visit_mode,
                    "visit_date": row.visit_date,
                    "team": row.visit_team,
                }
            )
            if running
            else None,
            "place_form": VisitPlaceForm(institutions=institutions) if running else None,
            "skip_form": NoteForm() if running else None,
        }
    if stage == Stage.AWARD:
        context |= {
            "final_line": progress.lines_by_stage[Stage.FINAL],
            "award_form": AwardForm(
                initial={"category": progress.lines_by_stage[Stage.FINAL].category}
            )
            if running
            else None,
            "award_label": stages.award_label(assessment.year),
        }
    return render(request, "indicators/stage.html", context)


def _previous_scored(progress, stage: str) -> str:
    """The stage this one starts from: a skipped VL hands on the review's points."""
    previous = stage_progress.PREVIOUS[stage]
    if progress.rows[previous].status == stages.StageStatus.SKIPPED:
        return stage_progress.PREVIOUS[previous]
    return previous


# ---------------------------------------------------------------------------
# Per question (review, VL, final verification)


@require_POST
@login_required
def stage_answer(request, pk, slug):
    item, stage = _acting_item(request, pk, slug)
    form = StageAnswerForm(request.POST, item=item)
    target = _page_url(item.assessment, stage, f"butir-{item.pk}")
    if not form.is_valid():
        messages.error(request, FORM_ERROR % {"errors": errors_text(form)})
        return redirect(target)
    return _step(
        request,
        target,
        lambda: stages.set_stage_answer(
            item=item,
            user=request.user,
            stage=stage,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        ),
        ANSWER_SAVED % {"code": item.item.full_code, "stage": Stage(stage).label},
    )


@require_POST
@login_required
def stage_return(request, pk, slug):
    item, stage = _acting_item(request, pk, slug)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _step(
        request,
        _page_url(item.assessment, stage, f"butir-{item.pk}"),
        lambda: stages.return_at_stage(item=item, user=request.user, stage=stage, note=note),
        RETURNED % {"code": item.item.full_code},
    )


@require_POST
@login_required
def stage_reopen(request, pk, slug):
    """One question of a completed stage opened to the district again; the evaluator
    sets its points at the stage again once the district has answered."""
    item, stage = _acting_item(request, pk, slug)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _step(
        request,
        _page_url(item.assessment, stage, f"butir-{item.pk}"),
        lambda: workflow.reopen_item(item=item, user=request.user, comment=note),
        REOPENED % {"code": item.item.full_code},
    )


@require_POST
@login_required
def stage_complete(request, pk, slug):
    stage = _stage_of(slug)
    if stage not in stages.CENTRAL:
        raise Http404
    assessment = _acting(request, pk, stage)
    form = CompleteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _step(
        request,
        _page_url(assessment, stage),
        lambda: stages.complete_stage(
            assessment=assessment, user=request.user, stage=stage, note=note
        ),
        COMPLETED % {"stage": Stage(stage).label},
    )


# ---------------------------------------------------------------------------
# The field visit and the award


@require_POST
@login_required
def stage_visit(request, pk):
    assessment = _acting(request, pk, Stage.VL)
    form = VisitForm(request.POST)
    target = _page_url(assessment, Stage.VL, "kunjungan")
    if not form.is_valid():
        messages.error(request, FORM_ERROR % {"errors": errors_text(form)})
        return redirect(target)
    return _step(
        request,
        target,
        lambda: stages.plan_visit(
            assessment=assessment,
            user=request.user,
            mode=form.cleaned_data["mode"],
            visit_date=form.cleaned_data["visit_date"],
            team=form.cleaned_data["team"],
        ),
        VISIT_PLANNED,
    )


@require_POST
@login_required
def stage_visit_place(request, pk):
    assessment = _acting(request, pk, Stage.VL)
    form = VisitPlaceForm(request.POST, institutions=_institutions(request.user, assessment))
    target = _page_url(assessment, Stage.VL, "tempat")
    if not form.is_valid():
        messages.error(request, FORM_ERROR % {"errors": errors_text(form)})
        return redirect(target)
    data = form.cleaned_data
    return _step(
        request,
        target,
        lambda: stages.add_visit_place(
            assessment=assessment,
            user=request.user,
            kind=data["kind"],
            institution=data["institution"],
            name=data["name"],
            notes=data["notes"],
        ),
        PLACE_ADDED,
    )


@require_POST
@login_required
def stage_skip_visit(request, pk):
    assessment = _acting(request, pk, Stage.VL)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _step(
        request,
        _page_url(assessment, Stage.VL),
        lambda: stages.skip_field_visit(assessment=assessment, user=request.user, note=note),
        VISIT_SKIPPED,
    )


@require_POST
@login_required
def stage_award(request, pk):
    assessment = _acting(request, pk, Stage.AWARD)
    form = AwardForm(request.POST)
    category = form.cleaned_data["category"] if form.is_valid() else ""
    note = form.cleaned_data["note"] if form.is_valid() else ""
    label = dict(AwardForm.base_fields["category"].choices).get(category, category)
    return _step(
        request,
        _page_url(assessment, Stage.AWARD),
        lambda: stages.record_award(
            assessment=assessment, user=request.user, category=category, note=note
        ),
        AWARDED % {"category": label},
    )


# ---------------------------------------------------------------------------
# The rounds' calendar


@require_GET
@login_required
def rounds(request):
    """Every round with its dates: anyone signed in reads the calendar. An evaluator
    names a new round's year here and goes on to its form."""
    year = request.GET.get("tahun", "")
    if year.isdigit() and int(year) in YEARS and round_rules.can_set_rounds(request.user):
        return redirect("indicators:round_edit", int(year))
    years = set(EvaluationYear.objects.values_list("year", flat=True))
    proposed = timezone.localdate().year
    while proposed in years:
        proposed += 1
    return render(
        request,
        "indicators/rounds.html",
        {
            "rounds": EvaluationYear.objects.all(),
            "can_set": round_rules.can_set_rounds(request.user),
            "proposed_year": proposed,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def round_edit(request, year):
    """One round's dates, set by an evaluator; a new round starts from the 2024
    round's calendar moved to its year (``stages.default_calendar``)."""
    if not round_rules.can_set_rounds(request.user):
        raise PermissionDenied
    if year not in YEARS:
        raise Http404
    round_ = EvaluationYear.objects.filter(year=year).first() or round_rules.new_round(year)
    form = RoundForm(request.POST or None, instance=round_)
    if request.method == "POST" and form.is_valid():
        try:
            round_rules.save_round(round_=form.instance, user=request.user)
        except ValidationError as error:
            add_write_errors(form, error)
        else:
            messages.success(request, ROUND_SAVED % {"year": year})
            return redirect("indicators:rounds")
    return render(
        request,
        "indicators/round_form.html",
        {"form": form, "round": round_, "is_new": round_.pk is None, "year": year},
    )

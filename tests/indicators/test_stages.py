"""The plain functions behind the stage pages: the gaps before submitting
(indicators/gaps.py), where an evaluation stands (indicators/stage_progress.py) and
the rounds' calendar (indicators/rounds.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from indicators import answer_form, gaps, rounds, stage_progress, stages, workflow
from indicators.models import (
    AssessmentStage,
    EvaluationYear,
    Framework,
    ItemAssessment,
    ItemEvidence,
    ItemStatus,
    Stage,
)
from indicators.stage_forms import VisitPlaceForm
from stakeholders.models import Institution

Status = AssessmentStage.Status
MET, NOT_MET, HALF = ItemStatus.MET, ItemStatus.NOT_MET, ItemStatus.PARTLY


@pytest.fixture
def draft(db, balangan, balangan_admin):
    Framework.objects.get(code="kla-2024")
    return workflow.start_assessment(district=balangan, year=2025, user=balangan_admin)


def row(assessment, code) -> ItemAssessment:
    indicator, question = code.split(".")
    return ItemAssessment.objects.select_related("assessment__district", "item__indicator").get(
        assessment=assessment, item__indicator__code=indicator, item__code=question
    )


def answer(assessment, user, codes, status=MET):
    workflow.fill_items(
        assessment=assessment,
        user=user,
        changes=[workflow.ItemChange(pk=row(assessment, c).pk, status=status) for c in codes],
    )


def submit(assessment, user):
    workflow.review_assessment(assessment=assessment, user=user)
    workflow.sign_off(assessment=assessment, user=user, chair_name="Sekda")
    workflow.submit_assessment(assessment=assessment, user=user)


# ---------------------------------------------------------------------------
# Gaps


def test_gaps_count_the_blank_and_the_answers_claiming_points_without_evidence():
    rows = [
        (2, "2", "Penguatan kelembagaan", "", False),
        (2, "2", "Penguatan kelembagaan", MET, False),
        (2, "2", "Penguatan kelembagaan", MET, True),
        (1, "1", "Perda KLA", NOT_MET, False),  # claims nothing, needs no document
        (1, "1", "Perda KLA", HALF, False),
        (3, "3", "Peran lembaga", MET, True),
    ]

    found = gaps.gaps_of(rows)

    assert [(g.code, g.unanswered, g.without_evidence) for g in found.indicators] == [
        ("1", 0, 1),
        ("2", 1, 1),
    ]
    assert (found.unanswered, found.without_evidence) == (1, 2)
    assert not gaps.gaps_of([(3, "3", "Peran lembaga", MET, True)])


def test_gaps_read_from_the_database_match_the_loaded_rows(
    draft, balangan_admin, django_assert_num_queries
):
    answer(draft, balangan_admin, ["1.1", "1.2a", "2.1"])
    ItemEvidence.objects.create(item_assessment=row(draft, "2.1"), file="b.pdf", original_name="b")

    with django_assert_num_queries(1):
        stored = gaps.submission_gaps(draft)
    items = answer_form.page_items(draft)
    with django_assert_num_queries(0):
        loaded = gaps.submission_gaps(draft, items)

    assert stored == loaded
    assert stored.unanswered == 271 and stored.without_evidence == 2
    assert stored.indicators[0].code == "1" and stored.indicators[0].without_evidence == 2


# ---------------------------------------------------------------------------
# Where the evaluation stands


def test_a_stage_shows_its_total_only_once_it_is_completed(
    draft, balangan_admin, kalsel_coordinator
):
    answer(draft, balangan_admin, ["1.1", "2.1"])
    before = stage_progress.standing(draft, balangan_admin)
    submit(draft, balangan_admin)
    workflow.verify_item(item=row(draft, "1.1"), user=kalsel_coordinator, status=HALF, comment="")
    during_va = stage_progress.standing(draft, balangan_admin).lines_by_stage
    workflow.finish_verification(assessment=draft, user=kalsel_coordinator)
    after = stage_progress.standing(draft, balangan_admin).lines_by_stage

    assert all(line.total is None for line in before.lines)
    assert during_va[Stage.EM].total == Decimal("15.00")  # 12 + 3
    assert during_va[Stage.VA].total is None and during_va[Stage.VA].category == ""
    assert after[Stage.VA].total == Decimal("9.00")  # 12 x 1/2 + 3
    assert after[Stage.REVIEW].is_current and after[Stage.REVIEW].total is None


def test_the_district_is_told_what_came_back_and_what_to_do(
    draft, balangan_admin, kalsel_coordinator, evaluator
):
    answer(draft, balangan_admin, ["1.1", "2.1", "6.1"])
    submit(draft, balangan_admin)
    for code in ("2.1", "6.1"):
        workflow.return_item(item=row(draft, code), user=kalsel_coordinator, comment=f"Cek {code}")

    district = stage_progress.standing(draft, balangan_admin)
    province = stage_progress.standing(draft, kalsel_coordinator)
    ministry = stage_progress.standing(draft, evaluator)

    assert [ia.item.full_code for ia in district.returned] == ["2.1", "6.1"]
    assert district.next_step == "Perbaiki 2 pertanyaan yang dikembalikan, lalu kirim perbaikan."
    assert district.can_resubmit and not province.can_resubmit
    assert province.next_step == "Menunggu daerah memperbaiki 2 pertanyaan yang dikembalikan."
    assert ministry.lines_by_stage[Stage.VA].status == Status.RETURNED


def test_each_stage_counts_down_to_its_deadline_once_a_round_is_set(draft, balangan_admin):
    unscheduled = stage_progress.standing(draft, balangan_admin).lines_by_stage[Stage.EM]
    today = timezone.localdate()
    EvaluationYear.objects.create(
        year=2025,
        **stages.default_calendar(2025) | {"em_deadline": today + timedelta(days=12)},
    )
    draft.refresh_from_db()
    del draft.evaluation_round  # the cached round of the instance

    lines = stage_progress.standing(draft, balangan_admin).lines_by_stage

    assert unscheduled.when == "jadwal belum ditetapkan"
    assert lines[Stage.EM].when == f"{today + timedelta(days=12):%d/%m/%Y} · 12 hari lagi"
    assert lines[Stage.VA].when == "31/10/2025"  # not running: the date alone


def test_after_the_upload_deadline_the_district_is_told_it_is_closed(draft, balangan_admin):
    EvaluationYear.objects.create(year=2025, **stages.default_calendar(2025))

    progress = stage_progress.standing(draft, balangan_admin)

    assert progress.closed == date(2025, 5, 31)
    assert progress.closed_message == stages.deadline_message(date(2025, 5, 31))
    assert "31/05/2025" in progress.closed_message


def test_the_review_sheet_starts_from_the_va_and_only_the_evaluator_edits_it(
    draft, balangan_admin, kalsel_coordinator, evaluator
):
    answer(draft, balangan_admin, ["1.1", "2.1"])
    submit(draft, balangan_admin)
    workflow.verify_item(item=row(draft, "1.1"), user=kalsel_coordinator, status=HALF, comment="")
    workflow.finish_verification(assessment=draft, user=kalsel_coordinator)
    stages.set_stage_answer(
        item=row(draft, "2.1"),
        user=evaluator,
        stage=Stage.REVIEW,
        status=NOT_MET,
        note="Tak ada SK",
    )

    sheet = stage_progress.stage_sheet(draft, Stage.REVIEW, evaluator)
    changed = stage_progress.stage_sheet(draft, Stage.REVIEW, evaluator, "berubah")
    read = stage_progress.stage_sheet(draft, Stage.REVIEW, balangan_admin)
    rows = {r.code: r for g in sheet.indicators for r in g["rows"]}

    assert (rows["1.1"].previous, rows["1.1"].status) == (HALF, HALF)
    assert (rows["2.1"].previous, rows["2.1"].status, rows["2.1"].note) == (
        MET,
        NOT_MET,
        "Tak ada SK",
    )
    assert rows["2.1"].own_label == "Penuh" and rows["2.1"].changed
    assert sheet.running_total == Decimal("6.00")
    assert [r.code for g in changed.indicators for r in g["rows"]] == ["2.1"]
    assert changed.counts["berubah"] == 1 and changed.counts["semua"] == 274
    assert all(r.editable for g in sheet.indicators for r in g["rows"])
    assert not any(r.editable for g in read.indicators for r in g["rows"])


# ---------------------------------------------------------------------------
# The field visit's places


def test_a_place_typed_from_the_list_is_the_registry_institution_else_a_name(balangan, sectors):
    school = Institution.objects.create(
        district=balangan, sector=sectors["sekolah"], name="SDN 1 Paringin"
    )
    twin = Institution.objects.create(
        district=balangan, sector=sectors["sekolah"], name="SDN 1 Paringin"
    )
    offered = VisitPlaceForm(institutions=[school, twin]).choices
    label = next(iter(offered))

    chosen = VisitPlaceForm({"kind": "sra", "place": f"  {label} "}, institutions=[school, twin])
    typed = VisitPlaceForm({"kind": "rbra", "place": "RBRA Taman Kota"}, institutions=[school])

    assert list(offered.values()) == [school, twin] and len(set(offered)) == 2
    assert chosen.is_valid() and chosen.cleaned_data["institution"] == school
    assert chosen.cleaned_data["name"] == ""
    assert typed.is_valid() and typed.cleaned_data["institution"] is None
    assert typed.cleaned_data["name"] == "RBRA Taman Kota"


# ---------------------------------------------------------------------------
# The rounds' calendar


def test_a_new_round_starts_from_the_2024_calendar_moved_to_its_year():
    proposed = rounds.new_round(2026)

    assert (proposed.award_label, proposed.data_years) == ("KLA 2027", "2025-2026")
    assert (proposed.em_deadline, proposed.va_deadline) == (date(2026, 5, 31), date(2026, 10, 31))
    assert rounds.calendar_problems(proposed) == {}


def test_a_date_before_the_step_it_follows_is_refused(db, evaluator, kalsel_coordinator):
    proposed = rounds.new_round(2026)
    proposed.va_deadline = date(2026, 4, 30)
    proposed.vl_start = None  # an unset date is skipped: vl_end follows the review
    proposed.vl_end = date(2026, 12, 1)

    problems = rounds.calendar_problems(proposed)

    assert problems == {
        "va_deadline": [
            "Tanggal ini tidak boleh sebelum batas unggah evaluasi mandiri (31/05/2026)."
        ],
        "vl_end": ["Tanggal ini tidak boleh sebelum batas telaah kementerian (31/12/2026)."],
    }
    with pytest.raises(ValidationError):
        rounds.save_round(round_=proposed, user=evaluator)
    with pytest.raises(PermissionDenied):
        rounds.save_round(round_=rounds.new_round(2026), user=kalsel_coordinator)
    rounds.save_round(round_=rounds.new_round(2026), user=evaluator)
    assert EvaluationYear.objects.get(year=2026).history.first().history_user == evaluator

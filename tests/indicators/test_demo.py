"""Must show 2: the demo gives Balangan and Hulu Sungai Tengah different scores and
categories, each explainable question by question on its page: 2023 on the earlier
draft framework, Balangan 2024 and HST 2025 on the 2024 instrument, all in the
districts' real categories. And the evaluation's stages (issue 16): Balangan's 2024
evaluation through every stage to its award, Nindya "KLA 2025"; HST's 2025 one at the
province, two questions returned with notes; the 2023 evaluations closed with the 2023
award."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from indicators import areas, demo, stage_demo, stages
from indicators.models import (
    Assessment,
    AssessmentStage,
    Category,
    ChecklistItem,
    OfficialResult,
    Stage,
    StageAnswer,
    VisitPlace,
)
from indicators.scoring import score_assessment, share
from kla_portal.models import Notice

pytestmark = pytest.mark.django_db

StageStatus = AssessmentStage.Status


# demo_world (tests/conftest.py): the demo, seeded once for this module and the other modules
# on it; each test's writes are rolled back.


def assessment(code, year):
    return Assessment.objects.select_related("framework").get(district=code, year=year)


def stage_rows(code, year) -> dict[str, AssessmentStage]:
    return {row.stage: row for row in assessment(code, year).stages.all()}


def test_the_instrument_years_are_on_the_instrument_and_land_in_the_real_categories(demo_world):
    balangan, hst = assessment("63.11", 2024), assessment("63.07", 2025)

    own_b, own_h = score_assessment(balangan), score_assessment(hst)
    checked_b, checked_h = (score_assessment(a, verified=True) for a in (balangan, hst))

    assert balangan.framework.code == hst.framework.code == "kla-2024"
    assert balangan.items.count() == hst.items.count() == 274
    # Balangan Nindya in the 2025 award (its 2024 evaluation); HST Pratama, as in 2023.
    assert own_b.category == checked_b.category == Category.NINDYA
    assert own_h.category == checked_h.category == Category.PRATAMA
    assert own_b.total - own_h.total > Decimal(100)
    # The province marked some claims down.
    assert checked_b.total < own_b.total and checked_h.total < own_h.total
    assert (balangan.status, hst.status) == (Assessment.Status.LOCKED, "submitted")
    # ... and Balangan's 2026 draft, carried from 2024, that its agencies are answering.
    assert Assessment.objects.filter(district__in=["63.11", "63.07"]).count() == 5
    draft = assessment("63.11", 2026)
    assert draft.status == Assessment.Status.DRAFT
    assert set(draft.items.exclude(carried_from=None).values_list("carried_from", flat=True)) == {
        2024
    }


def test_the_answers_look_like_a_real_district_s(demo_world):
    """Strong on Kelembagaan, weaker on Klaster V and Kelana-Dekela; partial answers."""
    for code, year in (("63.11", 2024), ("63.07", 2025)):
        card = score_assessment(assessment(code, year))
        percent = {c.cluster: c.percent for c in card.clusters}
        assert percent["K"] > percent["V"] > percent["KD"], code
        statuses = set(assessment(code, year).items.values_list("self_status", flat=True))
        assert {"met", "q3", "partly", "q1", "not_met"} <= statuses, code


def test_2023_stays_on_the_draft_framework_with_its_earlier_scores(demo_world):
    balangan, hst = assessment("63.11", 2023), assessment("63.07", 2023)

    assert balangan.framework.code == hst.framework.code == "perpres-25-2021"
    assert (balangan.status, hst.status) == (Assessment.Status.LOCKED,) * 2
    assert (score_assessment(balangan).total, score_assessment(balangan, verified=True).total) == (
        Decimal("659.70"),
        Decimal("651.37"),
    )
    assert (score_assessment(hst).total, score_assessment(hst, verified=True).total) == (
        Decimal("541.27"),
        Decimal("514.99"),
    )
    assert score_assessment(balangan).category == Category.MADYA  # Madya in the 2023 award
    assert score_assessment(hst).category == Category.PRATAMA


def test_every_answer_plan_matches_its_framework(demo_world):
    """A letter per question, each an answer the question allows; verification only ever
    confirms or marks a claim down."""
    for code, year, answers, _final, _chair in demo.PLANS:
        found = assessment(code, year)
        questions = list(
            ChecklistItem.objects.filter(indicator__framework=found.framework)
            .select_related("indicator")
            .order_by("indicator__number", "order")
        )
        draft = year < 2024
        statuses = demo.planned_answers(answers, questions, code, check_kinds=not draft)
        assert len(statuses) == len(questions)
        own = dict(found.items.values_list("item__id", "self_status"))
        assert own == statuses
        by_code = {q.full_code: q.pk for q in questions}
        for question, (letter, _comment) in demo.VERIFICATION.get((code, year), {}).items():
            assert share(demo.LETTERS[letter]) <= share(own[by_code[question]]), question
        for question in [*demo.NOTES.get((code, year), {}), *demo.FIGURES.get((code, year), {})]:
            assert question in by_code, question


def test_a_plan_with_a_letter_too_few_or_a_wrong_answer_is_refused(demo_world):
    instrument = assessment("63.11", 2024).framework
    questions = list(
        ChecklistItem.objects.filter(indicator__framework=instrument)
        .select_related("indicator")
        .order_by("indicator__number", "order")
    )

    with pytest.raises(ValueError, match="indikator 2: 6 huruf untuk 7 pertanyaan"):
        demo.planned_answers({"2": "F3FF3 F"}, questions, "uji")
    with pytest.raises(ValueError, match="pertanyaan 17.5: jawaban 'H' tidak tersedia"):
        demo.planned_answers({"17": "F3FFF 3HF3H"}, questions, "uji")


def test_the_demo_carries_the_real_official_results(demo_world):
    assert OfficialResult.objects.filter(year=2023, district__province="63").count() == 13
    assert OfficialResult.objects.get(district="63.07", year=2023).category == Category.PRATAMA
    assert OfficialResult.objects.get(district="63.11", year=2025).category == Category.NINDYA
    hst_2021 = OfficialResult.objects.get(district="63.07", year=2021)
    assert (hst_2021.score, hst_2021.is_self_assessed) == (Decimal("810.89"), True)
    assert OfficialResult.objects.get(district="63.09", year=2022).score == Decimal("797.50")


def test_each_demo_answer_is_explained_on_the_assessment_page(demo_world, client):
    client.force_login(get_user_model().objects.get(username="kalsel"))
    hst = assessment("63.07", 2025)

    content = client.get(hst.get_absolute_url()).content.decode()

    assert "Kelompok kerja klaster V belum ditetapkan dalam SK." in content  # 2.1's note
    assert "Tidak ada pos anggaran gugus tugas dalam DPA." in content  # the province's finding
    assert content.count('data-testid="item"') == 274
    dashboard = client.get(reverse("indicators:province", args=["63"])).content.decode()
    assert "Kabupaten Balangan" in dashboard and "Kabupaten Hulu Sungai Tengah" in dashboard


def test_percentage_and_count_questions_carry_figures_with_who_entered_them(demo_world):
    balangan = assessment("63.11", 2024)
    births = balangan.items.get(item__indicator__code="4", item__code="1")
    villages = balangan.items.get(item__indicator__code="26", item__code="4")

    assert (births.figure_previous, births.figure_current) == (Decimal("95.40"), Decimal("97.20"))
    # 26.4 is the share of Balangan's desa that reported meeting it (indicators/areas.py).
    share = next(s for s in areas.shares(balangan) if s.code == "26.4")
    assert share.total == 157
    assert (villages.figure_previous, villages.figure_current) == (None, share.percent)
    assert births.history.filter(history_user__username="balangan").count() >= 2
    asked = balangan.items.exclude(item__figures="").exclude(item__indicator__code__in=["25", "26"])
    assert asked.exclude(figure_current=None).count() == len(demo.FIGURES[("63.11", 2024)])


# The stages


def test_balangan_2024_went_through_every_stage_each_total_below_the_one_before(demo_world):
    rows = stage_rows("63.11", 2024)

    assert {stage: row.status for stage, row in rows.items()} == dict.fromkeys(
        stages.ORDER, StageStatus.COMPLETED
    )
    totals = [rows[stage].total for stage in stages.SCORED]
    assert totals == sorted(totals, reverse=True) and len(set(totals)) == len(totals), totals
    # The EM as the district claimed it; the final verification's in the Nindya band.
    assert totals[0] == score_assessment(assessment("63.11", 2024)).total
    assert Decimal(701) <= rows[Stage.FINAL].total <= Decimal(800)
    assert {rows[stage].category for stage in stages.SCORED} == {Category.NINDYA}
    assert rows[Stage.VA].completed_by.username == "kalsel"
    assert {rows[s].completed_by.username for s in stages.CENTRAL} == {"evaluator"}
    # Completed in the order of its round, from May 2024 to the award night.
    done = [rows[stage].completed_at for stage in stages.ORDER]
    assert done == sorted(done)
    assert (done[0].year, done[-1].date().isoformat()) == (2024, "2025-08-08")


def test_balangan_2024_s_award_is_nindya_kla_2025_and_its_official_result(demo_world):
    award = stage_rows("63.11", 2024)[Stage.AWARD]
    final = stage_rows("63.11", 2024)[Stage.FINAL]

    assert (award.category, award.total) == (Category.NINDYA, final.total)
    assert stages.award_label(2024) == "KLA 2025"
    # One official result for the 2025 award, the award's: no second row beside it.
    result = OfficialResult.objects.get(district="63.11", year=2025)
    assert (result.category, result.score, result.is_self_assessed) == (
        Category.NINDYA,
        final.total,
        False,
    )
    assert "Penghargaan KLA 2025" in result.source


def test_balangan_2024_s_field_visit_has_its_date_team_and_places_from_the_registry(demo_world):
    vl = stage_rows("63.11", 2024)[Stage.VL]
    round_ = stages.round_of(2024)

    assert vl.visit_mode in (AssessmentStage.VisitMode.HYBRID, AssessmentStage.VisitMode.ON_SITE)
    assert round_.vl_start <= vl.visit_date <= round_.vl_end
    assert "KemenPPPA" in vl.visit_team
    places = list(vl.places.select_related("institution__sector"))
    kinds = {place.kind for place in places}
    assert {VisitPlace.Kind.SRA, VisitPlace.Kind.PRAP, VisitPlace.Kind.PKA} <= kinds
    registered = {p.kind: p.institution for p in places if p.institution_id}
    assert all(i.district_id == "63.11" for i in registered.values())
    assert registered[VisitPlace.Kind.SRA].sector.code == "sekolah"
    assert registered[VisitPlace.Kind.PRAP].sector.code == "puskesmas"
    assert all(p.notes for p in places)


def test_each_stage_only_marks_an_answer_of_the_stage_before_down_with_a_note(demo_world):
    balangan = assessment("63.11", 2024)
    answers = StageAnswer.objects.filter(item__assessment=balangan).select_related("item")

    assert {a.stage for a in answers} == set(stages.CENTRAL)
    for answer in answers:
        before = stages.SCORED[stages.SCORED.index(answer.stage) - 1]
        previous = stages.statuses_at(balangan, before)[answer.item.item_id]
        assert share(answer.status) < share(previous), (answer.stage, answer.item.item_id)
        assert answer.note and answer.updated_by.username == "evaluator"


def test_hst_2025_is_at_the_province_with_two_questions_returned_with_notes(demo_world):
    hst = assessment("63.07", 2025)
    rows = stage_rows("63.07", 2025)

    em, va = rows[Stage.EM], rows[Stage.VA]
    assert (em.status, em.total) == (StageStatus.COMPLETED, score_assessment(hst).total)
    assert va.status in (StageStatus.RETURNED, StageStatus.IN_PROGRESS)
    assert va.total is None and not va.category  # no VA total before it is completed
    assert {rows[s].status for s in stages.ORDER[2:]} == {StageStatus.NOT_STARTED}
    returned = list(hst.items.filter(is_returned=True).select_related("item__indicator"))
    assert sorted(r.item.full_code for r in returned) == ["4.2", "8.1"]
    assert all(len(r.verifier_comment) > 40 for r in returned)
    verified = hst.items.exclude(verified_status="")
    assert verified.count() == len(demo.VERIFICATION[("63.07", 2025)])
    assert not verified.filter(is_returned=True).exists()


def test_the_2023_evaluations_closed_with_the_2023_award_and_no_field_visit(demo_world):
    for code in ("63.11", "63.07"):
        rows = stage_rows(code, 2023)
        result = OfficialResult.objects.get(district=code, year=2023)

        assert rows[Stage.VL].status == StageStatus.SKIPPED, code
        assert rows[Stage.AWARD].category == result.category != "", code
        assert rows[Stage.FINAL].total == rows[Stage.VA].total == result.score, code
        assert assessment(code, 2023).status == Assessment.Status.LOCKED


def test_the_demo_opens_with_each_district_s_latest_news_unread_and_nothing_to_email(demo_world):
    unread = {}
    for username, text in Notice.objects.filter(read_at=None).values_list("user__username", "text"):
        unread.setdefault(username, []).append(text)

    assert {name: len(texts) for name, texts in unread.items()} == {
        "balangan": 1,
        "kalsel": 1,
        "hst": 2,
    }
    assert "Penghargaan" in unread["balangan"][0] and "2024" in unread["balangan"][0]
    assert all("dikembalikan" in text for text in unread["hst"])
    assert Notice.objects.filter(read_at__isnull=False).count() > 10  # the older steps'
    assert not Notice.objects.filter(emailed_at=None).exists()


def test_the_stage_plans_name_questions_of_the_instrument(demo_world):
    named = {
        q.full_code
        for q in ChecklistItem.objects.filter(indicator__framework__code="kla-2024").select_related(
            "indicator"
        )
    }
    for plans in stage_demo.STAGE_ANSWERS.values():
        for answers in plans.values():
            assert set(answers) <= named
    for notes in stage_demo.RETURNED.values():
        assert set(notes) <= named


def test_seeding_twice_changes_nothing(demo_world):
    def counts():
        return (
            Assessment.history.count(),
            AssessmentStage.history.count(),
            StageAnswer.history.count(),
            VisitPlace.objects.count(),
            OfficialResult.history.count(),
            Notice.objects.count(),
            Notice.objects.filter(read_at=None).count(),
        )

    before = counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == before

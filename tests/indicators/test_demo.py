"""Must show 2: the demo gives Balangan and Hulu Sungai Tengah different scores and
categories, each explainable question by question on its page: 2023 on the earlier
draft framework, 2025 on the 2024 instrument, both in the districts' real categories."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from indicators import areas, demo
from indicators.models import Assessment, Category, ChecklistItem, OfficialResult
from indicators.scoring import score_assessment, share

pytestmark = pytest.mark.django_db


# demo_world (tests/conftest.py): the demo, seeded once for this module and the other modules
# on it; each test's writes are rolled back.


def assessment(code, year):
    return Assessment.objects.select_related("framework").get(district=code, year=year)


def test_2025_is_on_the_instrument_and_lands_in_the_real_categories(demo_world):
    balangan, hst = assessment("63.11", 2025), assessment("63.07", 2025)

    own_b, own_h = score_assessment(balangan), score_assessment(hst)
    checked_b, checked_h = (score_assessment(a, verified=True) for a in (balangan, hst))

    assert balangan.framework.code == hst.framework.code == "kla-2024"
    assert balangan.items.count() == hst.items.count() == 274
    # Balangan Nindya in the 2025 award; HST Pratama, as in 2023.
    assert own_b.category == checked_b.category == Category.NINDYA
    assert own_h.category == checked_h.category == Category.PRATAMA
    assert own_b.total - own_h.total > Decimal(100)
    # The province marked some claims down.
    assert checked_b.total < own_b.total and checked_h.total < own_h.total
    assert (balangan.status, hst.status) == (Assessment.Status.VERIFIED, "submitted")
    # ... and Balangan's 2026 draft, carried from 2025, that its agencies are answering.
    assert Assessment.objects.filter(district__in=["63.11", "63.07"]).count() == 5
    assert assessment("63.11", 2026).status == Assessment.Status.DRAFT


def test_the_answers_look_like_a_real_district_s(demo_world):
    """Strong on Kelembagaan, weaker on Klaster V and Kelana-Dekela; partial answers."""
    for code in ("63.11", "63.07"):
        card = score_assessment(assessment(code, 2025))
        percent = {c.cluster: c.percent for c in card.clusters}
        assert percent["K"] > percent["V"] > percent["KD"], code
        statuses = set(assessment(code, 2025).items.values_list("self_status", flat=True))
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
    instrument = assessment("63.11", 2025).framework
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
    balangan = assessment("63.11", 2025)
    births = balangan.items.get(item__indicator__code="4", item__code="1")
    villages = balangan.items.get(item__indicator__code="26", item__code="4")

    assert (births.figure_previous, births.figure_current) == (Decimal("95.40"), Decimal("97.20"))
    # 26.4 is the share of Balangan's desa that reported meeting it (indicators/areas.py).
    share = next(s for s in areas.shares(balangan) if s.code == "26.4")
    assert share.total == 157
    assert (villages.figure_previous, villages.figure_current) == (None, share.percent)
    assert births.history.filter(history_user__username="balangan").count() >= 2
    asked = balangan.items.exclude(item__figures="").exclude(item__indicator__code__in=["25", "26"])
    assert asked.exclude(figure_current=None).count() == len(demo.FIGURES[("63.11", 2025)])


def test_seeding_twice_changes_nothing(demo_world):
    before = Assessment.history.count(), OfficialResult.objects.count()

    call_command("seed_demo", stdout=io.StringIO())

    assert (Assessment.history.count(), OfficialResult.objects.count()) == before

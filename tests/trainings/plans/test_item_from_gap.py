"""RTL items point at the question they serve: "Buat kegiatan RTL" from the gap to the next
category, the question picker, the rule that the question belongs to the item's indicator."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators import workflow
from indicators.models import ItemStatus
from tests.indicators.filling import fill
from trainings.plans import actions as plans
from trainings.plans.models import QUESTION_OUTSIDE_INDICATOR, ActionItem, ActionPlan

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("indicators:district", args=["63.11"])
OUTSIDE = "Pertanyaan 21A.4b bukan bagian dari indikator 19."


@pytest.fixture
def gap_assessment(balangan, balangan_admin, instrument):
    """Balangan 2025, every question met except indicators 19 and 21A: 866 points (Utama).
    The gap to KLA: 21A.2 and 21A.3 (15 points each), then half of 21A.8."""
    assessment = workflow.start_assessment(district=balangan, year=2025, user=balangan_admin)
    met = {
        ia.item.full_code: ItemStatus.MET
        for ia in assessment.items.select_related("item__indicator")
        if ia.item.indicator.code not in ("19", "21A")
    }
    return fill(assessment, met)


def gap_row(client, code):
    rows = client.get(DASHBOARD).context["data"].gap_rows
    return next(row for row in rows if row.step.code == code)


def item_data(today, **values):
    return {
        "activity": "Kegiatan",
        "due_date": (today + timedelta(days=30)).strftime("%d/%m/%Y"),
        "status": "planned",
        **values,
    }


def test_an_item_made_from_a_gap_step_serves_its_question_and_shows_on_the_gap_list(
    client_for, balangan_admin, plan, gap_assessment, questions, today
):
    client = client_for(balangan_admin)
    question = questions["21A.2"]
    row = gap_row(client, "21A.2")
    assert row.actions == []

    # One active plan: straight to its item form, prefilled from the question.
    response = client.get(row.new_action_url)
    form_url = f"{reverse('plans:item_create', args=[plan.pk])}?question={question.pk}"
    assert response.status_code == 302
    assert response.url == form_url
    response = client.get(form_url)
    form = response.context["form"]
    assert form["question"].value() == question.pk
    assert form["indicator"].value() == question.indicator_id
    assert form["activity"].value() == "Program/kegiatan PD untuk perlindungan khusus anak"
    assert form["responsible_name"].value() == "UPTD PPA"  # the first agency responsible
    assert "Kegiatan untuk pertanyaan 21A.2" in response.content.decode()

    response = client.post(
        form_url,
        item_data(
            today,
            activity="Program perlindungan khusus di 5 kecamatan",
            indicator=question.indicator_id,
            question=question.pk,
            responsible_name="UPTD PPA",
        ),
    )

    item = ActionItem.objects.get()
    assert response.url == item.get_absolute_url()
    assert (item.question, item.indicator, item.plan) == (question, question.indicator, plan)
    actions = gap_row(client, "21A.2").actions
    assert [(a.activity, a.status_label, a.url) for a in actions] == [
        ("Program perlindungan khusus di 5 kecamatan", "Direncanakan", item.get_absolute_url())
    ]
    assert gap_row(client, "21A.3").actions == []


def test_a_question_of_another_indicator_is_refused(
    client_for, balangan_admin, plan, indicators, questions, today
):
    response = client_for(balangan_admin).post(
        reverse("plans:item_create", args=[plan.pk]),
        item_data(today, indicator=indicators[19].pk, question=questions["21A.4b"].pk),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"question": [OUTSIDE]}
    assert ActionItem.objects.count() == 0
    with pytest.raises(ValidationError) as refused:
        plans.add_item(
            plan=plan,
            user=None,
            activity="Kegiatan",
            due_date=today,
            indicator=indicators[19],
            question=questions["21A.4b"],
        )
    assert refused.value.message_dict == {"question": [OUTSIDE]}
    assert str(QUESTION_OUTSIDE_INDICATOR) == (
        "Pertanyaan %(question)s bukan bagian dari indikator %(indicator)s."
    )


def test_a_question_given_alone_names_the_indicator_when_added_and_when_edited(
    balangan_admin, plan, questions, today
):
    added = plans.add_item(
        plan=plan,
        user=balangan_admin,
        activity="Satu",
        due_date=today,
        question=questions["21A.4b"],
    )
    assert ActionItem.objects.get(pk=added.pk).indicator == questions["21A.4b"].indicator

    item = plans.add_item(plan=plan, user=balangan_admin, activity="Dua", due_date=today)
    changed = plans.edit_item(
        item=item, user=balangan_admin, version=item.version, question=questions["1.2a"]
    )

    assert sorted(changed) == ["indicator", "question"]
    item.refresh_from_db()
    assert (item.question, item.indicator) == (questions["1.2a"], questions["1.2a"].indicator)
    assert item.history.first().question_id == questions["1.2a"].pk


def test_the_question_picker_is_narrowed_to_the_chosen_indicator(
    client_for, balangan_admin, plan, questions
):
    question = questions["21A.2"]
    url = f"{reverse('plans:item_create', args=[plan.pk])}?question={question.pk}"

    html = client_for(balangan_admin).get(url).content.decode()

    picker = html[
        html.index('name="question"') : html.index("</select>", html.index('name="question"'))
    ]
    options = re.findall(r"<option value=\"(\d+)\"([^>]*)>([^<]*)</option>", picker)
    shown = {label.split(" ")[0] for _pk, attrs, label in options if "hidden" not in attrs}
    assert shown == {code for code in questions if code.startswith("21A.")}
    assert len(options) == len(questions)  # the rest is there for the script, hidden
    labels = {label for _pk, _attrs, label in options}
    assert "1.2a Kebijakan sektoral: registrasi dan akta kelahiran anak" in labels
    assert "js/plans-item-form.js" in html


def test_without_an_active_plan_the_button_offers_to_create_one_for_the_question(
    client_for, balangan_admin, balangan, school, questions
):
    client = client_for(balangan_admin)
    question = questions["21A.2"]
    choose = f"{reverse('plans:item_for_question', args=[balangan.code])}?question={question.pk}"

    html = client.get(choose).content.decode()

    assert 'data-testid="no-active-plan"' in html
    create = f"{reverse('plans:plan_create', args=[balangan.code])}?question={question.pk}"
    assert f'href="{create}"' in html
    response = client.post(
        create, {"title": "RTL Perlindungan Khusus", "owner_institution": school.pk}
    )
    plan = ActionPlan.objects.get()
    assert response.url == (
        f"{reverse('plans:item_create', args=[plan.pk])}?question={question.pk}"
    )


def test_with_several_active_plans_the_user_picks_one(
    client_for, balangan_admin, balangan, plan, school, questions
):
    other = ActionPlan.objects.create(district=balangan, owner_institution=school, title="RTL 2")
    ActionPlan.objects.create(
        district=balangan, owner_institution=school, title="RTL lama", is_active=False
    )
    question = questions["21A.2"]

    response = client_for(balangan_admin).get(
        reverse("plans:item_for_question", args=[balangan.code]), {"question": question.pk}
    )

    assert response.status_code == 200
    assert {p.title for p in response.context["plans"]} == {plan.title, other.title}
    html = response.content.decode()
    for choice in (plan, other):
        assert f"{reverse('plans:item_create', args=[choice.pk])}?question={question.pk}" in html
    assert "21A.2" in html


def test_a_read_only_user_gets_no_button_and_no_form(
    client_for, kalsel_coordinator, balangan, plan, gap_assessment, questions
):
    client = client_for(kalsel_coordinator)

    assert all(row.new_action_url == "" for row in client.get(DASHBOARD).context["data"].gap_rows)
    response = client.get(
        reverse("plans:item_for_question", args=[balangan.code]),
        {"question": questions["21A.2"].pk},
    )
    assert response.status_code == 403


def test_the_board_the_plan_and_the_item_page_show_the_question_code(
    client_for, evaluator, balangan, plan, questions, today
):
    item = ActionItem.objects.create(
        plan=plan,
        activity="Sosialisasi KTR",
        indicator=questions["21A.4b"].indicator,
        question=questions["21A.4b"],
        due_date=today,
    )
    client = client_for(evaluator)

    for url in (reverse("plans:plan_board", args=[balangan.code]), plan.get_absolute_url()):
        html = client.get(url).content.decode()
        assert '<span data-testid="item-question">21A.4b</span>' in html
    html = client.get(item.get_absolute_url()).content.decode()
    assert re.search(r'data-testid="item-question"><strong>21A\.4b</strong> Lembaga layanan', html)


def test_an_item_made_under_the_draft_framework_keeps_its_indicator_when_edited(
    client_for, balangan_admin, plan, framework, today
):
    old = framework.indicators.get(number=19)
    item = ActionItem.objects.create(plan=plan, activity="Lama", indicator=old, due_date=today)

    response = client_for(balangan_admin).post(
        reverse("plans:item_edit", args=[item.pk]),
        item_data(today, activity="Lama", indicator=old.pk, venue="Aula", version=item.version),
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.indicator, item.venue) == (old, "Aula")


@pytest.mark.parametrize("year", range(2019, 2031))
def test_plans_find_the_framework_in_force_as_the_assessments_do(year, framework, instrument):
    assert plans.framework_in_force(year) == workflow.framework_for_year(year)


def test_a_plans_framework_is_the_one_in_force_the_year_it_was_drawn_up(plan, instrument):
    assert plans.framework_for_plan(plan) == instrument

"""The assessment page with the 2024 instrument's 274 questions: one save for every
changed answer, refusing a bad or stale row without losing what the user typed, the
filters and index, the draft framework's old assessments, and a fixed query count."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from indicators import answer_form, views, workflow
from indicators.models import Assessment, Framework, ItemAssessment, ItemEvidence, ItemStatus
from kla_portal.models import Role
from tests.conftest import make_user
from tests.indicators.filling import fill

MET, Q3, HALF, Q1, NOT_MET = (
    ItemStatus.MET,
    ItemStatus.THREE_QUARTERS,
    ItemStatus.PARTLY,
    ItemStatus.QUARTER,
    ItemStatus.NOT_MET,
)
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def instrument(db):
    return Framework.objects.get(code="kla-2024")


@pytest.fixture
def draft(instrument, balangan, balangan_admin):
    return workflow.start_assessment(district=balangan, year=2026, user=balangan_admin)


def row(assessment, code) -> ItemAssessment:
    """A question's row by its number as officials write it: "1.2a", "21A.4b"."""
    indicator, question = code.split(".")
    return ItemAssessment.objects.select_related("item__indicator", "updated_by").get(
        assessment=assessment, item__indicator__code=indicator, item__code=question
    )


def posted(rows: dict[str, dict], assessment) -> dict:
    """The form as the page posts it: ``{code: {"status": ..., "notes": ...}}`` for the
    changed rows, each with the version and digest the page was loaded with."""
    data, versions = {}, []
    for code, fields in rows.items():
        found = row(assessment, code)
        versions.append(
            f"{found.pk}:{fields.pop('version', workflow.version_of(found))}:"
            f"{workflow.digest_of(found)}"
        )
        for name, value in fields.items():
            data[f"i{found.pk}-{name}"] = value
    data["versions"] = ";".join(versions)
    return data


def page_form(content: str) -> dict:
    """Every field of the page's one form as a browser without JavaScript posts it."""
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data, self.inside, self.textarea = {}, False, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form" and attrs.get("id") == "assessment-form":
                self.inside = True
            if not self.inside or not attrs.get("name"):
                return
            if tag == "input":
                if attrs.get("type") in ("radio", "checkbox") and "checked" not in attrs:
                    return
                self.data[attrs["name"]] = attrs.get("value", "")
            elif tag == "textarea":
                self.textarea = attrs["name"]
                self.data[self.textarea] = ""

        def handle_data(self, text):
            if self.textarea:
                self.data[self.textarea] += text

        def handle_endtag(self, tag):
            if tag == "textarea":
                self.textarea = None
            if tag == "form":
                self.inside = False

    parser = Fields()
    parser.feed(content)
    return {k: v.removeprefix("\n") for k, v in parser.data.items()}


def test_the_page_lists_every_question_numbered_as_in_the_instrument(
    client_for, balangan_admin, draft
):
    response = client_for(balangan_admin).get(draft.get_absolute_url())
    content = response.content.decode()

    assert response.status_code == 200
    assert content.count('data-testid="item"') == 274
    assert content.count('data-testid="indicator"') == 31
    assert 'data-code="1.2a"' in content and 'data-code="21A.4b"' in content
    assert "Struktur dari rekap penilaian mandiri 2024; teks resmi belum dimuat." in content
    assert "JDIH, Bagian Hukum, DPPPA" in content  # the agencies of question 1.1
    one = row(draft, "1.1")
    assert f'id="i{one.pk}-s-q3"' in content  # a graded question offers 3/4
    yes_no = row(draft, "17.5")
    assert f'id="i{yes_no.pk}-s-q3"' not in content
    assert f'id="i{row(draft, "4.1").pk}-figure_previous"' in content  # two years
    assert f'id="i{row(draft, "5.3").pk}-figure_previous"' not in content  # one count
    assert "Poin pertanyaannya berjumlah 54.00; nilai indikator paling tinggi 51.00." in content
    assert content.count("<h1") == 1
    assert content.count("Simpan semua perubahan") == 1


def test_one_post_saves_the_changes_of_many_rows(client_for, balangan_admin, draft):
    client = client_for(balangan_admin)
    data = posted(
        {
            "1.1": {"status": Q3, "notes": "Perda 5/2022 diundangkan"},
            "1.2a": {"status": MET},
            "4.1": {"status": HALF, "figure_previous": "91,5", "figure_current": "94.25"},
            "5.3": {"status": Q1, "figure_current": "1.250"},
            "17.5": {"status": NOT_MET},
            "21A.4b": {"status": MET},
        },
        draft,
    )

    response = client.post(draft.get_absolute_url(), data, follow=True)

    assert views.SAVED_MANY % {"n": 6} in response.content.decode()
    assert (row(draft, "1.1").self_status, row(draft, "1.1").notes) == (
        Q3,
        "Perda 5/2022 diundangkan",
    )
    figures = row(draft, "4.1")
    assert (figures.figure_previous, figures.figure_current) == (
        Decimal("91.50"),
        Decimal("94.25"),
    )
    assert row(draft, "5.3").figure_current == Decimal(1250)
    assert row(draft, "17.5").self_status == NOT_MET
    assert all(row(draft, c).updated_by == balangan_admin for c in ("1.2a", "21A.4b"))
    # 12 x 3/4 + 1 + 1/2 + 3 x 1/4 + 0 + 21A.4's points
    assert (
        draft.figures.total
        == Decimal("9.00")
        + 1
        + Decimal("0.50")
        + Decimal("0.75")
        + row(draft, "21A.4b").item.max_points
    )
    assert row(draft, "1.1").history.count() == 2  # created, then this save


def test_the_script_saves_in_the_background_and_gets_the_new_versions_and_score(
    client_for, balangan_admin, draft
):
    client = client_for(balangan_admin)
    one = row(draft, "1.1")

    response = client.post(
        draft.get_absolute_url(), posted({"1.1": {"status": MET}}, draft), **JSON
    )

    body = json.loads(response.content)
    saved = row(draft, "1.1")
    assert response.status_code == 200
    assert body["ok"] and body["message"] == views.SAVED_MANY % {"n": 1}
    assert body["saved"][str(one.pk)] == {
        "version": workflow.version_of(saved),
        "was": workflow.digest_of(saved),
        "points": "12.00",
        "answered": True,
    }
    assert body["indicators"][str(one.item.indicator_id)] == {"points": "12.00", "answered": 1}
    assert "12.00" in body["summary_html"] and "1/274 terjawab" in body["summary_html"]
    assert 'href="#indikator-21A"' in body["index_html"]


def test_a_bad_row_refuses_the_whole_save_and_the_page_keeps_the_input(
    client_for, balangan_admin, draft
):
    client = client_for(balangan_admin)
    data = posted(
        {
            "1.1": {"status": MET, "notes": "Perda sudah ada"},
            "4.1": {"status": MET, "figure_previous": "120", "figure_current": "sembilan"},
            "17.5": {"status": Q3},
        },
        draft,
    )

    response = client.post(draft.get_absolute_url(), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert views.NOT_SAVED % {"n": 2} in content
    assert workflow.ROW_OVER_100 % {"code": "4.1", "field": "persentase 2025"} in content
    assert (
        workflow.ROW_NOT_A_NUMBER % {"code": "4.1", "field": "persentase 2026", "value": "sembilan"}
        in content
    )
    assert workflow.ROW_BAD_STATUS % {"code": "17.5", "value": Q3} in content
    assert row(draft, "1.1").self_status == ""  # the good row waits for the others
    one = row(draft, "1.1")
    assert f'id="i{one.pk}-s-met" value="met" autocomplete="off" checked' in content
    assert "Perda sudah ada</textarea>" in content
    assert 'value="sembilan"' in content

    # Posted again as the page shows it: 17.5 offers no 3/4, so only 4.1 is still wrong.
    again = client.post(draft.get_absolute_url(), page_form(content), follow=True)
    assert views.NOT_SAVED % {"n": 1} in again.content.decode()


def test_a_bad_row_comes_back_as_json_for_the_script(client_for, balangan_admin, draft):
    bad = row(draft, "5.3")
    data = posted({"1.1": {"status": MET}, "5.3": {"figure_current": "-2"}}, draft)

    response = client_for(balangan_admin).post(draft.get_absolute_url(), data, **JSON)

    body = json.loads(response.content)
    assert response.status_code == 400
    assert body["errors"] == {
        str(bad.pk): [workflow.ROW_NEGATIVE % {"code": "5.3", "field": "jumlah 2026"}]
    }
    assert row(draft, "1.1").self_status == ""


def test_a_row_changed_by_someone_else_since_the_page_loaded_is_refused(
    client_for, balangan_admin, draft, balangan
):
    colleague = make_user("dppa.dua", Role.DISTRICT_ADMIN, district=balangan, first_name="Rina")
    loaded = workflow.version_of(row(draft, "1.1"))
    data = posted({"1.1": {"status": Q1, "version": loaded}, "1.2a": {"status": MET}}, draft)
    workflow.fill_items(
        assessment=draft,
        user=colleague,
        changes=[workflow.ItemChange(pk=row(draft, "1.1").pk, status=MET, notes="Perda ada")],
    )

    response = client_for(balangan_admin).post(draft.get_absolute_url(), data, **JSON)

    body = json.loads(response.content)
    stored = row(draft, "1.1")
    assert response.status_code == 409
    [message] = body["errors"][str(stored.pk)]
    assert message.startswith("1.1 sudah diubah Rina pada ")
    assert "Tersimpan: «Penuh», catatan «Perda ada». Isian Anda: «1/4»." in message
    assert body["versions"] == {str(stored.pk): workflow.version_of(stored)}
    assert (stored.self_status, row(draft, "1.2a").self_status) == (MET, "")

    # Saving again, with the version the page now has, keeps the user's answer.
    data["versions"] = data["versions"].replace(loaded, workflow.version_of(stored), 1)
    client_for(balangan_admin).post(draft.get_absolute_url(), data, **JSON)
    assert (row(draft, "1.1").self_status, row(draft, "1.2a").self_status) == (Q1, MET)


def test_the_form_without_script_posts_every_row_and_only_the_changed_ones_are_written(
    client_for, balangan_admin, draft, balangan
):
    client = client_for(balangan_admin)
    form = page_form(client.get(draft.get_absolute_url()).content.decode())
    # Meanwhile a colleague answers 2.1, which this user does not touch.
    colleague = make_user("dppa.dua", Role.DISTRICT_ADMIN, district=balangan)
    workflow.fill_items(
        assessment=draft,
        user=colleague,
        changes=[workflow.ItemChange(pk=row(draft, "2.1").pk, status=MET)],
    )
    one = row(draft, "1.1")
    form[f"i{one.pk}-status"] = HALF

    response = client.post(draft.get_absolute_url(), form, follow=True)

    assert len(form) < 1000  # Django refuses a post of more fields
    assert views.SAVED_MANY % {"n": 1} in response.content.decode()
    assert row(draft, "1.1").self_status == HALF
    assert row(draft, "2.1").self_status == MET  # the colleague's answer stays
    history = ItemAssessment.history.filter(assessment_id=draft.pk, history_type="~")
    assert history.count() == 2  # the colleague's row and this one


def test_a_carried_answer_is_marked_until_confirmed_or_changed(
    client_for, balangan_admin, balangan, instrument
):
    earlier = workflow.start_assessment(district=balangan, year=2025, user=balangan_admin)
    fill(earlier, {})
    workflow.fill_items(
        assessment=earlier,
        user=balangan_admin,
        changes=[
            workflow.ItemChange(pk=row(earlier, "1.1").pk, status=MET, notes="Perda 5/2022"),
            workflow.ItemChange(pk=row(earlier, "1.2a").pk, status=HALF),
        ],
    )
    client = client_for(balangan_admin)
    start = client.get(reverse("indicators:district", args=["63.11"])).content.decode()
    assert "Mulai dari jawaban tahun 2025" in start

    client.post(
        reverse("indicators:assessment_start", args=["63.11"]), {"year": 2026, "carry_from": 2025}
    )
    draft = Assessment.objects.get(district=balangan, year=2026)
    content = client.get(draft.get_absolute_url() + "?tampil=perlu-diperbarui").content.decode()

    assert content.count("dari 2025, perlu diperbarui") == 2
    assert content.count('data-testid="item" ') == 274
    assert content.count(" hidden>") >= 272  # only the two carried rows are shown
    confirm = posted({"1.1": {"status": MET, "notes": "Perda 5/2022", "confirm": "1"}}, draft)
    client.post(draft.get_absolute_url(), confirm)
    assert row(draft, "1.1").carried_from is None
    assert row(draft, "1.2a").carried_from == 2025


def test_an_old_assessment_on_the_draft_framework_opens_with_its_old_score(
    client_for, balangan_admin, balangan, framework
):
    old = workflow.start_assessment(district=balangan, year=2023, user=balangan_admin)
    fill(old, {"2.1": MET, "2.4": ItemStatus.PARTLY})

    content = client_for(balangan_admin).get(old.get_absolute_url()).content.decode()

    assert old.framework == framework
    assert "kerangka rancangan awal" in content
    assert content.count('data-testid="item"') == 97
    # 50 x (2 x 1 + 1 x 0.5) / 7.5 = 16.67, the draft framework's weighted formula
    assert '<strong class="fs-5">16.67</strong>' in content
    assert 'data-code="2.4"' in content


def test_the_page_is_a_fixed_number_of_queries_whatever_is_answered(
    client_for, balangan_admin, draft, django_assert_max_num_queries
):
    client = client_for(balangan_admin)
    client.get(draft.get_absolute_url())  # the session, the user and their memberships

    # About half are the facts behind the suggestions (indicators/derived.py), read once.
    # +1: the navbar's notice and queue counts; +2: the stages and the round (the timeline).
    with django_assert_max_num_queries(23) as empty:
        client.get(draft.get_absolute_url())
    rows = list(draft.items.select_related("item")[:200])
    workflow.fill_items(
        assessment=draft,
        user=balangan_admin,
        changes=[
            workflow.ItemChange(pk=r.pk, status=r.item.statuses[0][0], notes="ada") for r in rows
        ],
    )
    for r in rows[:50]:
        ItemEvidence.objects.create(
            item_assessment=r, file=ContentFile(b"x", name="b.pdf"), original_name="b.pdf"
        )
    with django_assert_max_num_queries(len(empty.captured_queries)):
        content = client.get(draft.get_absolute_url()).content.decode()
    assert content.count('data-testid="item"') == 274


def test_saving_forty_rows_takes_the_queries_of_saving_one(
    client_for, balangan_admin, draft, django_assert_max_num_queries
):
    """(SQLite splits the history rows' INSERT into batches of about 43 rows, at its
    999-parameter limit; PostgreSQL writes them in one.)"""
    client = client_for(balangan_admin)
    rows = list(draft.items.select_related("item__indicator")[:41])
    few = posted({rows[0].item.full_code: {"status": MET}}, draft)
    many = posted({r.item.full_code: {"status": NOT_MET} for r in rows[1:]}, draft)

    with django_assert_max_num_queries(40) as one:
        client.post(draft.get_absolute_url(), few, **JSON)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.post(draft.get_absolute_url(), many, **JSON)
    assert len(json.loads(response.content)["saved"]) == 40


def test_the_filters_show_the_unanswered_questions(client_for, balangan_admin, draft):
    workflow.fill_items(
        assessment=draft,
        user=balangan_admin,
        changes=[workflow.ItemChange(pk=row(draft, "1.1").pk, status=MET)],
    )

    content = client_for(balangan_admin).get(draft.get_absolute_url() + "?tampil=belum")

    page = content.context["page"]
    shown = [r["code"] for g in page.groups for i in g["indicators"] for r in i["rows"]]
    hidden = {
        r["code"] for g in page.groups for i in g["indicators"] for r in i["rows"] if r["hidden"]
    }
    assert len(shown) == 274 and hidden == {"1.1"}
    assert page.counts == {
        "semua": 274,
        "belum": 273,
        "tanpa-bukti": 274,
        "dikembalikan": 0,
        "perlu-diperbarui": 0,
    }


def test_who_may_post_the_page(client, client_for, balangan_member, hst_admin, draft):
    data = posted({"1.1": {"status": MET}}, draft)

    assert client.post(draft.get_absolute_url(), data).status_code == 302  # to the login
    assert client_for(balangan_member).post(draft.get_absolute_url(), data).status_code == 403
    assert client_for(hst_admin).post(draft.get_absolute_url(), data).status_code == 404
    assert row(draft, "1.1").self_status == ""
    member_page = client_for(balangan_member).get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="fill-form"' not in member_page


def test_a_submitted_assessment_takes_no_answers_except_a_returned_one(
    client_for, balangan_admin, kalsel_coordinator, draft
):
    workflow.review_assessment(assessment=draft, user=balangan_admin)
    workflow.sign_off(assessment=draft, user=balangan_admin, chair_name="Sekda")
    workflow.submit_assessment(assessment=draft, user=balangan_admin)
    workflow.return_item(item=row(draft, "6.1"), user=kalsel_coordinator, comment="SK Forum Anak?")

    content = client_for(balangan_admin).get(draft.get_absolute_url()).content.decode()
    data = posted({"6.1": {"status": MET}, "6.2": {"status": MET}}, draft)
    response = client_for(balangan_admin).post(draft.get_absolute_url(), data, **JSON)

    assert content.count('name="i') > 0 and f'name="i{row(draft, "6.2").pk}-' not in content
    assert json.loads(response.content)["errors"] == {
        str(row(draft, "6.2").pk): [workflow.ROW_NOT_EDITABLE % {"code": "6.2"}]
    }
    data = posted({"6.1": {"status": MET}}, draft)
    client_for(balangan_admin).post(draft.get_absolute_url(), data)
    assert row(draft, "6.1").self_status == MET


def test_the_verifier_verifies_a_question_with_the_answers_it_allows(
    client_for, balangan_admin, kalsel_coordinator, draft
):
    workflow.review_assessment(assessment=draft, user=balangan_admin)
    workflow.sign_off(assessment=draft, user=balangan_admin, chair_name="Sekda")
    workflow.submit_assessment(assessment=draft, user=balangan_admin)
    client = client_for(kalsel_coordinator)
    yes_no = row(draft, "17.5")

    page = client.get(reverse("indicators:verify", args=[draft.pk])).content.decode()
    response = client.post(
        reverse("indicators:item_verify", args=[yes_no.pk]),
        {"prefix": f"v{yes_no.pk}", f"v{yes_no.pk}-verified_status": Q3},
        follow=True,
    )
    refused = row(draft, "17.5").verified_status
    client.post(
        reverse("indicators:item_verify", args=[yes_no.pk]),
        {
            "prefix": f"v{yes_no.pk}",
            f"v{yes_no.pk}-verified_status": NOT_MET,
            f"v{yes_no.pk}-verifier_comment": "Masih ada baliho rokok",
        },
    )

    assert page.count('data-testid="verify-form"') == 274
    assert "Periksa isian:" in response.content.decode()
    assert refused == ""  # a yes/no question has no 3/4
    checked = row(draft, "17.5")
    assert (checked.verified_status, checked.verifier_comment) == (
        NOT_MET,
        "Masih ada baliho rokok",
    )


def test_the_save_status_shows_when_the_answers_were_last_saved(client_for, balangan_admin, draft):
    ItemAssessment.objects.filter(assessment=draft).update(
        updated_at=timezone.now() - timedelta(days=3)
    )

    page = client_for(balangan_admin).get(draft.get_absolute_url())

    last = timezone.localtime(timezone.now() - timedelta(days=3))
    assert f"Tersimpan {last:%d/%m/%Y}" in page.content.decode()
    assert answer_form.figure_text(Decimal("45.50")) == "45,5"

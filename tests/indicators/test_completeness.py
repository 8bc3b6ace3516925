"""The completeness board: its counts on a hand-built case, its fixed query count, the page
(who sees it, what it shows) and its Excel download."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators import completeness
from indicators.agency_demo import seed_agency_demo
from indicators.models import (
    AgencyAnswer,
    Assessment,
    ChecklistItem,
    Framework,
    ItemAssessment,
    ItemEvidence,
    ItemStatus,
    QuestionRoute,
)
from kla_portal.models import Membership, Role
from stakeholders.models import Agency
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)
Status = AgencyAnswer.Status


def at(day, hour=10):
    return timezone.make_aware(datetime(2026, 3, day, hour))


def agency(district, short_name, **extra):
    return Agency.objects.create(
        district=district, short_name=short_name, name=f"Dinas {short_name}", **extra
    )


def questions(assessment, n, start=0):
    items = ChecklistItem.objects.filter(indicator__framework=assessment.framework).order_by("pk")
    return [
        ItemAssessment.objects.create(assessment=assessment, item=item)
        for item in items[start : start + n]
    ]


def answer(item, agency, status, *, when, answer="", **fields):
    row = AgencyAnswer.objects.create(
        item=item, agency=agency, status=status, answer=answer, **fields
    )
    AgencyAnswer.objects.filter(pk=row.pk).update(updated_at=when)
    return row


def evidence(item, agency, *, when):
    row = ItemEvidence.objects.create(
        item_assessment=item,
        file=ContentFile(b"%PDF-1.4", name="bukti.pdf"),
        original_name="bukti.pdf",
        agency=agency,
    )
    ItemEvidence.objects.filter(pk=row.pk).update(uploaded_at=when)
    return row


@pytest.fixture
def assessment(balangan):
    return Assessment.objects.create(
        district=balangan, year=2026, framework=Framework.objects.get(code="kla-2024")
    )


@pytest.fixture
def case(assessment, balangan, hst):
    """Three agencies and eight questions, each count of the board met at least once.

    Disdukcapil: q1 accepted, q2 returned, q3 submitted (figures only), q4 a draft with a
    note and no answer, q5 untouched (it contributes; Dinkes leads). Dinkes: q5 a draft
    answer, q6 untouched. Kemenag: q6 untouched (contributes). q7 was Disdukcapil's and
    its route is gone, its accepted answer left behind; q8 is routed to nobody.
    """
    dukcapil, dinkes, kemenag = (agency(balangan, n) for n in ("Disdukcapil", "Dinkes", "Kemenag"))
    agency(balangan, "Dinsos")  # no routes: not on the board
    q1, q2, q3, q4, q5, q6, q7, _q8 = questions(assessment, 8)
    for item in (q1, q2, q3, q4):
        QuestionRoute.objects.create(item=item, agency=dukcapil, is_lead=True)
    QuestionRoute.objects.create(item=q5, agency=dukcapil)
    QuestionRoute.objects.create(item=q5, agency=dinkes, is_lead=True)
    QuestionRoute.objects.create(item=q6, agency=dinkes, is_lead=True)
    QuestionRoute.objects.create(item=q6, agency=kemenag)
    answer(q1, dukcapil, Status.ACCEPTED, answer=ItemStatus.MET, when=at(1))
    answer(
        q2,
        dukcapil,
        Status.RETURNED,
        answer=ItemStatus.PARTLY,
        return_note="Lampirkan SK",
        when=at(5),
    )
    answer(q3, dukcapil, Status.SUBMITTED, figure_current=Decimal("12"), when=at(4))
    answer(q4, dukcapil, Status.DRAFT, notes="Menunggu data kecamatan", when=at(2))
    answer(q5, dinkes, Status.DRAFT, answer=ItemStatus.MET, when=at(3))
    answer(q7, dukcapil, Status.ACCEPTED, answer=ItemStatus.MET, when=at(9))
    evidence(q1, dukcapil, when=at(8))
    evidence(q2, dukcapil, when=at(6))
    evidence(q5, dinkes, when=at(3, hour=14))
    evidence(q1, None, when=at(9))  # the Dinas PPPA's own file: no agency's
    # Another district's agency and routes stay on its own board.
    other = Assessment.objects.create(
        district=hst, year=2026, framework=Framework.objects.get(code="kla-2024")
    )
    QuestionRoute.objects.create(
        item=questions(other, 1)[0], agency=agency(hst, "Disdukcapil"), is_lead=True
    )
    return {"dukcapil": dukcapil, "dinkes": dinkes, "kemenag": kemenag}


def counts(row):
    return {
        name: getattr(row, name)
        for name in (*completeness.COUNTS, "open", "last_activity", "days_idle")
    }


def test_it_counts_each_agencys_routed_answered_accepted_returned_and_untouched(assessment, case):
    rows = completeness.board(assessment, today=TODAY)

    assert [r.short_name for r in rows] == ["Dinkes", "Disdukcapil", "Kemenag"]
    dinkes, dukcapil, kemenag = rows
    assert counts(dukcapil) == {
        "routed": 5,
        "lead": 4,
        "answered": 3,  # q1, q2 and q3 (figures); q4 holds only a note
        "draft": 1,
        "submitted": 1,
        "accepted": 1,  # q7's answer is no longer routed
        "returned": 1,
        "untouched": 1,
        "evidence": 2,
        "open": 3,  # q2 returned, q4 in draft, q5 untouched
        # q7's answer (9 March) still tells when the agency last worked
        "last_activity": at(9),
        "days_idle": 1,
    }
    assert counts(dinkes) == {
        "routed": 2,
        "lead": 2,
        "answered": 1,
        "draft": 1,
        "submitted": 0,
        "accepted": 0,
        "returned": 0,
        "untouched": 1,
        "evidence": 1,
        "open": 2,
        "last_activity": at(3, hour=14),  # its evidence, later than its answer
        "days_idle": 7,
    }
    assert counts(kemenag) == {
        "routed": 1,
        "lead": 0,
        "answered": 0,
        "draft": 0,
        "submitted": 0,
        "accepted": 0,
        "returned": 0,
        "untouched": 1,
        "evidence": 0,
        "open": 1,
        "last_activity": None,
        "days_idle": None,
    }
    assert dukcapil.percent_answered == 60
    assert dukcapil.agency_id == case["dukcapil"].pk


def test_the_totals_add_up_the_agencies_and_count_the_questions_routed_to_nobody(assessment, case):
    rows = completeness.board(assessment, today=TODAY)

    total = completeness.totals(assessment, rows, today=TODAY)

    assert counts(total) == {
        "routed": 8,
        "lead": 6,
        "answered": 4,
        "draft": 2,
        "submitted": 1,
        "accepted": 1,
        "returned": 1,
        "untouched": 3,
        "evidence": 3,
        "open": 6,
        "last_activity": at(9),
        "days_idle": 1,
    }
    assert total.unrouted == 2  # q7 (its route removed) and q8


def test_an_assessment_without_routes_has_an_empty_board(assessment, balangan):
    questions(assessment, 3)

    rows = completeness.board(assessment, today=TODAY)

    assert rows == []
    assert completeness.totals(assessment, rows, today=TODAY).unrouted == 3


def grow(assessment, district, agencies, per_agency, start):
    """``agencies`` more agencies, each with ``per_agency`` questions in every state."""
    items = questions(assessment, agencies * per_agency, start=start)
    states = [Status.DRAFT, Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED, None]
    for a in range(agencies):
        owner = agency(district, f"OPD {start}-{a}")
        for q, item in enumerate(items[a * per_agency : (a + 1) * per_agency]):
            QuestionRoute.objects.create(item=item, agency=owner, is_lead=True)
            state = states[q % len(states)]
            if state:
                answer(item, owner, state, answer=ItemStatus.MET, when=at(1 + q % 9))
            if q % 3 == 0:
                evidence(item, owner, when=at(2))


def test_its_query_count_does_not_grow_with_agencies_or_questions(
    assessment, balangan, django_assert_num_queries
):
    grow(assessment, balangan, agencies=2, per_agency=3, start=0)
    with django_assert_num_queries(4):
        rows = completeness.board(assessment, today=TODAY)
        completeness.totals(assessment, rows, today=TODAY)
    assert len(rows) == 2

    grow(assessment, balangan, agencies=6, per_agency=10, start=6)
    with django_assert_num_queries(4):
        rows = completeness.board(assessment, today=TODAY)
        completeness.totals(assessment, rows, today=TODAY)
    assert len(rows) == 8
    assert sum(r.routed for r in rows) == 66


# The page


def url(assessment, name="indicators:completeness"):
    return reverse(name, args=[assessment.pk])


def test_anonymous_users_are_sent_to_sign_in(client, assessment):
    response = client.get(url(assessment))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url(assessment)}"


def test_another_districts_admin_gets_404(client_for, hst_admin, assessment, case):
    assert client_for(hst_admin).get(url(assessment)).status_code == 404
    assert (
        client_for(hst_admin).get(url(assessment, "indicators:completeness_xlsx")).status_code
        == 404
    )


@pytest.mark.parametrize("who", ["balangan_member", "kalsel_coordinator", "evaluator"])
def test_those_who_read_the_district_see_every_agencys_row_and_the_totals(
    client_for, request, assessment, case, who
):
    response = client_for(request.getfixturevalue(who)).get(url(assessment))

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('data-testid="completeness-row"') == 3
    assert "Disdukcapil" in content and "Kemenag" in content
    assert "Dinsos" not in content
    assert 'data-testid="completeness-total"' in content
    assert "2 pertanyaan belum ditugaskan ke perangkat daerah mana pun." in content
    assert "belum pernah" in content  # Kemenag has never worked on its question
    assert url(assessment, "indicators:completeness_xlsx") in content
    assert "js/sortable-tables.js" in content
    assert content.count("<h1") == 1


def test_each_agency_opens_its_questions_and_an_operator_only_their_own(
    client_for, balangan_admin, assessment, case
):
    questions_of = {
        key: reverse("indicators:agency_questions", args=[assessment.pk, agency.pk])
        for key, agency in case.items()
    }
    content = client_for(balangan_admin).get(url(assessment)).content.decode()
    assert all(f'href="{link}"' in content for link in questions_of.values())

    rina = make_user("rina.dukcapil")
    Membership.objects.create(
        user=rina, role=Role.AGENCY_OPERATOR, district=assessment.district, agency=case["dukcapil"]
    )
    response = client_for(rina).get(url(assessment))

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('data-testid="completeness-row"') == 3
    assert f'href="{questions_of["dukcapil"]}"' in content
    assert f'href="{questions_of["dinkes"]}"' not in content


def test_the_page_query_count_does_not_grow_with_agencies(
    client_for, balangan_admin, assessment, balangan, django_assert_max_num_queries
):
    client = client_for(balangan_admin)
    grow(assessment, balangan, agencies=2, per_agency=3, start=0)
    with django_assert_max_num_queries(15) as small:
        assert client.get(url(assessment)).status_code == 200
    grow(assessment, balangan, agencies=6, per_agency=10, start=6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(assessment)).status_code == 200


def test_a_board_without_routes_says_so(client_for, balangan_admin, assessment):
    response = client_for(balangan_admin).get(url(assessment))

    assert 'data-testid="completeness-empty"' in response.content.decode()


def test_the_excel_download_holds_the_agencies_then_the_totals(
    client_for, balangan_admin, assessment, case
):
    response = client_for(balangan_admin).get(url(assessment, "indicators:completeness_xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert 'filename="kelengkapan-63-11-2026.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Kelengkapan 2026"
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == [
        "Perangkat daerah",
        "Nama lengkap",
        "Ditugaskan",
        "Penanggung jawab utama",
    ]
    assert [r[0] for r in rows[1:]] == [
        "Dinkes",
        "Disdukcapil",
        "Kemenag",
        "Jumlah",
        "Belum ditugaskan",
    ]
    dukcapil = rows[2]
    assert dukcapil[2:12] == [5, 4, 3, 1, 1, 1, 1, 1, 3, 2]
    assert rows[4][1] == "Kabupaten Balangan"
    assert rows[4][2] == 8
    assert rows[5][1] == "2 pertanyaan belum ditugaskan ke perangkat daerah mana pun"


# The demo


def test_the_demo_has_three_agencies_answer_about_half_of_their_questions(balangan_admin):
    lines = seed_agency_demo()

    assessment = Assessment.objects.get(district__code="63.11", status=Assessment.Status.DRAFT)
    rows = {r.short_name: r for r in completeness.board(assessment, today=timezone.localdate())}
    assert len(rows) > 20  # the district's default agencies, the questions routed to them
    for name in ("Disdukcapil", "Dinkes", "Kemenag"):
        row = rows[name]
        assert 0.35 <= row.answered / row.routed <= 0.55, name
        assert row.accepted and row.submitted and row.draft, name
        assert 1 <= row.returned <= 3, name
    assert rows["Kemenag"].days_idle >= 10  # gone quiet
    assert not rows["Bappeda"].answered
    returned = AgencyAnswer.objects.filter(status=Status.RETURNED)
    assert all(a.return_note for a in returned)
    assert lines[0].startswith("jawaban perangkat daerah Balangan 2025: ")

    assert seed_agency_demo() == ["jawaban perangkat daerah Balangan 2025: sudah ada"]


def test_the_demo_starts_next_year_from_an_assessment_sent_to_the_province(balangan_admin):
    Assessment.objects.create(
        district_id="63.11",
        year=2025,
        framework=Framework.objects.get(code="kla-2024"),
        status=Assessment.Status.VERIFIED,
    )

    lines = seed_agency_demo()

    assert lines[0].startswith("jawaban perangkat daerah Balangan 2026: ")
    draft = Assessment.objects.get(district_id="63.11", year=2026)
    assert draft.status == Assessment.Status.DRAFT
    assert AgencyAnswer.objects.filter(item__assessment=draft).exists()

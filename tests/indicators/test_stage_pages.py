"""The pages on which each stage of the evaluation is worked through: the district's
timeline, returns and resubmission, the upload deadline, the gaps before submitting,
the province's VA, the evaluators' review, field visit, final verification and award,
and the rounds' calendar."""

import json
from datetime import date

import pytest
from django.urls import reverse

from indicators import stage_views, stages, views, workflow
from indicators.models import (
    Assessment,
    AssessmentStage,
    EvaluationYear,
    Framework,
    ItemAssessment,
    ItemStatus,
    Stage,
    StageAnswer,
)
from stakeholders.models import Institution

Status = AssessmentStage.Status
MET, HALF, NOT_MET = ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.NOT_MET
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def draft(db, balangan, balangan_admin):
    Framework.objects.get(code="kla-2024")
    return workflow.start_assessment(district=balangan, year=2025, user=balangan_admin)


def row(assessment, code) -> ItemAssessment:
    indicator, question = code.split(".")
    return ItemAssessment.objects.select_related("assessment__district", "item__indicator").get(
        assessment=assessment, item__indicator__code=indicator, item__code=question
    )


def answer(assessment, user, codes=None, status=MET):
    rows = (
        [row(assessment, c) for c in codes]
        if codes is not None
        else list(assessment.items.select_related("item"))
    )
    workflow.fill_items(
        assessment=assessment,
        user=user,
        changes=[
            workflow.ItemChange(pk=r.pk, status=status if codes else r.item.statuses[0][0])
            for r in rows
        ],
    )


def submit(assessment, user):
    workflow.review_assessment(assessment=assessment, user=user)
    workflow.sign_off(assessment=assessment, user=user, chair_name="Sekda")
    workflow.submit_assessment(assessment=assessment, user=user)


def posted(assessment, rows: dict) -> dict:
    """The assessment form as the page posts it: ``{code: status}``."""
    data, versions = {}, []
    for code, status in rows.items():
        found = row(assessment, code)
        versions.append(f"{found.pk}:{workflow.version_of(found)}:{workflow.digest_of(found)}")
        data[f"i{found.pk}-status"] = status
    return data | {"versions": ";".join(versions)}


def stage_url(assessment, slug):
    return reverse("indicators:stage", args=[assessment.pk, slug])


def status_of(assessment, stage):
    return AssessmentStage.objects.get(assessment=assessment, stage=stage).status


# ---------------------------------------------------------------------------
# The district: returned questions, the resubmission, the deadline


def test_a_returned_question_reopens_only_that_question(
    client_for, balangan_admin, kalsel_coordinator, draft
):
    answer(draft, balangan_admin, ["6.1", "6.2"])
    submit(draft, balangan_admin)
    client_for(kalsel_coordinator).post(
        reverse("indicators:item_return", args=[row(draft, "6.1").pk]),
        {"comment": "Lampirkan SK Forum Anak 2025"},
    )

    client = client_for(balangan_admin)
    page = client.get(draft.get_absolute_url()).content.decode()
    response = client.post(
        draft.get_absolute_url(), posted(draft, {"6.1": HALF, "6.2": HALF}), **JSON
    )
    saved = client.post(draft.get_absolute_url(), posted(draft, {"6.1": HALF}), **JSON)

    returned, other = row(draft, "6.1"), row(draft, "6.2")
    assert f'name="i{returned.pk}-status"' in page and f'name="i{other.pk}-' not in page
    assert 'data-testid="returned"' in page and "Lampirkan SK Forum Anak 2025" in page
    assert "Perbaiki 1 pertanyaan yang dikembalikan, lalu kirim perbaikan." in page
    assert "Kirim perbaikan (1 pertanyaan)" in page
    assert json.loads(response.content)["errors"] == {
        str(other.pk): [workflow.ROW_NOT_EDITABLE % {"code": "6.2"}]
    }
    assert saved.status_code == 200 and returned.self_status == HALF and other.self_status == MET


def test_resubmitting_sends_back_only_the_returned_questions(
    client_for, balangan_admin, kalsel_coordinator, draft
):
    answer(draft, balangan_admin, ["2.1", "6.1", "6.2"])
    submit(draft, balangan_admin)
    for code in ("2.1", "6.1"):
        workflow.return_item(item=row(draft, code), user=kalsel_coordinator, comment="Perbaiki")
    answer(draft, balangan_admin, ["2.1"], HALF)

    response = client_for(balangan_admin).post(
        reverse("indicators:assessment_resubmit", args=[draft.pk]), follow=True
    )
    verify_page = client_for(kalsel_coordinator).get(reverse("indicators:verify", args=[draft.pk]))

    content = response.content.decode()
    assert views.RESUBMITTED % {"n": 2, "actor": "koordinator provinsi"} in content
    assert [c for c in ("2.1", "6.1", "6.2") if row(draft, c).resubmitted_at] == ["2.1", "6.1"]
    assert not ItemAssessment.objects.filter(assessment=draft, is_returned=True).exists()
    assert status_of(draft, Stage.VA) == Status.IN_PROGRESS
    assert 'data-testid="resubmit"' not in content
    assert f'name="i{row(draft, "2.1").pk}-status"' not in content  # the verifier's again
    assert verify_page.content.decode().count('data-testid="resubmitted-badge"') == 2


def test_after_the_upload_deadline_the_districts_writes_are_refused_with_the_date(
    client_for, balangan_admin, draft
):
    EvaluationYear.objects.create(year=2025, **stages.default_calendar(2025))
    closed = stages.deadline_message(date(2025, 5, 31))
    client = client_for(balangan_admin)

    page = client.get(draft.get_absolute_url()).content.decode()
    response = client.post(draft.get_absolute_url(), posted(draft, {"1.1": MET}), **JSON)
    item_page = client.get(reverse("indicators:item", args=[row(draft, "1.1").pk]))

    assert "Batas unggah evaluasi mandiri 31/05/2025 sudah lewat" in closed
    assert 'data-testid="deadline-passed"' in page and closed in page
    assert page.count('data-testid="answer-closed"') == 274
    assert 'data-testid="fill-form"' not in page  # nothing left to save
    assert json.loads(response.content)["errors"] == {str(row(draft, "1.1").pk): [f"1.1: {closed}"]}
    assert closed in item_page.content.decode()
    assert 'data-testid="fill-form"' not in item_page.content.decode()
    assert row(draft, "1.1").self_status == ""


def test_after_the_deadline_a_reopened_question_is_writable(
    client_for, balangan_admin, kalsel_coordinator, draft
):
    answer(draft, balangan_admin, ["6.1", "6.2"])
    submit(draft, balangan_admin)
    workflow.finish_verification(assessment=draft, user=kalsel_coordinator)
    EvaluationYear.objects.create(year=2025, **stages.default_calendar(2025))
    client_for(kalsel_coordinator).post(
        reverse("indicators:item_reopen", args=[row(draft, "6.1").pk]),
        {"comment": "Data Forum Anak 2025 belum masuk"},
    )
    client = client_for(balangan_admin)

    page = client.get(draft.get_absolute_url()).content.decode()
    reopened = client.post(draft.get_absolute_url(), posted(draft, {"6.1": HALF}), **JSON)

    assert 'data-testid="deadline-passed"' not in page  # the EM was submitted in time
    assert f'name="i{row(draft, "6.1").pk}-status"' in page
    assert 'data-testid="answer-closed"' not in page
    assert json.loads(reopened.content)["ok"] and row(draft, "6.1").self_status == HALF


def test_submitting_with_gaps_says_how_many(client_for, balangan_admin, draft):
    answer(draft, balangan_admin, ["1.1", "2.1"])
    workflow.review_assessment(assessment=draft, user=balangan_admin)
    workflow.sign_off(assessment=draft, user=balangan_admin, chair_name="Sekda")

    page = client_for(balangan_admin).get(draft.get_absolute_url()).content.decode()

    assert "Ajukan ke provinsi (272 pertanyaan belum dijawab, 2 tanpa bukti)" in page
    assert page.count('data-testid="gap"') == 31
    assert "272 pertanyaan belum dijawab (dihitung 0 poin), 2 dijawab bernilai tanpa bukti" in page


# ---------------------------------------------------------------------------
# The province's VA


def test_the_va_is_the_provinces_alone(
    client_for, balangan_admin, kalsel_coordinator, evaluator, draft
):
    answer(draft, balangan_admin, ["1.1", "2.1"])
    submit(draft, balangan_admin)
    question = row(draft, "1.1")
    verify = reverse("indicators:item_verify", args=[question.pk])
    accept = {"prefix": f"v{question.pk}", f"v{question.pk}-verified_status": MET}

    assert (
        client_for(evaluator).get(reverse("indicators:verify", args=[draft.pk])).status_code == 403
    )
    assert client_for(evaluator).post(verify, accept).status_code == 403
    finish = reverse("indicators:assessment_finish", args=[draft.pk])
    assert client_for(evaluator).post(finish).status_code == 403

    province = client_for(kalsel_coordinator)
    page = province.get(reverse("indicators:verify", args=[draft.pk])).content.decode()
    province.post(verify, accept)
    workflow.return_item(item=row(draft, "2.1"), user=kalsel_coordinator, comment="SK lama")
    refused = province.post(finish, follow=True).content.decode()

    assert "Terima jawaban daerah (Penuh)" in page
    assert row(draft, "1.1").verified_status == MET
    assert workflow.ITEMS_STILL_RETURNED % {"n": 1} in refused
    assert status_of(draft, Stage.VA) == Status.RETURNED


def test_no_stage_total_is_shown_on_the_assessment_page_before_its_stage_is_completed(
    client_for, balangan_admin, kalsel_coordinator, draft
):
    answer(draft, balangan_admin, ["1.1", "2.1"])
    submit(draft, balangan_admin)
    workflow.verify_item(item=row(draft, "1.1"), user=kalsel_coordinator, status=HALF, comment="")
    client = client_for(balangan_admin)

    during = client.get(draft.get_absolute_url()).content.decode()
    workflow.finish_verification(assessment=draft, user=kalsel_coordinator)
    after = client.get(draft.get_absolute_url()).content.decode()

    assert during.count('data-testid="stage-total"') == 1  # the EM's: 15.00
    assert 'data-testid="verified-total"' not in during and "<strong>9.00</strong>" not in during
    assert after.count('data-testid="stage-total"') == 2
    assert "<strong>9.00</strong>" in after  # the VA's, 12 x 1/2 + 3


# ---------------------------------------------------------------------------
# The evaluators' stages


def test_review_final_verification_and_award_are_the_evaluators_alone(
    client_for, balangan_admin, kalsel_coordinator, hst_admin, evaluator, draft
):
    answer(draft, balangan_admin, ["1.1", "2.1"])
    submit(draft, balangan_admin)
    workflow.finish_verification(assessment=draft, user=kalsel_coordinator)
    question = row(draft, "2.1")
    set_points = reverse("indicators:stage_answer", args=[question.pk, "telaah"])
    points = {"status": NOT_MET, "note": "SK tidak dilampirkan"}

    read = client_for(balangan_admin).get(stage_url(draft, "telaah")).content.decode()
    assert client_for(hst_admin).get(stage_url(draft, "telaah")).status_code == 404
    for reader in (balangan_admin, kalsel_coordinator):
        assert client_for(reader).post(set_points, points).status_code == 403
    assert 'data-testid="read-only"' in read and 'data-testid="stage-answer-form"' not in read

    ministry = client_for(evaluator)
    page = ministry.get(stage_url(draft, "telaah")).content.decode()
    ministry.post(set_points, points)
    ministry.post(
        reverse("indicators:stage_return", args=[row(draft, "1.1").pk, "telaah"]),
        {"note": "Perda belum diundangkan"},
    )
    complete = reverse("indicators:stage_complete", args=[draft.pk, "telaah"])
    refused = ministry.post(complete, follow=True).content.decode()
    stages.resubmit_returned(assessment=draft, user=balangan_admin)
    done = ministry.post(complete, follow=True).content.decode()

    assert page.count('data-testid="stage-answer-form"') == 274
    assert StageAnswer.objects.get(item=question, stage=Stage.REVIEW).status == NOT_MET
    assert stages.STILL_RETURNED % {"n": 1} in refused
    assert stage_views.COMPLETED % {"stage": "Telaah Kementerian"} in done
    # 15 points at the review, not above 500: no field visit.
    assert status_of(draft, Stage.VL) == Status.SKIPPED
    assert status_of(draft, Stage.FINAL) == Status.IN_PROGRESS

    ministry.post(reverse("indicators:stage_complete", args=[draft.pk, "akhir"]))
    award = reverse("indicators:stage_award", args=[draft.pk])
    assert client_for(kalsel_coordinator).post(award, {"category": "none"}).status_code == 403
    awarded = client_for(evaluator).post(
        award, {"category": "none", "note": "SK Menteri"}, follow=True
    )

    draft.refresh_from_db()
    assert stage_views.AWARDED % {"category": "Belum berpredikat"} in awarded.content.decode()
    assert status_of(draft, Stage.AWARD) == Status.COMPLETED
    assert draft.status == Assessment.Status.LOCKED
    district_page = client_for(balangan_admin).get(stage_url(draft, "penghargaan"))
    assert 'data-testid="awarded"' in district_page.content.decode()


def test_the_field_visit_is_planned_with_its_places_from_the_registry(
    client_for, balangan_admin, kalsel_coordinator, evaluator, draft, sectors
):
    answer(draft, balangan_admin)  # every question met: far above 500
    submit(draft, balangan_admin)
    workflow.finish_verification(assessment=draft, user=kalsel_coordinator)
    stages.complete_stage(assessment=draft, user=evaluator, stage=Stage.REVIEW)
    school = Institution.objects.create(
        district=draft.district, sector=sectors["sekolah"], name="SDN 1 Paringin"
    )
    label = next(iter(stage_views.VisitPlaceForm(institutions=[school]).choices))
    ministry = client_for(evaluator)

    page = ministry.get(stage_url(draft, "lapangan")).content.decode()
    ministry.post(
        reverse("indicators:stage_visit", args=[draft.pk]),
        {"mode": "on_site", "visit_date": "10/02/2026", "team": "Tim KemenPPPA"},
    )
    place = reverse("indicators:stage_visit_place", args=[draft.pk])
    ministry.post(place, {"kind": "sra", "place": label})
    ministry.post(place, {"kind": "rbra", "place": "RBRA Taman Kota"})
    after = client_for(balangan_admin).get(stage_url(draft, "lapangan")).content.decode()

    vl = AssessmentStage.objects.get(assessment=draft, stage=Stage.VL)
    assert label.startswith("SDN 1 Paringin · ")
    assert f'<option value="{label}">' in page
    assert (vl.visit_mode, vl.visit_date) == ("on_site", date(2026, 2, 10))
    places = list(vl.places.order_by("pk"))
    assert [(p.kind, p.institution, p.name) for p in places] == [
        ("sra", school, ""),
        ("rbra", None, "RBRA Taman Kota"),
    ]
    assert "10/02/2026" in after and "RBRA Taman Kota" in after
    assert 'data-testid="place-form"' not in after  # the district reads

    client_for(evaluator).post(
        reverse("indicators:stage_skip_visit", args=[draft.pk]), {"note": "Sudah cukup"}
    )
    assert status_of(draft, Stage.VL) == Status.SKIPPED


# ---------------------------------------------------------------------------
# The rounds' calendar


def test_the_rounds_are_set_by_evaluators_with_dates_written_dd_mm_yyyy(
    client_for, kalsel_coordinator, evaluator
):
    edit = reverse("indicators:round_edit", args=[2026])
    assert client_for(kalsel_coordinator).get(reverse("indicators:rounds")).status_code == 200
    assert client_for(kalsel_coordinator).get(edit).status_code == 403
    ministry = client_for(evaluator)

    form = ministry.get(edit).content.decode()
    data = {
        "award_label": "KLA 2027",
        "data_years": "2025-2026",
        "em_deadline": "15/06/2026",
        "va_deadline": "31/10/2026",
        "review_deadline": "",
        "vl_start": "",
        "vl_end": "",
        "final_deadline": "",
        "award_date": "23/07/2027",
    }
    wrong = ministry.post(edit, data | {"va_deadline": "01/06/2026"}).content.decode()
    saved = ministry.post(edit, data, follow=True).content.decode()

    assert 'value="31/05/2026"' in form and 'data-testid="prefilled"' in form
    assert "Tanggal ini tidak boleh sebelum batas unggah evaluasi mandiri (15/06/2026)." in wrong
    assert stage_views.ROUND_SAVED % {"year": 2026} in saved
    assert "15/06/2026" in saved and "23/07/2027" in saved
    assert EvaluationYear.objects.get(year=2026).em_deadline == date(2026, 6, 15)


def test_a_stage_page_is_a_fixed_number_of_queries_whatever_is_set(
    client_for, balangan_admin, kalsel_coordinator, evaluator, draft, django_assert_max_num_queries
):
    answer(draft, balangan_admin, ["1.1", "2.1"])
    submit(draft, balangan_admin)
    workflow.finish_verification(assessment=draft, user=kalsel_coordinator)
    client = client_for(evaluator)
    client.get(stage_url(draft, "telaah"))  # the session, the user and their memberships

    # About a third are the session, the user and the navbar; the rest the page.
    with django_assert_max_num_queries(16) as few:
        client.get(stage_url(draft, "telaah"))
    # Every 20th question: answers spread over most indicators (each write costs ~0.2 s).
    questions = list(draft.items.select_related("item", "assessment__district").order_by("pk"))
    for question in questions[::20]:
        stages.set_stage_answer(
            item=question, user=evaluator, stage=Stage.REVIEW, status=NOT_MET, note="cek"
        )
    stages.return_at_stage(item=row(draft, "6.1"), user=evaluator, stage=Stage.REVIEW, note="x")
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = client.get(stage_url(draft, "telaah")).content.decode()
    assert content.count('data-testid="item"') == 274

"""The indicator pages: who may see and do what, and what they show."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.urls import reverse

from indicators import views, workflow
from indicators.models import Assessment, ItemAssessment, ItemEvidence, ItemStatus
from stakeholders.models import TaskForce

MET, PARTLY = ItemStatus.MET, ItemStatus.PARTLY
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def draft(start, balangan, balangan_admin):
    """A 2025 draft: the 2024 instrument's 274 questions."""
    return start(balangan, 2025, balangan_admin)


def item_of(assessment, code):
    """A question's row by its number as officials write it ("2.1", "21A.4b"; a draft
    framework butir by its order)."""
    indicator, question = code.split(".")
    by_code = Q(item__code=question)
    if question.isdigit():
        by_code |= Q(item__code="", item__order=int(question))
    return ItemAssessment.objects.get(
        by_code, assessment=assessment, item__indicator__code=indicator
    )


def answer(item, **fields):
    """The question's own form, as its page posts it (version and digest as loaded)."""
    data = {f"i{item.pk}-{name}": value for name, value in fields.items()}
    data["versions"] = f"{item.pk}:{workflow.version_of(item)}:{workflow.digest_of(item)}"
    return data


def submit(assessment, admin):
    workflow.review_assessment(assessment=assessment, user=admin)
    workflow.sign_off(assessment=assessment, user=admin, chair_name="Sekda")
    workflow.submit_assessment(assessment=assessment, user=admin)


def test_a_task_force_member_reads_the_assessment_but_cannot_fill_it(
    client_for, balangan_member, draft
):
    client = client_for(balangan_member)
    item = item_of(draft, "2.1")

    page = client.get(draft.get_absolute_url())
    posted = client.post(
        reverse("indicators:item_fill", args=[item.pk]), answer(item, status=MET, notes="x")
    )

    assert page.status_code == 200
    assert "SK dan keanggotaan Gugus Tugas KLA" in page.content.decode()
    assert 'data-testid="fill-form"' not in page.content.decode()
    assert posted.status_code == 403
    assert item_of(draft, "2.1").self_status == ""


def test_the_district_admin_answers_a_question_on_its_own_page(client_for, balangan_admin, draft):
    client = client_for(balangan_admin)
    item = item_of(draft, "4.1")

    page = client.get(reverse("indicators:item", args=[item.pk]))
    response = client.post(
        reverse("indicators:item_fill", args=[item.pk]),
        answer(
            item,
            status=ItemStatus.THREE_QUARTERS,
            figure_previous="88,4",
            figure_current="91",
            notes="Data Disdukcapil 2024 dan 2025",
        )
        | {"next": draft.get_absolute_url()},
        follow=True,
    )

    content = page.content.decode()
    assert 'data-testid="fill-form"' in content
    assert "Persentase 2024 (%)" in content and "Persentase 2025 (%)" in content
    assert response.redirect_chain[-1][0] == draft.get_absolute_url()
    assert views.SAVED % {"code": "4.1"} in response.content.decode()
    saved = item_of(draft, "4.1")
    assert (saved.self_status, saved.figure_previous, saved.figure_current, saved.notes) == (
        ItemStatus.THREE_QUARTERS,
        Decimal("88.40"),
        Decimal("91.00"),
        "Data Disdukcapil 2024 dan 2025",
    )
    assert saved.updated_by == balangan_admin


def test_a_bad_answer_on_the_question_page_comes_back_with_the_input(
    client_for, balangan_admin, draft
):
    item = item_of(draft, "4.1")

    response = client_for(balangan_admin).post(
        reverse("indicators:item_fill", args=[item.pk]),
        answer(item, status=MET, figure_previous="101", notes="Angka sementara"),
    )

    content = response.content.decode()
    assert workflow.ROW_OVER_100 % {"code": "4.1", "field": "persentase 2024"} in content
    assert "Angka sementara</textarea>" in content
    assert item_of(draft, "4.1").self_status == ""


def test_the_admin_accepts_a_derived_suggestion(client_for, balangan_admin, balangan, start):
    """On the draft framework (2023), whose butir 2.1 knows the task-force decree."""
    draft = start(balangan, 2023, balangan_admin)
    TaskForce.objects.create(
        district=balangan,
        decree_number="188.45/137/Kum/2024",
        decree_date=date(2024, 3, 18),
        valid_from=date(2024, 3, 18),
    )
    item = item_of(draft, "2.1")
    client = client_for(balangan_admin)

    page = client.get(reverse("indicators:item", args=[item.pk]))
    client.post(reverse("indicators:item_suggestion", args=[item.pk]), {"action": "accept"})

    assert "SK 188.45/137/Kum/2024" in page.content.decode()
    saved = item_of(draft, "2.1")
    assert saved.self_status == MET
    assert saved.suggestion_accepted


def test_the_coordinator_cannot_fill_and_the_admin_cannot_verify(
    client_for, balangan_admin, kalsel_coordinator, draft
):
    submit(draft, balangan_admin)
    item = item_of(draft, "2.1")

    coordinator = client_for(kalsel_coordinator).post(
        reverse("indicators:item_fill", args=[item.pk]), {"self_status": MET}
    )
    admin = client_for(balangan_admin).post(
        reverse("indicators:item_verify", args=[item.pk]), {"verified_status": MET}
    )

    assert coordinator.status_code == 403
    assert admin.status_code == 403
    assert (
        client_for(balangan_admin).get(reverse("indicators:verify", args=[draft.pk])).status_code
        == 403
    )


def test_the_coordinator_verifies_an_item_with_a_comment(
    client_for, balangan_admin, kalsel_coordinator, draft
):
    submit(draft, balangan_admin)
    item = item_of(draft, "6.1")
    client = client_for(kalsel_coordinator)

    page = client.get(reverse("indicators:verify", args=[draft.pk]))
    response = client.post(
        reverse("indicators:item_verify", args=[item.pk]),
        {"verified_status": PARTLY, "verifier_comment": "SK Forum Anak belum diunggah"},
        follow=True,
    )

    assert 'data-testid="verify-form"' in page.content.decode()
    assert views.VERIFIED_ITEM % {"code": "6.1"} in response.content.decode()
    saved = item_of(draft, "6.1")
    assert (saved.verified_status, saved.verifier_comment) == (
        PARTLY,
        "SK Forum Anak belum diunggah",
    )
    item_page = client.get(reverse("indicators:item", args=[item.pk])).content.decode()
    assert "SK Forum Anak belum diunggah" in item_page
    assert kalsel_coordinator.username in item_page  # the history names who verified


def test_a_step_at_the_wrong_stage_comes_back_as_a_message(client_for, balangan_admin, draft):
    response = client_for(balangan_admin).post(
        reverse("indicators:assessment_submit", args=[draft.pk]), follow=True
    )

    assert str(workflow.WRONG_STEP) in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT


def test_the_workflow_buttons_move_the_assessment_to_submitted(client_for, balangan_admin, draft):
    client = client_for(balangan_admin)

    client.post(reverse("indicators:assessment_review", args=[draft.pk]))
    client.post(reverse("indicators:assessment_sign_off", args=[draft.pk]), {"chair_name": "Sekda"})
    response = client.post(reverse("indicators:assessment_submit", args=[draft.pk]), follow=True)

    assert str(views.SUBMITTED) in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.signed_off_by) == (Assessment.Status.SUBMITTED, "Sekda")


def test_starting_an_assessment_is_for_the_district_admin(
    client_for, balangan_admin, balangan_member, framework, balangan
):
    url = reverse("indicators:assessment_start", args=["63.11"])

    assert client_for(balangan_member).post(url, {"year": 2025}).status_code == 403
    response = client_for(balangan_admin).post(url, {"year": 2025})

    assessment = Assessment.objects.get(district=balangan, year=2025)
    assert response.url == assessment.get_absolute_url()


def test_evidence_is_uploaded_and_served_only_to_those_who_see_the_district(
    client_for, balangan_admin, kalsel_coordinator, hst_admin, draft
):
    item = item_of(draft, "1.1")
    client_for(balangan_admin).post(
        reverse("indicators:item_evidence_add", args=[item.pk]),
        {"files": SimpleUploadedFile("perda kla.png", PNG, content_type="image/png")},
    )
    evidence = ItemEvidence.objects.get(item_assessment=item)
    url = reverse("indicators:evidence", args=[evidence.pk])

    assert evidence.original_name == "perda-kla.png"
    assert client_for(kalsel_coordinator).get(url).status_code == 200
    assert client_for(hst_admin).get(url).status_code == 404


def test_several_evidence_files_go_up_in_one_upload_or_none_of_them(
    client_for, balangan_admin, draft
):
    item = item_of(draft, "1.1")
    url = reverse("indicators:item_evidence_add", args=[item.pk])
    client = client_for(balangan_admin)

    def png(name):
        return SimpleUploadedFile(name, PNG, content_type="image/png")

    refused = client.post(
        url, {"files": [png("sk.png"), SimpleUploadedFile("x.docx", b"<script>")]}, follow=True
    )
    assert not ItemEvidence.objects.filter(item_assessment=item).exists()
    assert "Jenis berkas tidak diizinkan" in refused.content.decode()

    done = client.post(url, {"files": [png("sk-gugus.png"), png("foto-rapat.png")]}, follow=True)
    names = ItemEvidence.objects.filter(item_assessment=item).values_list("original_name")
    assert sorted(n for (n,) in names) == ["foto-rapat.png", "sk-gugus.png"]
    assert "2 berkas bukti ditambahkan." in done.content.decode()


@pytest.mark.parametrize("year", ["99999999999999999999", "dua", "-1", "2025.5"])
def test_a_year_that_is_not_a_year_opens_the_default_round(client_for, evaluator, draft, year):
    client = client_for(evaluator)
    for url in (
        reverse("indicators:national"),
        reverse("indicators:province", args=["63"]),
        reverse("indicators:district", args=["63.11"]),
    ):
        response = client.get(url, {"year": year})
        assert response.status_code == 200, url


def test_the_province_page_ranks_the_districts_the_user_sees(
    client_for, kalsel_coordinator, balangan_admin, hst_admin, start, balangan, hst, draft
):
    from tests.indicators.filling import fill

    fill(draft, {"2.1": MET})
    hst_draft = fill(start(hst, 2025, hst_admin), {"2.1": MET, "2.2": MET})
    submit(draft, balangan_admin)
    submit(hst_draft, hst_admin)
    client = client_for(kalsel_coordinator)

    response = client.get(reverse("indicators:province", args=["63"]))

    rows = response.context["table"]
    assert [(r["code"], r["rank"]) for r in rows[:2]] == [("63.07", 1), ("63.11", 2)]
    assert [c["done"] for c in rows[0]["cells"]] == [True, False, False]  # EM only
    assert len(rows) == 13
    by_name = client.get(reverse("indicators:province", args=["63"]), {"urut": "nama"})
    names = [r["name"] for r in by_name.context["table"]]
    assert names == sorted(names) and names != [r["name"] for r in rows]
    assert (
        by_name.context["table"][[r["code"] for r in by_name.context["table"]].index("63.11")][
            "rank"
        ]
        == 2
    )  # keeps its rank
    assert 'aria-sort="ascending"' in by_name.content.decode()
    summary = response.context["summary"]
    assert (summary.districts, summary.submitted, summary.verified) == (13, 2, 0)
    client = client_for(kalsel_coordinator)
    assert client.get(reverse("indicators:province", args=["64"])).status_code == 404


def test_the_method_page_writes_out_the_formula_and_the_bands(client_for, evaluator, framework):
    content = client_for(evaluator).get(reverse("indicators:method")).content.decode()

    assert "nilai indikator = min(Σ poin pertanyaan, nilai maksimum indikator)" in content
    assert (
        "Indikator 19 bernilai paling tinggi 51.00, padahal poin pertanyaannya berjumlah 54.00"
        in content
    )
    assert '<th class="text-end">1000.00</th>' in content  # the groups add up to 1000
    # The draft framework's assessments keep their formula.
    assert "kerangka rancangan awal" in content
    assert "maksimum × Σ(bobot × bagian) / Σ(bobot)" in content
    assert "600.01" in content and "900.01" in content
    assert content.count("<h1") == 1


def test_the_hub_card_shows_the_latest_score_once_submitted(
    client_for, balangan_member, balangan_admin, draft
):
    from tests.indicators.filling import fill

    fill(draft, {f"11.{n}": MET for n in range(1, 4)})  # 5 + 9 + 3 points
    hub = reverse("district", args=["63.11"])
    client = client_for(balangan_member)

    before = client.get(hub).content.decode()
    submit(draft, balangan_admin)
    after = client.get(hub).content.decode()

    assert 'data-testid="indicators-card"' in before
    assert "17.00" not in before
    assert "Evaluasi 2025: nilai tampil setelah evaluasi mandiri diajukan." in before
    assert "17.00" in after and "EM 2025" in after
    assert "Tahap sekarang: Verifikasi Administrasi (VA), berjalan." in after

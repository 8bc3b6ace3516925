"""The agencies' pages (indicators/agency_views.py): the operator's questions and answer form
with its files, the Dinas PPPA's "Terima"/"Kembalikan" and routing editor on the assessment
page, and where an operator lands after signing in. Each view as anonymous, the wrong role
and the right one; query counts pinned.
"""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators import agency_answers, agency_views, workflow
from indicators.agency_forms import AgencyAnswerForm
from indicators.models import AgencyAnswer, Assessment, ItemAssessment, ItemEvidence, ItemStatus
from kla_portal.models import District, Membership, Role
from kla_portal.uploads import BAD_TYPE
from stakeholders.models import Agency
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
Status = AgencyAnswer.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CSV = b"kecamatan;lahir;akta\nParingin;120;118\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def operator(username, agency):
    user = make_user(username, first_name="Rina", last_name="Capil")
    Membership.objects.create(
        user=user, role=Role.AGENCY_OPERATOR, district=agency.district, agency=agency
    )
    return user


@pytest.fixture(scope="module")
def world(module_db):
    with module_db():
        balangan = District.objects.get(code="63.11")
        hst = District.objects.get(code="63.07")
        agencies = {
            name: Agency.objects.create(
                district=balangan, short_name=name, name=f"Dinas {name}", covers=[name]
            )
            for name in ("DPPPA", "Disdukcapil", "Dinkes")
        }
        hst_capil = Agency.objects.create(
            district=hst, short_name="Disdukcapil", name="Disdukcapil HST", covers=["Disdukcapil"]
        )
        admin = make_user("balangan", Role.DISTRICT_ADMIN, district=balangan)
        assessment = workflow.start_assessment(district=balangan, year=2026, user=admin)
        return SimpleNamespace(
            agencies=agencies,
            capil=agencies["Disdukcapil"],
            hst_capil=hst_capil,
            assessment_pk=assessment.pk,
            admin=admin,
            member=make_user("gugus.balangan", Role.TASK_FORCE_MEMBER, district=balangan),
            evaluator=make_user("evaluator", Role.EVALUATOR),
            operator=operator("capil.balangan", agencies["Disdukcapil"]),
            dinkes=operator("dinkes.balangan", agencies["Dinkes"]),
            hst_operator=operator("capil.hst", hst_capil),
        )


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def assessment(world) -> Assessment:
    return Assessment.objects.get(pk=world.assessment_pk)


def question(world, code) -> ItemAssessment:
    indicator, number = code.split(".")
    return ItemAssessment.objects.select_related("assessment__district", "item__indicator").get(
        assessment_id=world.assessment_pk, item__indicator__code=indicator, item__code=number
    )


def home_url(world, agency=None):
    return reverse("indicators:agency_home", args=[(agency or world.capil).pk])


def answer_url(world, code, agency=None, name="indicators:agency_answer"):
    return reverse(name, args=[question(world, code).pk, (agency or world.capil).pk])


def answered(world, code="4.1", *, submit=False, **values):
    values = {"answer": ItemStatus.THREE_QUARTERS} | values
    answer = agency_answers.save_agency_answer(
        item=question(world, code), agency=world.capil, user=world.operator, **values
    )
    if submit:
        agency_answers.submit_agency_answer(answer=answer, user=world.operator)
    return AgencyAnswer.objects.get(pk=answer.pk)


def with_file(world, answer, *, submit=False):
    """A data matrix on the answer (and the answer sent)."""
    agency_answers.add_agency_evidence(
        answer=answer,
        user=world.operator,
        file=SimpleUploadedFile("matriks.csv", CSV),
        is_data_matrix=True,
    )
    if submit:
        agency_answers.submit_agency_answer(answer=answer, user=world.operator)
    return answer


def stored(world, code="4.1") -> AgencyAnswer:
    return AgencyAnswer.objects.get(item=question(world, code), agency=world.capil)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# ---------------------------------------------------------------------------
# Landing and the operator's questions


def test_an_agency_operator_lands_on_its_questions(world, as_user):
    response = as_user(world.operator).get(reverse("home"))

    assert response.status_code == 302
    assert response.url == home_url(world)


def test_the_questions_page_needs_a_login(world, client):
    url = home_url(world)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("who", "status"), [("hst_operator", 404), ("dinkes", 403)])
def test_another_districts_or_agencys_operator_is_refused(world, as_user, who, status):
    assert as_user(getattr(world, who)).get(home_url(world)).status_code == status


def test_the_operator_sees_only_its_routed_questions_with_what_each_asks(world, as_user):
    response = as_user(world.operator).get(home_url(world))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert "Pertanyaan untuk Disdukcapil" in content
    codes = [row["code"] for row in response.context["rows"]]
    assert codes[:3] == ["1.2a", "1.2b", "1.3e"]
    assert "4.1" in codes and "17.1" not in codes
    assert len(codes) == 22
    row = next(r for r in response.context["rows"] if r["code"] == "4.1")
    assert row["figures"] == [("persentase 2025", ""), ("persentase 2026", "")]
    assert row["options"] == "Penuh / 3/4 / 1/2 / 1/4 / 0"
    assert "Matriks data (angka per tahun)" in content
    assert 'data-state="belum"' in content


def test_a_returned_answer_shows_its_note_and_the_filters_count(world, as_user):
    answered(world, submit=True)
    agency_answers.return_agency_answer(
        answer=stored(world), user=world.admin, note="Lampirkan data SIAK"
    )
    answered(world, "4.2", submit=True)

    response = as_user(world.operator).get(home_url(world) + "?tampil=dikembalikan")

    assert [r["code"] for r in response.context["rows"]] == ["4.1"]
    content = response.content.decode()
    assert "Lampirkan data SIAK" in content
    counts = {key: n for key, _label, n in response.context["filters"]}
    assert counts == {"semua": 22, "belum": 20, "dikembalikan": 1, "dikirim": 1, "diterima": 0}


def test_the_dinas_pppa_and_the_task_force_read_an_agencys_questions(world, as_user):
    for user in (world.admin, world.member, world.evaluator):
        response = as_user(user).get(
            reverse("indicators:agency_questions", args=[world.assessment_pk, world.capil.pk])
        )
        assert response.status_code == 200
        assert len(response.context["rows"]) == 22
    assert response.context["can_answer"] is False  # the evaluator reads only


def test_the_questions_page_is_a_fixed_number_of_queries(
    world, as_user, django_assert_max_num_queries
):
    client = as_user(world.operator)
    client.get(home_url(world))
    with django_assert_max_num_queries(14) as empty:
        client.get(home_url(world))
    for code in ("4.1", "4.2", "4.3", "4.5", "4.6", "1.2a"):
        with_file(world, answered(world, code), submit=code != "4.6")
    agency_answers.return_agency_answer(answer=stored(world, "4.1"), user=world.admin, note="x")

    with django_assert_max_num_queries(len(empty.captured_queries)):
        response = client.get(home_url(world))
    assert len(response.context["rows"]) == 22


def test_without_an_assessment_the_operator_is_told_so(world, as_user):
    response = as_user(world.hst_operator).get(home_url(world, world.hst_capil))

    assert response.status_code == 200
    assert 'data-testid="no-assessment"' in response.content.decode()


# ---------------------------------------------------------------------------
# The answer form


def test_the_answer_form_saves_a_draft_with_a_data_matrix_and_documents(world, as_user):
    client = as_user(world.operator)
    assert client.get(answer_url(world, "4.1")).status_code == 200

    response = client.post(
        answer_url(world, "4.1", name="indicators:agency_answer_save"),
        {
            "answer": ItemStatus.THREE_QUARTERS,
            "figure_previous": "88,4",
            "figure_current": "91",
            "notes": "Data SIAK",
            "data_matrix": [SimpleUploadedFile("Matriks Akta.csv", CSV)],
            "documents": [SimpleUploadedFile("sk.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)],
            "action": "save",
        },
    )

    assert response.status_code == 302
    assert response.url == answer_url(world, "4.1")
    answer = stored(world)
    assert (answer.status, answer.answer, str(answer.figure_previous)) == (
        Status.DRAFT,
        ItemStatus.THREE_QUARTERS,
        "88.40",
    )
    files = ItemEvidence.objects.filter(agency=world.capil).order_by("pk")
    assert [(f.original_name, f.is_data_matrix) for f in files] == [
        ("matriks-akta.csv", True),
        ("sk.pdf", False),
        ("b.pdf", False),
    ]
    page = client.get(answer_url(world, "4.1"))
    assert page.context["form"].initial["figure_previous"] == "88,4"
    assert "matriks-akta.csv" in page.content.decode()


def test_kirim_sends_the_answer_to_the_dinas_pppa(world, as_user):
    response = as_user(world.operator).post(
        answer_url(world, "4.1", name="indicators:agency_answer_save"),
        {"answer": ItemStatus.MET, "action": "submit"},
    )

    assert response.status_code == 302
    assert response.url == reverse(
        "indicators:agency_questions", args=[world.assessment_pk, world.capil.pk]
    )
    answer = stored(world)
    assert (answer.status, answer.submitted_by) == (Status.SUBMITTED, world.operator)
    page = as_user(world.operator).get(answer_url(world, "4.1"))
    assert page.context["form"] is None  # sent: shown, not editable


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_saved(world, as_user):
    response = as_user(world.operator).post(
        answer_url(world, "4.1", name="indicators:agency_answer_save"),
        {
            "answer": ItemStatus.MET,
            "data_matrix": [SimpleUploadedFile("matriks.xlsx", EXE)],
            "action": "submit",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["data_matrix"] == [
        BAD_TYPE % {"types": "CSV, PDF, XLSX"}
    ]
    assert not AgencyAnswer.objects.exists()
    assert not ItemEvidence.objects.filter(agency__isnull=False).exists()


def test_a_bad_figure_comes_back_with_the_message(world, as_user):
    response = as_user(world.operator).post(
        answer_url(world, "4.1", name="indicators:agency_answer_save"),
        {"answer": ItemStatus.MET, "figure_current": "120", "action": "save"},
    )

    assert response.status_code == 400
    assert messages_of(response) == [
        workflow.ROW_OVER_100 % {"code": "4.1", "field": "persentase 2026"}
    ]
    assert response.context["form"]["figure_current"].value() == "120"
    assert not AgencyAnswer.objects.exists()


def test_a_sent_answer_is_not_changed_by_a_second_post(world, as_user):
    answered(world, submit=True)

    response = as_user(world.operator).post(
        answer_url(world, "4.1", name="indicators:agency_answer_save"),
        {"answer": ItemStatus.NOT_MET, "action": "save"},
    )

    assert response.status_code == 400
    assert messages_of(response) == [str(agency_answers.ALREADY_SENT)]
    assert stored(world).answer == ItemStatus.THREE_QUARTERS


@pytest.mark.parametrize(
    ("who", "code", "agency", "status"),
    [
        ("operator", "17.1", "Dinkes", 403),  # another agency's question
        ("operator", "17.1", "Disdukcapil", 403),  # not routed to the operator's agency
        ("member", "4.1", "Disdukcapil", 403),
        ("evaluator", "4.1", "Disdukcapil", 403),
        ("hst_operator", "4.1", "Disdukcapil", 404),
    ],
)
def test_only_the_agencys_operator_or_the_dinas_posts_its_answer(
    world, as_user, who, code, agency, status
):
    url = answer_url(world, code, world.agencies[agency], name="indicators:agency_answer_save")

    response = as_user(getattr(world, who)).post(url, {"answer": "met", "action": "save"})

    assert response.status_code == status
    assert not AgencyAnswer.objects.exists()


def test_the_operator_removes_its_own_file(world, as_user):
    answer = answered(world)
    evidence = agency_answers.add_agency_evidence(
        answer=answer,
        user=world.operator,
        file=SimpleUploadedFile("a.pdf", PDF),
        is_data_matrix=False,
    )
    url = reverse("indicators:agency_evidence_remove", args=[evidence.pk])

    assert as_user(world.dinkes).post(url).status_code == 403
    response = as_user(world.operator).post(url)

    assert response.status_code == 302
    assert not ItemEvidence.objects.filter(pk=evidence.pk).exists()


# ---------------------------------------------------------------------------
# The Dinas PPPA's side on the assessment page


def test_the_assessment_page_shows_the_agencies_and_a_sent_answer_to_decide(world, as_user):
    with_file(world, answered(world, notes="Data SIAK"), submit=True)

    response = as_user(world.admin).get(assessment(world).get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Disdukcapil (utama), DPPPA" in content  # 4.5: lead first
    assert content.count('data-testid="accept"') == 1
    assert 'id="aa-return-' in content and "Data SIAK" in content
    assert "matriks.csv" in content
    assert "1 jawaban perangkat daerah menunggu keputusan" in content
    assert "Tugaskan ke perangkat daerah" in content


def test_the_task_force_sees_the_answers_but_no_buttons(world, as_user):
    answered(world, submit=True)

    content = as_user(world.member).get(assessment(world).get_absolute_url()).content.decode()

    assert 'data-testid="agency-answer"' in content
    assert 'data-testid="accept"' not in content
    assert "Tugaskan ke perangkat daerah" not in content


def test_the_assessment_page_costs_the_same_queries_with_routes_and_answers(
    world, as_user, django_assert_max_num_queries
):
    client = as_user(world.admin)
    url = assessment(world).get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(24) as few:
        client.get(url)
    for code in ("4.1", "4.2", "4.3", "4.5", "4.6", "4.7", "1.2a", "1.2b"):
        with_file(world, answered(world, code), submit=True)
    for answer in AgencyAnswer.objects.all()[:2]:
        agency_answers.return_agency_answer(answer=answer, user=world.admin, note="x")

    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        content = client.get(url).content.decode()
    assert content.count('data-testid="accept"') == 6


def test_terima_makes_the_answer_the_districts(world, as_user):
    answered(world, submit=True, figure_current="91")
    url = reverse("indicators:agency_answer_accept", args=[stored(world).pk])

    assert as_user(world.operator).post(url).status_code == 403
    response = as_user(world.admin).post(url)

    item = question(world, "4.1")
    assert response.status_code == 302
    assert response.url == f"{assessment(world).get_absolute_url()}#butir-{item.pk}"
    assert (item.self_status, str(item.figure_current)) == (ItemStatus.THREE_QUARTERS, "91.00")
    assert stored(world).status == Status.ACCEPTED


def test_kembalikan_needs_a_note(world, as_user):
    answered(world, submit=True)
    url = reverse("indicators:agency_answer_return", args=[stored(world).pk])
    client = as_user(world.admin)

    response = client.post(url, {"note": ""}, follow=True)
    assert messages_of(response) == [str(agency_answers.NOTE_REQUIRED)]
    assert stored(world).status == Status.SUBMITTED

    client.post(url, {"note": "Angka 2025 belum ada"})
    assert (stored(world).status, stored(world).return_note) == (
        Status.RETURNED,
        "Angka 2025 belum ada",
    )


def test_the_routing_editor_reassigns_a_question(world, as_user):
    item = question(world, "4.1")
    url = reverse("indicators:item_routes", args=[item.pk])
    dinkes, capil = world.agencies["Dinkes"], world.capil
    assert as_user(world.operator).get(url).status_code == 403
    client = as_user(world.admin)
    assert client.get(url).status_code == 200

    response = client.post(url, {"agencies": [dinkes.pk, capil.pk], "lead": dinkes.pk})

    assert response.status_code == 302
    routes = list(item.routes.order_by("-is_lead").values_list("agency__short_name", "is_lead"))
    assert routes == [("Dinkes", True), ("Disdukcapil", False)]
    refused = client.post(url, {"agencies": [capil.pk], "lead": dinkes.pk})
    assert refused.status_code == 400
    assert refused.context["form"].non_field_errors() == [str(agency_answers.LEAD_REQUIRED)]


def test_tugaskan_routes_an_assessment_started_before_the_agencies(world, as_user):
    tala = District.objects.get(code="63.01")
    admin = make_user("tala", Role.DISTRICT_ADMIN, district=tala)
    started = workflow.start_assessment(district=tala, year=2026, user=admin)
    Agency.objects.create(district=tala, short_name="Disdukcapil", covers=["Disdukcapil"])
    url = reverse("indicators:assessment_route", args=[started.pk])
    assert as_user(world.admin).post(url).status_code == 404  # Balangan's admin

    response = as_user(admin).post(url, follow=True)

    assert started.items.filter(routes__isnull=False).count() == 22
    assert messages_of(response) == [str(agency_views.ROUTED % {"n": 22})]
    again = as_user(admin).post(url, follow=True)
    assert messages_of(again) == [str(agency_views.NOTHING_ROUTED)]


def test_the_answer_page_tells_every_step_with_who_and_when(world, as_user):
    answered(world, submit=True)
    agency_answers.return_agency_answer(
        answer=stored(world), user=world.admin, note="Angka 2025 kurang"
    )
    answered(world, answer=ItemStatus.MET)
    agency_answers.submit_agency_answer(answer=stored(world), user=world.operator)
    agency_answers.accept_agency_answer(answer=stored(world), user=world.admin)

    response = as_user(world.member).get(answer_url(world, "4.1"))

    steps = [(s["who"], str(s["what"]), s["detail"]) for s in response.context["steps"]]
    assert steps == [
        ("balangan", str(agency_views.STEP_WORDS[Status.ACCEPTED]), ""),
        ("Rina Capil", "Dikirim ke Dinas PPPA", "«Penuh», angka tahun lalu —, angka tahun ini —"),
        ("Rina Capil", "Jawaban diubah", "«Penuh», angka tahun lalu —, angka tahun ini —"),
        ("balangan", "Dikembalikan Dinas PPPA", "Angka 2025 kurang"),
        ("Rina Capil", "Dikirim ke Dinas PPPA", "«3/4», angka tahun lalu —, angka tahun ini —"),
        ("Rina Capil", "Jawaban dibuat", "«3/4», angka tahun lalu —, angka tahun ini —"),
    ]
    assert "Angka 2025 kurang" in response.content.decode()


def _office(part: str) -> bytes:
    """A minimal Office file (a zip) whose parts say what it is: "xl/" or "word/"."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("field", "name", "content", "stored"),
    [
        ("data_matrix", "Matriks.XLSX", _office("xl/"), "matriks.xlsx"),
        ("data_matrix", "data.csv", "wilayah;jumlah\nJuai;12\n".encode("cp1252"), "data.csv"),
        ("data_matrix", "data.txt", b"wilayah,jumlah\n", "data.csv"),  # named by its content
        ("data_matrix", "laporan.pdf", PDF, "laporan.pdf"),
        ("documents", "surat.docx", _office("word/"), "surat.docx"),
        ("documents", "rekap.xlsx", _office("xl/"), "rekap.xlsx"),
        ("documents", "sk.pdf", PDF, "sk.pdf"),
    ],
    # The zips hold their time of making: ids of their own, the same on every xdist worker.
    ids=["xlsx", "csv", "text", "pdf", "docx", "xlsx-document", "pdf-document"],
)
def test_files_are_accepted_by_their_content(world, field, name, content, stored):
    form = AgencyAnswerForm(
        {}, {field: [SimpleUploadedFile(name, content)]}, item=question(world, "4.1")
    )

    assert form.is_valid(), form.errors
    assert [f.name for f in form.cleaned_data[field]] == [stored]


@pytest.mark.parametrize(
    ("field", "content", "types"),
    [
        ("data_matrix", _office("word/"), "CSV, PDF, XLSX"),
        ("data_matrix", EXE, "CSV, PDF, XLSX"),
        ("data_matrix", b"\x00\x01 no known format", "CSV, PDF, XLSX"),  # binary: not text
        ("documents", CSV, "DOCX, JPG, PDF, PNG, WEBP, XLSX"),
    ],
    ids=["docx-as-matrix", "exe", "binary", "csv-as-document"],
)
def test_other_files_are_refused(world, field, content, types):
    form = AgencyAnswerForm(
        {}, {field: [SimpleUploadedFile("berkas.csv", content)]}, item=question(world, "4.1")
    )

    assert form.errors[field] == [BAD_TYPE % {"types": types}]


def test_the_routing_editor_shows_the_current_routes(world, as_user):
    item = question(world, "4.5")  # Disdukcapil leads, DPPPA contributes

    content = as_user(world.admin).get(reverse("indicators:item_routes", args=[item.pk]))
    content = content.content.decode()

    capil, dpppa, dinkes = (world.agencies[n].pk for n in ("Disdukcapil", "DPPPA", "Dinkes"))
    assert f'name="agencies" value="{capil}" id="id_agencies_' in content
    assert content.count('name="agencies"') == 3
    assert content.count(" checked") == 3  # two agencies, one lead
    assert (
        f'name="lead" value="{capil}" aria-label="Disdukcapil · Dinas Disdukcapil utama" checked'
        in content
    )
    assert f'name="lead" value="{dpppa}" aria-label="DPPPA · Dinas DPPPA utama">' in content
    assert f'name="agencies" value="{dinkes}"' in content


# ---------------------------------------------------------------------------
# The same form sent twice (a double tap on a slow phone)


@pytest.mark.parametrize("action", ["save", "submit"])
def test_an_answer_sent_twice_with_its_files_is_stored_once(world, as_user, action):
    client = as_user(world.operator)
    url = answer_url(world, "4.1", name="indicators:agency_answer_save")

    def post():
        return client.post(
            url,
            {
                "answer": ItemStatus.MET,
                "figure_current": "91",
                "notes": "Data SIAK",
                "data_matrix": [SimpleUploadedFile("Matriks Akta.csv", CSV)],
                "documents": [SimpleUploadedFile("sk.pdf", PDF)],
                "action": action,
            },
        )

    first, second = post(), post()

    assert (first.status_code, second.status_code) == (302, 302)
    assert second.url == first.url
    assert messages_of(client.get(second.url)) != [str(agency_answers.ALREADY_SENT)]
    answer = stored(world)
    assert answer.status == (Status.SUBMITTED if action == "submit" else Status.DRAFT)
    assert answer.history.count() == (2 if action == "submit" else 1)  # saved, then sent
    files = ItemEvidence.objects.filter(agency=world.capil)
    assert sorted(f.original_name for f in files) == ["matriks-akta.csv", "sk.pdf"]


def test_a_changed_file_under_the_same_name_is_kept_beside_the_first(world, as_user):
    client = as_user(world.operator)
    url = answer_url(world, "4.1", name="indicators:agency_answer_save")
    for content in (CSV, CSV + b"Awayan;80;79\n"):
        client.post(
            url,
            {
                "answer": ItemStatus.MET,
                "data_matrix": [SimpleUploadedFile("matriks.csv", content)],
                "action": "save",
            },
        )

    assert ItemEvidence.objects.filter(agency=world.capil).count() == 2

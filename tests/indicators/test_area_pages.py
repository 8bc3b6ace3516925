"""The kecamatan and desa pages: the shares page, the kecamatan page with its one save,
the kecamatan operator's start page, the Excel import; who reaches which (a kecamatan
operator its own kecamatan only) and a fixed number of queries per page."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from indicators import area_views, areas, workflow
from indicators.models import AreaAnswer, Assessment, ItemAssessment
from kla_portal.imports import ALREADY_IMPORTED, NOTHING_WRITTEN
from kla_portal.models import District, Membership, Role, Village
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

JUAI, PARINGIN = "63.11.01", "63.11.06"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def operator_of(username, code, district):
    user = make_user(username)
    Membership.objects.create(
        user=user, role=Role.KECAMATAN_OPERATOR, district=district, subdistrict_id=code
    )
    return user


@pytest.fixture(scope="module")
def world(module_db):
    """Balangan's 2026 draft on the 2024 instrument, its users, Paringin's operator, and
    an operator in Hulu Sungai Tengah, whose district has no assessment yet."""
    with module_db():
        balangan = District.objects.get(code="63.11")
        hst = District.objects.get(code="63.07")
        admin = make_user("balangan", Role.DISTRICT_ADMIN, district=balangan)
        users = {
            "admin": admin,
            "member": make_user("gugus.balangan", Role.TASK_FORCE_MEMBER, district=balangan),
            "operator": operator_of("kec.paringin", PARINGIN, balangan),
            "hst_admin": make_user("hst", Role.DISTRICT_ADMIN, district=hst),
            "hst_operator": operator_of("kec.haruyan", "63.07.01", hst),
        }
        assessment = workflow.start_assessment(district=balangan, year=2026, user=admin)
        return {"assessment": assessment, **users}


@pytest.fixture
def assessment(world):
    return Assessment.objects.get(pk=world["assessment"].pk)


def row(assessment, code) -> ItemAssessment:
    indicator, question = code.split(".")
    return ItemAssessment.objects.get(
        assessment=assessment, item__indicator__code=indicator, item__code=question
    )


def overview_url(assessment):
    return reverse("indicators:areas", args=[assessment.pk])


def kecamatan_url(assessment, code=PARINGIN):
    return reverse("indicators:area_kecamatan", args=[assessment.pk, code])


def save_url(assessment, code=PARINGIN):
    return reverse("indicators:area_kecamatan_save", args=[assessment.pk, code])


def h1_count(response) -> int:
    return len(re.findall(r"<h1[ >]", response.content.decode()))


def paringin_desa() -> list[str]:
    return list(
        Village.objects.filter(subdistrict=PARINGIN).order_by("code").values_list("code", flat=True)
    )


# The shares page


def test_anonymous_users_are_sent_to_the_login_page(client, assessment):
    for url in (overview_url(assessment), kecamatan_url(assessment)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={url}"


def test_the_shares_page_shows_each_question_with_the_list_behind_it(client_for, world, assessment):
    answers = dict.fromkeys([JUAI, "63.11.02", "63.11.03"], (True, ""))
    answers[PARINGIN] = (False, "belum ada Forum Anak")
    areas.record_area_answers(item=row(assessment, "25.2"), user=world["admin"], answers=answers)

    response = client_for(world["member"]).get(overview_url(assessment))

    assert response.status_code == 200
    assert h1_count(response) == 1
    content = response.content.decode()
    share = content[content.index('data-code="25.2"') :]
    share = share[: share.index("</section>")]
    assert "<strong>3</strong> dari 8 kecamatan memenuhi" in share
    assert "<strong>37,50%</strong>" in share or "<strong>37.50%</strong>" in share
    assert "Paringin" in share and "belum ada Forum Anak" in share
    assert "4 belum melapor" in share
    assert 'data-testid="imports"' not in content  # the task force does not import


def test_the_shares_page_costs_the_same_queries_with_many_answers(
    client_for, world, assessment, django_assert_max_num_queries
):
    client = client_for(world["admin"])
    with django_assert_max_num_queries(12) as few:  # +1: the navbar's notice and queue counts
        client.get(overview_url(assessment))
    desa = list(
        Village.objects.filter(subdistrict__district="63.11").values_list("code", flat=True)
    )
    areas.record_sheet_answers(
        assessment=assessment,
        user=world["admin"],
        answers={
            r.pk: dict.fromkeys(desa, (True, None))
            for r in areas.area_questions(assessment, areas.DESA)
        },
    )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(overview_url(assessment))

    assert "<strong>157</strong> dari 157 desa/kelurahan memenuhi" in response.content.decode()


def test_a_kecamatan_operator_and_another_district_cannot_open_the_shares_page(
    client_for, world, assessment
):
    assert client_for(world["operator"]).get(overview_url(assessment)).status_code == 403
    assert client_for(world["hst_admin"]).get(overview_url(assessment)).status_code == 404


# The kecamatan page


def test_the_kecamatan_page_shows_its_questions_and_a_grid_of_its_desa(
    client_for, world, assessment, django_assert_max_num_queries
):
    client = client_for(world["operator"])
    with django_assert_max_num_queries(12):  # +1: the navbar's notice and queue counts
        response = client.get(kecamatan_url(assessment))

    assert response.status_code == 200
    assert h1_count(response) == 1
    content = response.content.decode()
    assert content.count('data-testid="kecamatan-question"') == 15
    assert content.count('data-testid="desa"') == len(paringin_desa()) == 16
    assert content.count('type="radio"') == 2 * (15 + 16 * 19)
    assert "Simpan" in content and " disabled" not in content


def test_a_kecamatan_operator_saves_its_kecamatan_and_its_desa_in_one_post(
    client_for, world, assessment
):
    desa = paringin_desa()
    q25, q26 = row(assessment, "25.2"), row(assessment, "26.2")
    data = {
        f"k-{q25.pk}": "1",
        f"kn-{q25.pk}": "Forum Anak Kecamatan Paringin, SK Camat 2025",
        f"d-{q26.pk}-{desa[0]}": "1",
        f"d-{q26.pk}-{desa[1]}": "0",
        f"d-{q26.pk}-{desa[2]}": "",
    }

    response = client_for(world["operator"]).post(save_url(assessment), data, follow=True)

    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [area_views.SAVED % {"n": 3}]
    stored = AreaAnswer.objects.get(item=q25, subdistrict=PARINGIN)
    assert (stored.meets, stored.notes) == (True, "Forum Anak Kecamatan Paringin, SK Camat 2025")
    assert set(AreaAnswer.objects.filter(item=q26).values_list("village", "meets")) == {
        (desa[0], True),
        (desa[1], False),
    }
    assert str(row(assessment, "25.2").figure_current) == "12.50"  # 1 of 8 kecamatan
    assert 'value="1" checked' in response.content.decode()


def test_a_kecamatan_operator_reaches_only_its_own_kecamatan(client_for, world, assessment):
    client = client_for(world["operator"])

    assert client.get(kecamatan_url(assessment, JUAI)).status_code == 403
    response = client.post(save_url(assessment, JUAI), {f"k-{row(assessment, '25.2').pk}": "1"})
    assert response.status_code == 403
    assert client.get(kecamatan_url(assessment, "63.07.01")).status_code == 404
    assert AreaAnswer.objects.count() == 0
    hst = client_for(world["hst_operator"])
    assert hst.get(kecamatan_url(assessment)).status_code == 404


def test_the_task_force_reads_a_kecamatan_page_but_cannot_save_it(client_for, world, assessment):
    client = client_for(world["member"])

    response = client.get(kecamatan_url(assessment, JUAI))
    refused = client.post(save_url(assessment, JUAI), {f"k-{row(assessment, '25.2').pk}": "1"})

    assert response.status_code == 200
    assert 'data-testid="read-only"' in response.content.decode()
    assert refused.status_code == 403


def test_a_submitted_assessment_shows_the_kecamatan_page_closed(client_for, world, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)

    response = client_for(world["operator"]).get(kecamatan_url(assessment))

    content = response.content.decode()
    assert 'data-testid="closed"' in content
    assert "Simpan</button>" not in content


# The operator's start page and login


def test_a_kecamatan_operator_starts_on_its_kecamatan_page(client_for, world, assessment):
    client = client_for(world["operator"])

    home = client.get(reverse("home"))
    start = client.get(home.url)

    assert home.url == reverse("indicators:area_home", args=[PARINGIN])
    assert start.status_code == 302 and start.url == kecamatan_url(assessment)


def test_without_an_assessment_the_start_page_says_so(client_for, world):
    response = client_for(world["hst_operator"]).get(
        reverse("indicators:area_home", args=["63.07.01"])
    )

    assert response.status_code == 200
    assert 'data-testid="no-assessment"' in response.content.decode()
    other = client_for(world["hst_operator"]).get(
        reverse("indicators:area_home", args=["63.07.02"])
    )
    assert other.status_code == 403


def test_the_assessment_page_links_the_kecamatan_and_desa_page(client_for, world, assessment):
    response = client_for(world["admin"]).get(assessment.get_absolute_url())

    assert f'href="{overview_url(assessment)}"' in response.content.decode()


# The Excel import


def xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    for values in rows:
        book.worksheets[0].append(values)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("kecamatan.xlsx", out.getvalue())


SHEET = [
    ["Kode", "Kecamatan", "25.2"],
    [JUAI, "Juai", "Ya"],
    ["63.11.02", "Halong", "Tidak"],
    ["63.07.01", "Haruyan", "Ya"],
]


def test_the_import_previews_the_rows_and_writes_only_when_confirmed(client_for, world, assessment):
    client = client_for(world["admin"])
    url = reverse("indicators:area_import", args=[assessment.pk, "kecamatan"])

    preview = client.post(url, {"file": xlsx(SHEET)})

    assert preview.status_code == 200
    content = preview.content.decode()
    assert "kecamatan Haruyan (63.07.01) ada di Kabupaten Hulu Sungai Tengah" in content
    assert h1_count(preview) == 1
    assert AreaAnswer.objects.count() == 0
    token = preview.context["confirm_form"].initial["token"]
    confirm = reverse("indicators:area_import_confirm", args=[assessment.pk, "kecamatan"])

    refused = client.post(confirm, {"token": token})
    assert [str(m) for m in refused.context["messages"]] == [NOTHING_WRITTEN % {"count": 1}]
    assert AreaAnswer.objects.count() == 0

    done = client.post(confirm, {"token": token, "only_valid": "on"})
    assert done.status_code == 302 and done.url == overview_url(assessment)
    assert AreaAnswer.objects.count() == 2
    assert str(row(assessment, "25.2").figure_current) == "12.50"


def test_the_template_downloads_with_the_district_areas(client_for, world, assessment):
    response = client_for(world["admin"]).get(
        reverse("indicators:area_import_template", args=[assessment.pk, "desa"])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="templat-desa-63.11-2026.xlsx"' in response["Content-Disposition"]


def test_only_the_dinas_pppa_imports(client_for, world, assessment):
    url = reverse("indicators:area_import", args=[assessment.pk, "kecamatan"])
    for name in ("operator", "member"):
        assert client_for(world[name]).get(url).status_code == 403
    assert client_for(world["hst_admin"]).get(url).status_code == 404
    bad = reverse("indicators:area_import", args=[assessment.pk, "provinsi"])
    assert client_for(world["admin"]).get(bad).status_code == 404


def test_an_import_confirmed_twice_is_imported_once(client_for, world, assessment):
    client = client_for(world["admin"])
    preview = client.post(
        reverse("indicators:area_import", args=[assessment.pk, "kecamatan"]), {"file": xlsx(SHEET)}
    )
    token = preview.context["confirm_form"].initial["token"]
    confirm = reverse("indicators:area_import_confirm", args=[assessment.pk, "kecamatan"])
    client.post(confirm, {"token": token, "only_valid": "on"}, follow=True)
    history = AreaAnswer.history.count()

    again = client.post(confirm, {"token": token, "only_valid": "on"}, follow=True)

    assert [str(m) for m in again.context["messages"]] == [str(ALREADY_IMPORTED)]
    assert AreaAnswer.objects.count() == 2
    assert AreaAnswer.history.count() == history

import pytest
from django.urls import reverse


def test_the_login_page_speaks_indonesian(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
    assert "Masuk ke Portal KLA" in response.content.decode()
    assert "Nama pengguna" in response.content.decode()


def test_the_login_page_switches_to_english(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"))
    assert "Sign in to KLA Portal" in response.content.decode()


@pytest.mark.parametrize(
    ("user_fixture", "landing"),
    [
        ("evaluator", "/indikator/"),
        ("kalsel_coordinator", "/indikator/provinsi/63/"),
        ("balangan_admin", "/kabupaten/63.11/"),
        ("balangan_member", "/kabupaten/63.11/"),
        ("hst_admin", "/kabupaten/63.07/"),
    ],
)
def test_each_role_lands_on_its_own_home_page(request, client_for, user_fixture, landing):
    client = client_for(request.getfixturevalue(user_fixture))

    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain[-1][0] == landing
    assert response.status_code == 200


def test_district_users_cannot_open_the_national_list_of_other_provinces(
    client_for, balangan_admin
):
    response = client_for(balangan_admin).get(reverse("national"))
    assert response.status_code == 200
    assert [p.code for p in response.context["provinces"]] == ["63"]


def test_a_coordinator_reads_every_district_of_the_province_but_no_other(
    client_for, kalsel_coordinator, hst, balikpapan
):
    client = client_for(kalsel_coordinator)
    assert client.get(hst.get_absolute_url()).status_code == 200
    assert client.get(balikpapan.get_absolute_url()).status_code == 404
    page = client.get(reverse("province", args=["63"]))
    assert len(page.context["districts"]) == 13


def test_a_task_force_member_sees_the_district_read_only(client_for, balangan_member, balangan):
    response = client_for(balangan_member).get(balangan.get_absolute_url())
    assert response.status_code == 200
    assert "Hanya baca" in response.content.decode()


def test_a_user_with_several_regions_picks_one(client_for, balangan_admin, hst):
    from kla_portal.models import Membership, Role

    Membership.objects.create(user=balangan_admin, role=Role.TASK_FORCE_MEMBER, district=hst)
    client = client_for(balangan_admin)

    response = client.post(reverse("select_region"), {"region": "63.07"})

    assert response.url == hst.get_absolute_url()
    assert client.get(reverse("home")).url == hst.get_absolute_url()
    assert client.post(reverse("select_region"), {"region": "64.71"}).status_code == 404


def test_the_national_page_runs_a_fixed_number_of_queries(
    client_for, evaluator, django_assert_max_num_queries
):
    client = client_for(evaluator)
    # session read and save, user, memberships, provinces: whatever the number of provinces
    with django_assert_max_num_queries(8):  # +1: the navbar's notice and queue counts
        assert client.get(reverse("national")).status_code == 200

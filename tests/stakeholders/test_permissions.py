"""What a read-only role's refused write leaves behind, and what its pages hide (Must-show 3).

The status every role gets on every stakeholders page, for its own district and
another province's, is a row of tests/test_authorization_matrix.py. These tests
check what a status cannot show: a refused form changes nothing, and a reader
sees no write button.
"""

from django.urls import reverse

from tests.stakeholders.conftest import make_sheet


def test_a_task_force_member_posting_a_full_form_changes_nothing(
    client_for, balangan_member, world, school
):
    client = client_for(balangan_member)
    response = client.post(
        reverse("stakeholders:institution_create", args=["63.11"]),
        {"sector": "masjid", "name": "Masjid Baru"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("stakeholders:institution_import", args=["63.11"]),
        {"file": make_sheet([["SD X", "SD", None, None, None, None, None]])},
    )
    assert response.status_code == 403
    from stakeholders.models import Institution

    assert list(Institution.objects.values_list("name", flat=True)) == [school.name]


def test_pages_hide_write_buttons_from_readers(client_for, balangan_member, world):
    page = client_for(balangan_member).get(
        reverse("stakeholders:institution", args=[world["institution"]])
    )
    html = page.content.decode()
    assert "SD Negeri 1 Paringin" in html
    assert reverse("stakeholders:institution_edit", args=[world["institution"]]) not in html
    assert 'data-testid="milestone-form"' not in html

"""The same form sent twice (a double tap on a slow phone, a browser resending) is stored once.

A progress update is the item's latest update repeated word for word, files
included; an attendance save sets what is already set; an import confirmation
finds its upload taken by the first (the rename that claims it succeeds once).
The agency's answer, sent twice, is in tests/indicators/test_agency_pages.py.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from kla_portal.imports import ALREADY_IMPORTED
from kla_portal.spreadsheets import StashTaken, claim_stash, stash_upload
from stakeholders.models import Institution
from tests.bad_input import samples
from tests.bad_input.conftest import stash_files
from tests.bad_input.test_confirm_tokens import CONFIRMS
from tests.bad_input.test_import_endpoints import INSTITUTIONS
from trainings import actions
from trainings.models import Attendance, Participant, Person
from trainings.people import PersonDetails
from trainings.plans.models import ActionItem, Evidence, ProgressUpdate


def post_twice(client, url, data, files=()):
    """Two posts of one form, each with the files (name, bytes), as a browser sends them."""
    return [
        client.post(url, {**data, "files": [SimpleUploadedFile(*f) for f in files]})
        for _ in range(2)
    ]


PHOTO = ("rapat.png", samples.PNG)


def update(text="Sosialisasi ke 20 guru", percent=40):
    return {"date": timezone.localdate(), "percent": percent, "text": text}


@pytest.mark.parametrize("files", [[], [PHOTO]], ids=["text", "with_a_photo"])
def test_a_progress_update_sent_twice_is_stored_once(admin, action_item, files):
    url = reverse("plans:item_update", args=[action_item.pk])

    first, second = post_twice(admin, url, update(), files)

    assert (first.status_code, second.status_code) == (302, 302)
    assert second.url == first.url
    assert ProgressUpdate.objects.count() == 1
    assert ProgressUpdate.history.count() == 1
    assert Evidence.objects.count() == len(files)


def test_the_same_text_with_another_photo_is_a_new_update(admin, action_item):
    url = reverse("plans:item_update", args=[action_item.pk])
    admin.post(url, update())

    admin.post(url, {**update(), "files": [SimpleUploadedFile("lupa.png", samples.PNG)]})

    assert ProgressUpdate.objects.count() == 2
    assert Evidence.objects.get().original_name == "lupa.png"


def test_an_update_repeating_an_older_one_is_a_new_update(admin, action_item):
    """Only the latest is a repeat: back at 40% after a step to 60% is news."""
    url = reverse("plans:item_update", args=[action_item.pk])
    for percent in (40, 60, 40):
        admin.post(url, update(percent=percent))

    assert ProgressUpdate.objects.count() == 3
    assert ActionItem.objects.get().percent == 40


def test_an_attendance_save_sent_twice_is_stored_once(admin, training, balangan_admin):
    for name in ("Ahmad", "Siti"):
        actions.add_participant(
            training=training, details=PersonDetails(name=name), user=balangan_admin
        )
    siti = Participant.objects.get(person__name="Siti")
    url = reverse("trainings:attendance", args=[training.pk, 1])

    first, second = post_twice(admin, url, {"present": [str(siti.pk)]})

    assert (first.status_code, second.status_code) == (302, 302)
    assert list(Attendance.objects.values_list("participant", "present")) == [(siti.pk, True)]
    assert Attendance.history.count() == 1


# Import confirmations.

WRITTEN = {
    "institutions": lambda: Institution.objects.count(),
    "action_items": lambda: ActionItem.objects.count(),
    "participants": lambda: Person.objects.count(),
}


def preview_token(endpoint, client, request):
    response = endpoint.post(client, request, "daftar.xlsx", samples.xlsx(endpoint.rows(2)))
    if endpoint is INSTITUTIONS:
        return response.context["confirm_form"]["token"].value()
    return response.context["token"]


@pytest.mark.parametrize("endpoint_name", CONFIRMS)
def test_an_import_confirmed_twice_is_imported_once(endpoint_name, admin, request):
    confirm, endpoint, _expired = CONFIRMS[endpoint_name]
    token = preview_token(endpoint, admin, request)
    before = WRITTEN[endpoint_name]()

    confirm(admin, request, token)
    response = confirm(admin, request, token)

    assert WRITTEN[endpoint_name]() == before + 2
    assert escape(str(ALREADY_IMPORTED)) in response.content.decode()
    assert [name.endswith(".imported") for name in stash_files()] == [True]


def test_of_two_confirmations_at_once_one_takes_the_upload(rf):
    """What two requests racing on one token see: the rename succeeds once."""
    request = rf.post("/")
    request.session = {}
    token = stash_upload(request, SimpleUploadedFile("daftar.csv", b"Nama\nSiti\n"))

    taken = claim_stash(request, token)

    assert taken is not None and taken.read_bytes() == b"Nama\nSiti\n"
    with pytest.raises(StashTaken):
        claim_stash(request, token)

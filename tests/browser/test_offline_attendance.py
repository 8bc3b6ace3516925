"""Attendance at a venue without signal: marks queued on the phone reach the server later."""

from datetime import date

import pytest
from playwright.sync_api import expect

from kla_portal.models import Role
from tests.conftest import make_user
from trainings import actions
from trainings.models import Attendance, Training
from trainings.people import PersonDetails

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# page.evaluate has no timeout of its own: a worker that never activates fails in 10 s.
SERVICE_WORKER_READY = """Promise.race([
  navigator.serviceWorker.ready.then(() => true),
  new Promise((resolve) => setTimeout(() => resolve(false), 10000)),
])"""
NAMES = ["Ahmad Fauzi", "Budi Santoso", "Citra Lestari", "Dewi Sartika", "Eka Putri", "Fajar"]


def test_marks_made_offline_reach_the_server_once_without_overwriting_a_later_mark(
    live_server, page, login, balangan
):
    officer = make_user("balangan", Role.DISTRICT_ADMIN, district=balangan)
    colleague = make_user("balangan.pintu", Role.DISTRICT_ADMIN, district=balangan)
    training = actions.save_training(
        user=officer,
        district=balangan,
        title="Pelatihan KHA di pesantren",
        kind=Training.Kind.PELATIHAN,
        start_date=date(2025, 8, 19),
        end_date=date(2025, 8, 20),
        venue="Pondok Pesantren Paringin",
        status=Training.Status.HELD,
    )
    people = [
        actions.add_participant(training=training, details=PersonDetails(name=n), user=officer)[0]
        for n in NAMES
    ]
    day = training.days.order_by("date").first()

    login("balangan")
    page.goto(f"{live_server.url}/pelatihan/{training.pk}/kehadiran/1/")
    assert page.evaluate(SERVICE_WORKER_READY)
    expect(page.locator("form[data-offline-ready=kept]")).to_have_count(1)

    page.context.set_offline(True)
    for person in people[:5]:
        page.locator(f"#present-{person.pk}").check()
    pending = page.get_by_test_id("offline-pending")
    expect(pending).to_have_text("tersimpan di ponsel, belum terkirim (5)")
    for width in (360, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/shots/offline/attendance-offline-{width}.png", full_page=True)

    page.reload()  # still offline: the service worker's copy, with the queued marks on it
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kehadiran hari 1")
    expect(pending).to_have_text("tersimpan di ponsel, belum terkirim (5)")
    for person in people[:5]:
        expect(page.locator(f"#present-{person.pk}")).to_be_checked()
    assert not Attendance.objects.filter(day=day).exists()

    # Meanwhile a colleague at the door, online, marks the first person sick: a later mark.
    actions.set_attendance(
        participant=people[0], day=day, present=False, absence="sakit", user=colleague
    )

    page.context.set_offline(False)
    expect(page.get_by_test_id("offline-message")).to_have_text(
        "Tidak dipakai karena sudah diubah lebih baru oleh orang lain: Ahmad Fauzi."
    )
    expect(pending).to_be_hidden()
    expect(page.locator(f"#present-{people[0].pk}")).not_to_be_checked()
    expect(page.get_by_label("Alasan Ahmad Fauzi tidak hadir")).to_have_value("sakit")

    page.reload()  # online again: nothing left to send, nothing sent twice
    expect(pending).to_be_hidden()
    stored = {a.participant_id: a for a in Attendance.objects.filter(day=day)}
    assert {pk for pk, a in stored.items() if a.present} == {p.pk for p in people[1:5]}
    assert stored[people[0].pk].absence == "sakit"
    assert people[5].pk not in stored
    for person in people[:5]:
        assert Attendance.history.filter(participant_id=person.pk, day=day).count() == 1

    # A shared phone: signing out drops the kept pages, which hold the participants' names.
    kept = "caches.open('kla-pages-v1').then((c) => c.keys()).then((keys) => keys.length)"
    assert page.evaluate(kept) > 0
    with page.expect_navigation():
        page.evaluate("document.querySelector('form[action=\"/akun/keluar/\"]').submit()")
    for _ in range(50):  # the worker empties the cache as the sign-out request goes by
        if page.evaluate(kept) == 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate(kept) == 0

"""Must show 1: on a phone, a task-force member posts an update with a photo on their item,
and the district admin sees it on the board."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stakeholders.models import Institution, Member, TaskForce
from trainings.plans.models import ActionItem, ActionPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def assigned_item(balangan, balangan_admin, balangan_member, sectors):
    task_force = TaskForce.objects.create(
        district=balangan,
        decree_number="188.45/123/2024",
        decree_date=date(2024, 1, 15),
        valid_from=date(2024, 1, 15),
    )
    member = Member.objects.create(
        task_force=task_force, name="Rahmat Hidayat", user=balangan_member
    )
    school = Institution.objects.create(
        district=balangan, sector=sectors["sekolah"], name="SD Negeri 1 Paringin"
    )
    plan = ActionPlan.objects.create(
        district=balangan, owner_institution=school, title="RTL SD Negeri 1 Paringin"
    )
    return ActionItem.objects.create(
        plan=plan,
        activity="Pembentukan tim SRA",
        due_date=timezone.localdate() + timedelta(days=3),
        responsible_member=member,
    )


def test_a_member_posts_a_photo_update_from_a_phone_and_the_admin_sees_it(
    assigned_item, login, page, live_server
):
    page.set_viewport_size({"width": 360, "height": 740})
    login("gugus.balangan")

    page.get_by_role("link", name="Kegiatan saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kegiatan saya")
    card = page.get_by_test_id("my-item").filter(has_text="Pembentukan tim SRA")
    expect(card).to_contain_text("3 hari lagi")
    card.get_by_role("link", name="Pembentukan tim SRA").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Pembentukan tim SRA")
    form = page.get_by_test_id("update-form")
    form.get_by_label("Persen selesai").fill("60")
    form.get_by_label("Apa yang sudah dikerjakan").fill("SK tim SRA sudah ditandatangani")
    form.locator("input[name=files]").set_input_files(
        files=[{"name": "foto-rapat.png", "mimeType": "image/png", "buffer": PNG}]
    )
    form.get_by_role("button", name="Kirim perkembangan").click()

    expect(page.get_by_role("alert")).to_contain_text("Perkembangan dikirim")
    photo = page.get_by_test_id("evidence").get_by_role("img")
    expect(photo).to_have_attribute("alt", "foto-rapat.png")
    # decode() waits for the image to arrive: it is served by the permission-checked view.
    assert photo.evaluate("img => img.decode().then(() => img.naturalWidth)") == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.context.clear_cookies()
    login("balangan")
    page.goto(f"{live_server.url}/kabupaten/63.11/rtl/")
    row = page.get_by_test_id("board-row").filter(has_text="Pembentukan tim SRA")
    expect(row).to_contain_text("Berjalan")
    expect(row.locator("td").last).to_have_text("60%")
    expect(page.get_by_test_id("count-in_progress")).to_contain_text("1")
    row.get_by_role("link", name="Pembentukan tim SRA").click()
    expect(page.get_by_test_id("updates")).to_contain_text("SK tim SRA sudah ditandatangani")

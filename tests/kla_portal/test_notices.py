"""In-app notices (kla_portal/notices.py), their page, and the daily email digest."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from indicators import stages
from indicators.models import Assessment, EvaluationYear, Framework
from kla_portal import notices
from kla_portal.models import Notice, NoticeSettings
from kla_portal.notice_views import ALL_READ, DIGEST_OFF
from tests.conftest import make_user

DAY = date(2026, 3, 2)


def notice(user, key, text="Pertanyaan 1.1 dikembalikan.", url="/penilaian/1/"):
    notices.notify([user], key=key, text=text, url=url)
    return Notice.objects.get(user=user, key=key)


def test_the_same_event_notifies_a_person_once(balangan_admin, hst_admin):
    first = notices.notify([balangan_admin, hst_admin], key="returned:7", text="Dikembalikan")
    again = notices.notify([balangan_admin, hst_admin], key="returned:7", text="Dikembalikan")

    assert (first, again) == (2, 0)
    assert Notice.objects.filter(key="returned:7").count() == 2
    assert notices.unread_count(balangan_admin) == 1


# ---------------------------------------------------------------------------
# The page


def test_the_page_lists_only_the_users_own_notices_newest_first(
    client_for, balangan_admin, hst_admin
):
    notice(balangan_admin, "a", "Pertama untuk Balangan")
    notice(balangan_admin, "b", "Kedua untuk Balangan")
    notice(hst_admin, "c", "Untuk Hulu Sungai Tengah")

    content = client_for(balangan_admin).get(reverse("notices")).content.decode()

    assert content.index("Kedua untuk Balangan") < content.index("Pertama untuk Balangan")
    assert "Untuk Hulu Sungai Tengah" not in content
    assert content.count('data-state="unread"') == 2


def test_the_page_shows_thirty_a_page(client_for, balangan_admin):
    for n in range(31):
        notice(balangan_admin, f"n{n}", f"Pemberitahuan {n}")
    client = client_for(balangan_admin)

    first = client.get(reverse("notices")).content.decode()
    second = client.get(reverse("notices") + "?page=2").content.decode()

    assert first.count('data-testid="notice"') == 30
    assert second.count('data-testid="notice"') == 1
    assert "Pemberitahuan 0<" in second


def test_opening_a_notice_marks_it_read_and_follows_its_link(client_for, balangan_admin):
    own = notice(balangan_admin, "a", url="/penilaian/5/?tampil=dikembalikan")

    response = client_for(balangan_admin).post(reverse("notice_open", args=[own.pk]))

    assert response.status_code == 302
    assert response.url == "/penilaian/5/?tampil=dikembalikan"
    own.refresh_from_db()
    assert own.read_at is not None
    assert notices.unread_count(balangan_admin) == 0


@pytest.mark.parametrize("url", ["https://contoh.example/masuk", "//contoh.example/", ""])
def test_a_link_off_the_site_is_not_followed(client_for, balangan_admin, url):
    own = notice(balangan_admin, "a", url=url)

    response = client_for(balangan_admin).post(reverse("notice_open", args=[own.pk]))

    assert response.url == reverse("notices")
    own.refresh_from_db()
    assert own.read_at is not None


def test_another_persons_notice_is_not_found(client_for, balangan_admin, hst_admin):
    theirs = notice(hst_admin, "a")

    response = client_for(balangan_admin).post(reverse("notice_open", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_is_a_post(client_for, balangan_admin):
    own = notice(balangan_admin, "a")

    response = client_for(balangan_admin).get(reverse("notice_open", args=[own.pk]))

    assert response.status_code == 405
    own.refresh_from_db()
    assert own.read_at is None


def test_reading_all_reads_only_ones_own(client_for, balangan_admin, hst_admin):
    notice(balangan_admin, "a")
    notice(balangan_admin, "b")
    theirs = notice(hst_admin, "c")
    client = client_for(balangan_admin)

    response = client.post(reverse("notices_read_all"), follow=True)

    assert notices.unread_count(balangan_admin) == 0
    assert notices.unread_count(hst_admin) == 1
    assert [str(m) for m in response.context["messages"]] == [str(ALL_READ % {"n": 2})]
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_counts_for_polling(client_for, client, balangan_admin):
    notice(balangan_admin, "a")
    notice(balangan_admin, "b")
    url = reverse("indicators:nav_counts")

    assert client_for(balangan_admin).get(url).json() == {"unread": 2, "waiting": 0}
    client.logout()
    assert client.get(url).status_code == 302


def test_the_email_switch_is_made_on_first_use(client_for, balangan_admin):
    client = client_for(balangan_admin)
    page = client.get(reverse("notices")).content.decode()
    assert 'name="email_digest" id="id_email_digest" checked' in page
    assert not NoticeSettings.objects.filter(user=balangan_admin).exists()  # reading writes none

    response = client.post(reverse("notice_settings"), {}, follow=True)

    assert NoticeSettings.objects.get(user=balangan_admin).email_digest is False
    assert [str(m) for m in response.context["messages"]] == [str(DIGEST_OFF)]
    client.post(reverse("notice_settings"), {"email_digest": "on"})
    assert NoticeSettings.objects.get(user=balangan_admin).email_digest is True


# ---------------------------------------------------------------------------
# The digest


def test_a_day_with_three_notices_sends_one_email_listing_them(balangan_admin, hst_admin):
    for n in range(3):
        notice(balangan_admin, f"k{n}", f"Pemberitahuan nomor {n}", url=f"/penilaian/{n}/")
    hst_notice = notice(hst_admin, "h", "Untuk Hulu Sungai Tengah")

    assert notices.send_digests(DAY) == 2

    (email,) = [m for m in mail.outbox if m.to == [balangan_admin.email]]
    assert email.subject == "Portal KLA: 3 pemberitahuan baru"
    for n in range(3):
        assert f"Pemberitahuan nomor {n}" in email.body
        assert f"{settings.SITE_URL}/penilaian/{n}/" in email.body
    assert "Untuk Hulu Sungai Tengah" not in email.body
    assert not Notice.objects.filter(user=balangan_admin, emailed_at__isnull=True).exists()
    assert NoticeSettings.objects.get(user=balangan_admin).last_digest_on == DAY
    hst_notice.refresh_from_db()
    assert hst_notice.emailed_at is not None


def test_a_second_run_the_same_day_sends_nothing(balangan_admin):
    notice(balangan_admin, "a")
    notices.send_digests(DAY)
    notice(balangan_admin, "b", "Datang siang hari")

    assert notices.send_digests(DAY) == 0
    assert len(mail.outbox) == 1

    assert notices.send_digests(DAY + timedelta(days=1)) == 1
    assert "Datang siang hari" in mail.outbox[1].body
    assert mail.outbox[1].subject == "Portal KLA: 1 pemberitahuan baru"


def test_the_switch_off_sends_none_and_leaves_the_notices_unemailed(balangan_admin):
    notice(balangan_admin, "a")
    notices.set_email_digest(user=balangan_admin, on=False)

    assert notices.send_digests(DAY) == 0

    assert mail.outbox == []
    assert Notice.objects.get(user=balangan_admin).emailed_at is None


def test_nobody_without_an_address_or_inactive_gets_one(regions):
    no_address = make_user("tanpa.email")
    no_address.email = ""
    no_address.save()
    gone = make_user("pensiun", is_active=False)
    notice(no_address, "a")
    notice(gone, "b")

    assert notices.send_digests(DAY) == 0
    assert mail.outbox == []


def test_a_notice_read_under_the_bell_is_not_emailed(balangan_admin):
    notices.read_notice(user=balangan_admin, pk=notice(balangan_admin, "a").pk)

    assert notices.send_digests(DAY) == 0


def test_the_daily_command_warns_of_deadlines_then_sends_the_digests(balangan, balangan_admin):
    today = timezone.localdate()
    EvaluationYear.objects.create(
        year=2023,
        award_label="KLA 2024",
        data_years="2022-2023",
        em_deadline=today + timedelta(days=7),
        va_deadline=today + timedelta(days=100),
    )
    assessment = Assessment.objects.create(
        district=balangan, year=2023, framework=Framework.objects.get(code="perpres-25-2021")
    )
    stages.stage_rows(assessment)  # the EM runs
    out = StringIO()

    call_command("send_notices", stdout=out)
    call_command("send_notices", stdout=out)

    assert out.getvalue().splitlines() == [
        "1 pemberitahuan batas waktu baru; 1 ringkasan email terkirim.",
        "0 pemberitahuan batas waktu baru; 0 ringkasan email terkirim.",
    ]
    (warning,) = Notice.objects.filter(user=balangan_admin)
    assert "(7 hari lagi)" in warning.text
    assert warning.text in mail.outbox[0].body

"""Signing in: the refusal's wording, "Lupa sandi?" by email, and how long a lock lasts."""

import re

from django.core import mail
from django.urls import reverse

from kla_portal.forms import LoginForm

WRONG_LOGIN = str(LoginForm.error_messages["invalid_login"])
SENT = "tautan untuk mengatur kata sandi baru sudah dikirim"


def test_a_wrong_password_names_the_field_once(client, balangan_admin):
    response = client.post(reverse("login"), {"username": "balangan", "password": "salah"})

    html = response.content.decode()
    assert WRONG_LOGIN == (
        "Nama pengguna atau kata sandi salah. Periksa keduanya (huruf besar dan kecil "
        "dibedakan) lalu coba lagi."
    )
    assert WRONG_LOGIN in html
    assert "nama pengguna nama pengguna" not in html.lower()


def test_the_login_page_offers_a_password_reset(client, db):
    html = client.get(reverse("login")).content.decode()

    assert f'href="{reverse("password_reset")}" data-testid="forgot-password">Lupa sandi?' in html


def test_a_reset_link_is_emailed_and_sets_a_password_that_signs_in(client, balangan_admin):
    response = client.post(reverse("password_reset"), {"email": "balangan@example.id"})

    assert response.status_code == 302
    assert SENT in client.get(response.url).content.decode()
    [message] = mail.outbox
    assert message.to == ["balangan@example.id"]
    assert message.subject == "Atur ulang kata sandi Portal KLA"
    assert "nama pengguna balangan" in message.body
    link = re.search(r"http://testserver(/akun/sandi/atur/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)  # Django swaps the token for a session key
    assert "Atur kata sandi" in form.content.decode()
    new = {"new_password1": "Sungai-Balangan-2026", "new_password2": "Sungai-Balangan-2026"}
    done = client.post(form.redirect_chain[-1][0], new)

    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    signed_in = client.post(
        reverse("login"), {"username": "balangan", "password": "Sungai-Balangan-2026"}
    )
    assert signed_in.status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, balangan_admin):
    response = client.post(reverse("password_reset"), {"email": "orang@lain.id"})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_the_locked_out_page_says_how_long_the_lock_lasts(client, balangan_admin):
    for _ in range(6):
        response = client.post(reverse("login"), {"username": "balangan", "password": "salah"})

    assert response.status_code == 429
    html = response.content.decode()
    assert "Sudah 5 kali masuk gagal, jadi akun ini dikunci selama 1 jam" in html
    assert reverse("password_reset") in html


def test_setting_a_password_through_the_link_lifts_the_lock(client, balangan_admin):
    for _ in range(5):
        client.post(reverse("login"), {"username": "balangan", "password": "salah"})
    client.post(reverse("password_reset"), {"email": "balangan@example.id"})
    link = re.search(r"http://testserver(/akun/sandi/atur/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = {"new_password1": "Sungai-Balangan-2026", "new_password2": "Sungai-Balangan-2026"}
    client.post(form.redirect_chain[-1][0], new)

    response = client.post(
        reverse("login"), {"username": "balangan", "password": "Sungai-Balangan-2026"}
    )

    assert response.status_code == 302

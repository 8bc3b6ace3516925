import json

from django.urls import reverse

from tests.kla_portal.test_production_settings import PRODUCTION_ENV, manage

LOCKED_OUT = "Akun dikunci sementara"


def test_five_failed_logins_lock_the_account_even_with_the_right_password(client, balangan_admin):
    url = reverse("login")
    for _ in range(5):
        response = client.post(url, {"username": "balangan", "password": "salah"})
    assert LOCKED_OUT in response.content.decode()

    response = client.post(url, {"username": "balangan", "password": "kata-sandi-uji"})

    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()


def test_a_wrong_password_says_so_in_indonesian(client, balangan_admin):
    response = client.post(reverse("login"), {"username": "balangan", "password": "salah"})
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()


def test_a_password_change_applies_the_validators(client_for, balangan_admin):
    response = client_for(balangan_admin).post(
        reverse("password_change"),
        {
            "old_password": "kata-sandi-uji",
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 200
    assert "terlalu umum" in response.content.decode()


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, db):
    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_production_responses_carry_the_security_headers():
    # A GET of the POST-only sign-out: a 405 renders no template, so it needs no collected
    # static files (the error pages do), and headers apply to every response.
    script = (
        "import json; from django.conf import settings as s; from django.test import Client;"
        "r = Client().get('/akun/keluar/', secure=True);"
        "print(json.dumps({'headers': dict(r.headers), 'status': r.status_code,"
        " 'redirect': Client().get('/akun/keluar/').status_code,"
        " 'cookies': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]}))"
    )
    env = {**PRODUCTION_ENV, "ALLOWED_HOSTS": "testserver"}
    result = manage("shell", "-v", "0", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    headers = data["headers"]

    assert data["status"] == 405
    assert data["redirect"] == 301  # plain HTTP goes to HTTPS
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert data["cookies"] == [True, True]

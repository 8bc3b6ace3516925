"""Logins a district admin makes for someone else: an operator, an invited member.

The admin never knows the password. The login gets an unusable one and a "set your
password" link (Django's password-reset token, served at /akun/sandi/atur/), which the
admin copies or the person receives by email.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from kla_portal.models import District

log = logging.getLogger(__name__)

USERNAME_TAKEN = _("Nama pengguna sudah dipakai.")
PASSWORD_LINK_SUBJECT = _("Akun Portal KLA Anda: atur kata sandi")


def link_days() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)


def username_taken(username: str) -> bool:
    return get_user_model().objects.filter(username__iexact=username.strip()).exists()


def create_login(*, username: str, name: str, email: str = ""):
    """An active login with no password yet; ``USERNAME_TAKEN`` if the name is in use
    (in any letter case: people do not tell ``Rina`` from ``rina`` when they sign in)."""
    User = get_user_model()
    username = username.strip()
    if username_taken(username):
        raise ValidationError({"username": USERNAME_TAKEN})
    first, _sep, last = name.strip().partition(" ")
    account = User(
        username=username, first_name=first, last_name=last, email=email.strip(), is_active=True
    )
    account.set_unusable_password()
    account.full_clean()
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as exc:  # taken between the check and the insert
        raise ValidationError({"username": USERNAME_TAKEN}) from exc
    return account


def password_link(account) -> str:
    """The path where ``account`` sets its own password (valid PASSWORD_RESET_TIMEOUT;
    used once: setting the password changes the hash the token is made from)."""
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )


def email_link(account, path: str, *, district: District, template: str, **context) -> bool:
    """Send the set-password link; False when the mail could not go (the admin still has
    the link on screen to pass on)."""
    context |= {
        "account": account,
        "district": district,
        "url": settings.SITE_URL + path,
        "days": link_days(),
    }
    try:
        send_mail(
            str(PASSWORD_LINK_SUBJECT),
            render_to_string(template, context),
            settings.DEFAULT_FROM_EMAIL,
            [account.email],
        )
    except OSError:  # smtplib's errors are OSErrors
        log.warning("password link for %s not emailed", account.username, exc_info=True)
        return False
    return True

"""Inviting a task-force member who has no login in the district yet.

A district admin links a member only to a login their district already knows
(``actions.linkable_accounts``); for anyone else they send an invitation. It makes a
new login, with no password and a set-password link (``stakeholders.logins``, as for the
operators), gives it the task-force member role in this district and links it to the
member: the district's admin made the login, so the district's data is theirs to open.

The username is made from the member's name and the district, not typed by the admin:
a typed one that was refused as taken would tell that the name exists somewhere, the
very thing the member form no longer tells.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kla_portal.models import Membership, Role
from stakeholders import logins
from stakeholders.actions import update_member
from stakeholders.models import Member

ALREADY_LINKED = _("Anggota ini sudah punya akun: %(username)s.")
MEMBER_INACTIVE = _("Anggota ini tidak aktif.")
EMAIL_OF_DISTRICT_ACCOUNT = _(
    "Email ini milik akun %(username)s yang sudah terdaftar di kabupaten/kota ini: "
    "tautkan akun itu lewat formulir anggota."
)
NAME_PART_LENGTH = 40


def _plain_name(name: str) -> str:
    """ "Hj. Siti Rahmah, S.Sos, M.AP" -> "Siti Rahmah": the name people sign in by, without
    the degrees after the comma or the titles with a full stop (dr., Drs., H., Hj., Ir.)."""
    words = name.split(",")[0].split()
    return " ".join(word for word in words if not word.endswith(".")) or name


def username_for(member: Member) -> str:
    """``siti.rahmah.balangan``: the member's name and the district's, free in any case."""
    name = slugify(_plain_name(member.name)).replace("-", ".")[:NAME_PART_LENGTH].strip(".")
    district = slugify(member.task_force.district.short_name).replace("-", ".")
    base = ".".join(part for part in (name, district) if part)
    candidate, n = base, 1
    while logins.username_taken(candidate):
        n += 1
        candidate = f"{base}{n}"
    return candidate


@transaction.atomic
def invite_member(*, member: Member, user, email: str):
    """Make ``member``'s login and link it; return it with the path of its set-password
    link, emailed to ``email`` (``account.password_link_emailed`` says whether it went)."""
    district = member.task_force.district
    if member.user_id is not None:
        raise ValidationError(ALREADY_LINKED % {"username": member.user.username})
    if not member.is_active:
        raise ValidationError(MEMBER_INACTIVE)
    email = email.strip()
    own = (
        get_user_model()
        .objects.filter(email__iexact=email, memberships__district=district)
        .order_by("username")
        .first()
    )
    if own is not None:
        raise ValidationError({"email": EMAIL_OF_DISTRICT_ACCOUNT % {"username": own.username}})
    account = logins.create_login(username=username_for(member), name=member.name, email=email)
    Membership.objects.create(user=account, role=Role.TASK_FORCE_MEMBER, district=district)
    update_member(member=member, user=user, account=account)
    path = logins.password_link(account)
    account.password_link_emailed = logins.email_link(
        account,
        path,
        district=district,
        template="stakeholders/member_invitation_email.txt",
        task_force=member.task_force,
    )
    return account, path

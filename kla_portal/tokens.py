"""Personal API tokens: made, checked and revoked here, and nowhere else.

A token reads ``kla_<prefix>_<secret>``. Only the SHA-256 of the whole token is
stored (a random secret of 32 bytes needs no slow password hash: nobody guesses
it), so the token is shown once, when it is made. The prefix finds the row; the
digest is compared in constant time.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from kla_portal.models import ApiToken

SCHEME = "kla"
# A last-used time to the minute is enough to tell a live key from a dead one, and
# saves a write on every call of a script that fetches 514 districts in a row.
LAST_USED_GRANULARITY = 60


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_token(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token itself, to show once."""
    prefix = secrets.token_hex(4)
    raw = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name.strip(), prefix=prefix, digest=_digest(raw))
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken, user) -> None:
    """Stop a token working. Only its owner revokes it (the caller checked that)."""
    if token.user_id != user.pk:
        raise ValueError("a token is revoked by its owner")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_for_token(raw: str):
    """The active user a live token belongs to, else None; notes when it was used."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=parts[1], revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not secrets.compare_digest(token.digest, _digest(raw)):
        return None
    now = timezone.now()
    if (
        token.last_used_at is None
        or (now - token.last_used_at).total_seconds() >= LAST_USED_GRANULARITY
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user

"""Signing in again: the district's locked accounts and their unlocking, the set-password link.

Rules in ``kla_portal.access.can_unlock_account``; the locks themselves in
``kla_portal.lockouts``.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from kla_portal.access import can_unlock_account, district_for_editor
from kla_portal.lockouts import (
    forget_failures,
    lock_duration_text,
    locked_accounts_of,
    unlock_account,
)

UNLOCKED = _("Kunci akun %(username)s dibuka: pemiliknya bisa masuk lagi sekarang.")


@login_required
def locked_accounts(request, code):
    """The district's locked sign-ins, each with a button that lifts the lock (POST)."""
    district = district_for_editor(request.user, code)
    if request.method == "POST":
        account = (
            get_user_model()
            .objects.filter(
                username=request.POST.get("username", ""), memberships__district=district
            )
            .first()
        )
        if account is None:
            raise Http404
        unlock_account(actor=request.user, account=account)
        messages.success(request, UNLOCKED % {"username": account.get_username()})
        return redirect("locked_accounts", district.code)
    return render(
        request,
        "kla_portal/locked_accounts.html",
        {
            "district": district,
            # A superuser who also works in the district is not the admin's to unlock.
            "locked": [
                row
                for row in locked_accounts_of(district)
                if can_unlock_account(request.user, row["user"])
            ],
            "duration": lock_duration_text(),
        },
    )


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Django's set-password page; a password set through the emailed or given link also
    lifts a sign-in lock, so the owner can sign in with it at once."""

    def form_valid(self, form):
        response = super().form_valid(form)
        forget_failures(form.user)
        return response

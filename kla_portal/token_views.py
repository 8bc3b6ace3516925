"""The page where a user makes and revokes their personal API tokens (``kla_portal.tokens``).

A new token is shown once, on the page the creation renders (never in a redirect or a
message stored in the session), since only its digest is kept.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kla_portal import tokens
from kla_portal.models import ApiToken

TOKEN_REVOKED = _("Token %(name)s dicabut: skrip yang memakainya tidak bisa masuk lagi.")


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Untuk apa token ini, mis. «dasbor provinsi»."),
    )


@login_required
def api_tokens(request):
    form = TokenForm(request.POST or None)
    created = None
    status = 200
    if form.is_valid():
        token, raw = tokens.create_token(user=request.user, name=form.cleaned_data["name"])
        created = {"token": token, "raw": raw}
        form = TokenForm()
    elif form.is_bound:
        status = 400
    return render(
        request,
        "kla_portal/api_tokens.html",
        {"form": form, "created": created, "tokens": request.user.api_tokens.all()},
        status=status,
    )


@require_POST
@login_required
def api_token_revoke(request, pk):
    """Another user's token is a 404: nobody learns which prefixes exist."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke_token(token=token, user=request.user)
    messages.success(request, TOKEN_REVOKED % {"name": token.name})
    return redirect("api_tokens")

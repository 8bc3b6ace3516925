"""The notices page: the user's own notices, opening one, reading all, the email switch.

Only ever the signed-in user's notices (``kla_portal.notices``): another's notice
id is a 404. Opening a notice is a POST (it marks the notice read) that follows
the notice's link only when it is a path on this site.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from kla_portal import notices as notice_rules
from kla_portal.models import NoticeSettings

PER_PAGE = 30
ALL_READ = _("%(n)s pemberitahuan ditandai sudah dibaca.")
DIGEST_ON = _("Ringkasan harian lewat email aktif.")
DIGEST_OFF = _("Ringkasan harian lewat email dimatikan: pemberitahuan tetap tampil di sini.")


class NoticeSettingsForm(forms.ModelForm):
    class Meta:
        model = NoticeSettings
        fields = ["email_digest"]


@require_GET
@login_required
def notices(request):
    page = Paginator(notice_rules.notices_of(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "kla_portal/notices.html",
        {
            "page": page,
            "form": NoticeSettingsForm(instance=notice_rules.settings_of(request.user)),
        },
    )


@require_POST
@login_required
def notice_open(request, pk):
    notice = notice_rules.read_notice(user=request.user, pk=pk)
    if notice_rules.is_local(notice.url):
        return redirect(notice.url)
    return redirect("notices")


@require_POST
@login_required
def notices_read_all(request):
    count = notice_rules.mark_all_read(user=request.user)
    messages.success(request, ALL_READ % {"n": count})
    return redirect("notices")


@require_POST
@login_required
def notice_settings(request):
    form = NoticeSettingsForm(request.POST)
    if form.is_valid():
        on = form.cleaned_data["email_digest"]
        notice_rules.set_email_digest(user=request.user, on=on)
        messages.success(request, DIGEST_ON if on else DIGEST_OFF)
    return redirect("notices")

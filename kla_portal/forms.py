"""Form pieces every app shares."""

from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kla_portal.activity import object_types
from kla_portal.sign_in_limits import check_old_password


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text box: the format officers write, on every browser and phone.

    ``data-date-picker`` adds a calendar (static/js/pickers.js) on pages that include the
    pickers; the box still takes typed dates, so a page without them loses nothing.
    """

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-date-picker": "",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


# The largest primary key a database holds (a 64-bit integer). A larger number cannot be
# looked up at all: SQLite's driver raises OverflowError, PostgreSQL a DataError.
MAX_KEY = 2**63 - 1
# What a search box takes: a name, a code, a title. A longer text is no search, and SQLite
# refuses a LIKE pattern over 50,000 characters.
MAX_SEARCH_LENGTH = 200


def is_key(text: str) -> bool:
    """Whether a posted value can name a row: digits only, within ``MAX_KEY``."""
    return text.isascii() and text.isdigit() and int(text[:20]) <= MAX_KEY


# The dates a record of the programme can carry: the years an assessment may have
# (``Assessment.year``). 31/12/9999 or 01/01/0001 is a slip of the keyboard, and a date
# at the end of the calendar cannot even be moved a day (OverflowError).
EARLIEST_DATE = date(2006, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_OUT_OF_RANGE = _("Tanggal harus antara %(earliest)s dan %(latest)s.")


def check_plausible_date(value: date | None) -> None:
    """Refuse a date outside ``EARLIEST_DATE``-``LATEST_DATE``, with a message."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            DATE_OUT_OF_RANGE,
            code="date_out_of_range",
            params={
                "earliest": EARLIEST_DATE.strftime("%d/%m/%Y"),
                "latest": LATEST_DATE.strftime("%d/%m/%Y"),
            },
        )


def date_widgets(*names):
    """``Meta.widgets`` entries for the named date fields of a ModelForm."""
    return {name: DateInput() for name in names}


def add_write_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a write function's ValidationError on the form that fed it.

    A message for a field the form shows goes beside that field; any other, on top.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def errors_text(form: forms.BaseForm, separator: str = " ") -> str:
    """Every error of the form on one line: for a message, when the page redirects."""
    return separator.join(str(e) for errors in form.errors.values() for e in errors)


class ActivityFilterForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Pengguna"), queryset=get_user_model().objects.none(), required=False
    )
    object_type = forms.ChoiceField(label=_("Jenis data"), required=False)
    since = forms.DateField(label=_("Dari tanggal"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DateInput())

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        # People who work on this district: its members by role, and anyone linked as a member.
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(memberships__district=district)
            .distinct()
            .order_by("username")
        )
        self.fields["object_type"].choices = [("", _("Semua"))] + object_types()


class LoginForm(AuthenticationForm):
    """Django's sign-in form with its refusal worded for our label.

    Django's message puts the field's label into "Masukkan %(username)s ...", which the
    Indonesian catalogue already spells out: the label came out twice.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Periksa keduanya (huruf besar dan kecil "
            "dibedakan) lalu coba lagi."
        ),
    }


class CountedPasswordChangeForm(PasswordChangeForm):
    """Django's password change, its old password checked like a login: wrong ones count
    towards the account's lock (``sign_in_limits.check_old_password``)."""

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not check_old_password(self.request, self.user, old_password):
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password

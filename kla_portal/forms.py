"""Form pieces every app shares."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kla_portal.activity import object_types


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text box: the format officers write, on every browser and phone."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


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

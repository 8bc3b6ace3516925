"""Two people, one record: the second save of a form opened on an older version is refused.

Every record that several people edit carries a ``version`` (``version_field``). Its edit
form sends back the version it was opened on (``VersionedForm``), and the write function
calls ``claim`` before it saves: a conditional UPDATE that moves the version on only if it
is still the one the form was opened on. If it is not, someone saved in between, and the
save is refused with ``STALE_EDIT`` instead of silently reverting their change.

A conditional UPDATE rather than a read and a compare: the row lock it takes lasts until
the write's transaction ends, so two saves arriving together cannot both pass.

The page then shows, field by field, what is stored now beside what this person typed
(``conflict_of``); the form keeps their input and now carries the stored version, so
saving again is a deliberate choice made after seeing the other change. Nothing typed is
lost, and nothing stored is overwritten unseen.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

STALE_EDIT = _(
    "%(record)s ini sudah diubah orang lain sejak Anda membuka formulir ini, jadi isian Anda "
    "belum disimpan. Isian Anda masih ada di formulir: bandingkan dengan yang tersimpan "
    "sekarang, lalu simpan lagi bila isian Anda yang benar."
)
EMPTY = "—"
YES, NO = _("ya"), _("tidak")


def version_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Incremented on every save; a stale version is refused (no lost update).",
    )


def stale_error(model: type[models.Model]) -> ValidationError:
    return ValidationError(
        STALE_EDIT, code="stale", params={"record": capfirst(model._meta.verbose_name)}
    )


def claim(obj: models.Model, version: int | None) -> None:
    """Move the stored version of ``obj`` on from ``version``, or refuse the save.

    Call it inside the write's transaction, before the save. ``None`` (an import, a
    command, a progress update: nothing was opened on a version) moves it on from
    whatever it is, so any form still open on the record becomes stale.
    """
    model = type(obj)
    rows = model._default_manager.filter(pk=obj.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(version=F("version") + 1):
        raise stale_error(model)
    if version is None:
        obj.refresh_from_db(fields=["version"])
    else:
        obj.version = version + 1


class VersionedForm(forms.ModelForm):
    """An edit form that sends back the version of the record it was opened on.

    A form for a new record (an instance without a key) has no version to send.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True


@dataclass(frozen=True)
class Difference:
    label: str
    stored: str
    yours: str


@dataclass(frozen=True)
class Conflict:
    message: str
    differences: list[Difference]


def conflict_of(form: VersionedForm, error: ValidationError) -> Conflict | None:
    """What to show for ``claim``'s refusal of ``form``'s save; None for any other error.

    The form's instance is the record as it was read for this request, so its values are
    the form's initial ones: each field where the person's input differs from them is a
    difference, and the instance's version is the one the form carries from now on (if
    yet another save came in meanwhile, the next attempt is refused and shown again).
    """
    if getattr(error, "code", None) != "stale":
        return None
    differences = [
        Difference(
            label=str(form.fields[name].label),
            stored=shown(form.fields[name], form[name].initial),
            yours=shown(form.fields[name], form.cleaned_data.get(name, form[name].data)),
        )
        for name in form.changed_data
        if name != "version"
    ]
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = str(form.instance.version)
    return Conflict(message=error.messages[0], differences=differences)


def _labels(choices: Iterable) -> dict:
    labels = {}
    for value, label in choices:
        if isinstance(label, list | tuple):  # an option group
            labels |= _labels(label)
        else:
            labels[str(getattr(value, "value", value))] = label
    return labels


def shown(field: forms.Field, value) -> str:
    """A stored or typed value as the person reads it: labels, not keys."""
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(shown(field, item) for item in value) or EMPTY
    if value is None or value == "" or (isinstance(value, FieldFile) and not value):
        return EMPTY
    if isinstance(field, forms.ModelChoiceField):
        if not isinstance(value, models.Model):
            value = field.queryset.model._default_manager.filter(pk=value).first()
        return field.label_from_instance(value) if value is not None else EMPTY
    if isinstance(field, forms.ChoiceField):
        return str(_labels(field.choices).get(str(value), value))
    if isinstance(value, bool):
        return str(YES if value else NO)
    if isinstance(value, date):
        return localize(value)
    if hasattr(value, "name"):  # a stored or an uploaded file
        return value.name.rsplit("/", 1)[-1]
    return str(localize(value))

"""A write function's refusal shown on the form that fed it, and a form's errors as one
line for a message."""

from django import forms
from django.core.exceptions import ValidationError

from kla_portal.forms import add_write_errors, errors_text

TOO_LATE = "Tanggal selesai sebelum tanggal mulai."
CLOSED = "Pelatihan sudah ditutup."


class DatesForm(forms.Form):
    start = forms.DateField()
    end = forms.DateField()


def valid_form():
    form = DatesForm({"start": "2025-03-03", "end": "2025-03-05"})
    assert form.is_valid()
    return form


def test_a_message_for_a_field_of_the_form_goes_beside_that_field():
    form = valid_form()

    add_write_errors(form, ValidationError({"end": TOO_LATE, "training": CLOSED}))

    assert form.errors == {"end": [TOO_LATE], "__all__": [CLOSED]}
    assert "end" not in form.cleaned_data


def test_a_message_for_no_field_goes_on_top_of_the_form():
    form = valid_form()

    add_write_errors(form, ValidationError(CLOSED))

    assert form.non_field_errors() == [CLOSED]


def test_the_errors_read_as_one_line_joined_as_the_page_wants():
    form = DatesForm({"start": "kemarin"})
    invalid = str(forms.DateField.default_error_messages["invalid"])
    required = str(forms.Field.default_error_messages["required"])

    assert errors_text(form) == f"{invalid} {required}"
    assert errors_text(form, "; ") == f"{invalid}; {required}"

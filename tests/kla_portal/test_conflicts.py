"""kla_portal.conflicts: the version a save claims, and what a refused save shows."""

from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError

from kla_portal import conflicts
from stakeholders.forms import AgencyForm
from stakeholders.models import Agency


@pytest.fixture
def agency(balangan):
    return Agency.objects.create(district=balangan, name="Dinas Kesehatan", short_name="Dinkes")


def test_a_claim_on_the_opened_version_moves_it_on(agency):
    conflicts.claim(agency, 1)

    assert agency.version == 2
    assert Agency.objects.get().version == 2


def test_a_claim_on_an_older_version_is_refused_and_changes_nothing(agency):
    conflicts.claim(agency, 1)

    with pytest.raises(ValidationError) as refused:
        conflicts.claim(Agency.objects.get(), 1)

    assert refused.value.code == "stale"
    assert refused.value.messages == [conflicts.STALE_EDIT % {"record": "Perangkat daerah"}]
    assert Agency.objects.get().version == 2


def test_a_claim_without_a_version_moves_it_on_from_whatever_it_is(agency):
    Agency.objects.update(version=7)

    conflicts.claim(agency, None)

    assert agency.version == Agency.objects.get().version == 8


def test_the_form_of_a_new_record_carries_no_version(agency):
    assert "version" not in AgencyForm().fields
    edit = AgencyForm(instance=agency)
    assert (edit.fields["version"].initial, edit.fields["version"].required) == (1, True)


def test_an_ordinary_error_is_no_conflict(agency):
    form = AgencyForm({"name": "Dinkes", "short_name": "Dinkes", "kind": "dinas"}, instance=agency)
    assert not form.is_valid()  # no version sent

    assert conflicts.conflict_of(form, ValidationError("Singkatan dipakai.")) is None


def test_a_conflict_lists_each_differing_field_and_hands_the_form_the_stored_version(agency):
    data = {"name": "Dinas Kesehatan", "short_name": "Dinkes P2KB", "kind": "dinas", "version": 1}
    form = AgencyForm(data, instance=agency)
    assert form.is_valid()
    agency.version = 3  # as read for this request: two saves came in since the form opened

    conflict = conflicts.conflict_of(form, conflicts.stale_error(Agency))

    assert conflict.differences == [
        conflicts.Difference("Singkatan", stored="Dinkes", yours="Dinkes P2KB")
    ]
    assert form["version"].value() == "3"
    assert form["short_name"].value() == "Dinkes P2KB"


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        (forms.CharField(), "", "—"),
        (forms.CharField(), None, "—"),
        (forms.BooleanField(), True, "ya"),
        (forms.BooleanField(), False, "tidak"),
        (forms.DateField(), date(2025, 8, 19), "19/08/2025"),
        (forms.ChoiceField(choices=[("dinas", "Dinas"), ("badan", "Badan")]), "badan", "Badan"),
        (
            forms.ChoiceField(choices=[("Klaster", [("III", "Klaster III")])]),
            "III",
            "Klaster III",
        ),
        (forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")]), ["b", "a"], "B, A"),
        (forms.MultipleChoiceField(choices=[("a", "A")]), [], "—"),
        (forms.IntegerField(), 0, "0"),
    ],
)
def test_values_are_shown_as_people_read_them(field, value, shown):
    assert conflicts.shown(field, value) == shown


def test_a_record_is_shown_by_its_label_whether_stored_as_a_key_or_chosen(agency):
    field = forms.ModelChoiceField(queryset=Agency.objects.none())
    field.label_from_instance = lambda a: a.short_name

    assert conflicts.shown(field, agency.pk) == "Dinkes"  # the key, outside the choices
    assert conflicts.shown(field, agency) == "Dinkes"
    assert conflicts.shown(field, None) == "—"

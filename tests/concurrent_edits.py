"""Two people at two desks open the same edit form: what their browsers send back.

Shared by the concurrent-edit tests of every app (tests/<app>/test_concurrent_edits.py).
"""

from django import forms
from django.test import Client
from django.utils.text import capfirst

from kla_portal.conflicts import STALE_EDIT, Conflict, Difference


def desks(*users) -> list[Client]:
    """One signed-in browser per person."""
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def as_posted(form: forms.BaseForm) -> dict:
    """What a browser sends for ``form`` as rendered, untouched (files are never re-sent)."""
    data = {}
    for bound in form:
        field, widget, value = bound.field, bound.field.widget, bound.value()
        if isinstance(field, forms.FileField):
            continue
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(field, forms.MultipleChoiceField):
            data[bound.html_name] = [str(v) for v in value or []]
        else:
            shown = widget.format_value(value)
            data[bound.html_name] = shown if shown is not None else ""
    return data


def open_form(client: Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    return as_posted(response.context["form"])


def refusal(model, response, *changes: tuple[str, str, str]) -> Conflict:
    """The conflict the page should show: ``changes`` are (field, stored, yours), labelled
    as the form labels them."""
    form = response.context["form"]
    return Conflict(
        message=STALE_EDIT % {"record": capfirst(model._meta.verbose_name)},
        differences=[
            Difference(str(form.fields[name].label), stored=stored, yours=yours)
            for name, stored, yours in changes
        ],
    )


def assert_refused(model, response, posted: dict, *changes: tuple[str, str, str]) -> None:
    """Refused with the message and the differences, the form still holding everything
    that was ``posted`` (but for the version, now the stored one)."""
    assert response.status_code == 200
    expected = refusal(model, response, *changes)
    assert response.context["conflict"] == expected
    html = response.content.decode()
    assert 'data-testid="conflict"' in html
    for difference in expected.differences:
        assert difference.label in html
    form = response.context["form"]
    for name, value in posted.items():
        if name != "version":
            assert form.data.getlist(name) == (value if isinstance(value, list) else [value])
    assert form["version"].value() == str(model.objects.get(pk=form.instance.pk).version)

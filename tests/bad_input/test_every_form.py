"""Every form and every query parameter of the app, fed bad values as Balangan's admin: no 500.

The list is generated, like the authorization matrix's (and from it): every named URL,
with the arguments its matrix entry gives it in one world. A page's POST forms are read
from the page itself (``page_forms``) and sent back three ways: with every field set to
one bad value, with the page's own values and a bad ``next``, and with the page's own
values and a far-off date in one date field. A POST-only URL gets its matrix entry's
data spoiled the same way. A page's query parameters are the ones its view reads, found
in the view's source (``request.GET.get("...")`` and the fields of a form bound to
``request.GET``), each sent with every bad value.

Every answer is 2xx, 3xx or 4xx; a redirect stays on this site; a POST that is refused
(4xx, or the form shown again) writes no row and no file. The world is built once for
the module and each request runs in a savepoint that is rolled back.
"""

import inspect
import re
from types import SimpleNamespace

import pytest
from django import forms
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from tests import test_authorization_matrix as authorization
from tests.authorization_world import build_cast, build_world
from tests.bad_input.conftest import media_files
from tests.bad_input.page_forms import post_forms

# Every field of a form gets each of these in turn; a query parameter, these and the dates.
BAD_VALUES = ["zzz", "", "\x00", "x" * 100_000, "9" * 20]
FAR_DATES = ["31/12/9999", "01/01/0001"]
BAD_QUERY = [*BAD_VALUES, "-1", "🙂", *FAR_DATES]
# ``next``, to the views that read it (``kla_portal.redirects``).
BAD_NEXT = ["\x00", "🙂", "zzz", "9" * 20, "-1", "//evil.example/"]
DATE_VALUE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
# Forms that are not the app's: signing out ends the session every later case needs, and
# the language switch is Django's.
SKIPPED = {"logout", "set_language"}
GET_PARAMETER = re.compile(r"request\.GET(?:\.get|\.getlist)?[\(\[]\s*[\"'](\w+)[\"']")
GET_FORM = re.compile(r"(\w+)\(\s*request\.GET")
# Written by every request (the session, saved on each) or by a refused sign-in (axes
# counts it: that is the point).
BOOKKEEPING = ("django_session", "axes_")


@pytest.fixture
def media_root(module_media_root):
    return module_media_root


@pytest.fixture(scope="module")
def fuzz(module_db):
    with module_db():
        cast = build_cast()
        world = build_world("own", cast)
        return SimpleNamespace(
            world=world, session=authorization.signed_in(cast["admin"]), seen=set()
        )


def _view_of(path: str):
    view = resolve(path).func
    return getattr(view, "view_class", view)


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return None
    return match.view_name


def query_parameters(path: str) -> set[str]:
    """The query parameters the view behind ``path`` reads: named in its source, or the
    fields of a form (or filter set) it binds to ``request.GET``."""
    view = _view_of(path)
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return set()
    names = set(GET_PARAMETER.findall(source))
    namespace = getattr(view, "__globals__", {})
    for form_name in GET_FORM.findall(source):
        form = namespace.get(form_name)
        if isinstance(form, type) and issubclass(form, forms.BaseForm):
            names |= set(form.base_fields)
        elif isinstance(form, type) and hasattr(form, "base_filters"):
            names |= set(form.base_filters)
    return names


def refused(response) -> bool:
    """A 4xx, or the page shown again with a form's errors."""
    if response.status_code >= 400:
        return True
    if response.status_code != 200 or response.context is None:
        return False
    contexts = response.context if isinstance(response.context, list) else [response.context]
    return any(
        isinstance(value, forms.BaseForm) and value.is_bound and value.errors
        for context in contexts
        for value in context.flatten().values()
    )


def tables_written(queries) -> set[str]:
    """The tables the captured SQL wrote to and kept, bookkeeping left out: a write in a
    savepoint that was rolled back (a write function refusing half-way) is no write."""
    kept: list[set[str]] = [set()]
    for query in queries:
        sql = query["sql"].lstrip()
        verb = sql.split(None, 1)[0].upper() if sql else ""
        if verb == "SAVEPOINT":
            kept.append(set())
        elif verb == "RELEASE" and len(kept) > 1:
            inner = kept.pop()
            kept[-1] |= inner
        elif verb == "ROLLBACK" and len(kept) > 1:
            kept.pop()
        elif verb in ("INSERT", "UPDATE", "DELETE"):
            table = re.search(r'(?:INTO|UPDATE|FROM)\s+"(\w+)"', sql, re.I)
            name = table.group(1) if table else sql[:40]
            if not name.startswith(BOOKKEEPING):
                kept[-1].add(name)
    return set().union(*kept)


def reads_next(path: str) -> bool:
    """Whether the view behind ``path`` follows a ``next`` (itself or through a helper)."""
    try:
        source = inspect.getsource(_view_of(path))
    except (OSError, TypeError):
        return False
    return '"next"' in source or "next_or(" in source


class Fuzzer:
    def __init__(self, client: Client):
        self.client = client
        self.files = media_files()
        self.failures: list[str] = []

    def send(self, method: str, path: str, data, what: str):
        """One request in a savepoint rolled back after it; its answer is checked."""
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            response = getattr(self.client, method)(path, data)
            transaction.set_rollback(True)
        status = response.status_code
        if status >= 500:
            self.failures.append(f"{status} {method.upper()} {path} {what}")
        elif 300 <= status < 400:
            location = response.headers.get("Location", "")
            if not location.startswith("/") or location.startswith(("//", "/\\")):
                self.failures.append(f"off-site {location!r}: {path} {what}")
        elif method == "post" and refused(response):
            written = tables_written(queries.captured_queries)
            if written or media_files() != self.files:
                self.failures.append(f"{sorted(written)} written by a refused {path} {what}")
        return response

    def form(self, form, what: str):
        for value in BAD_VALUES:
            data = dict.fromkeys(form.names, value)
            self.send("post", form.action, data, f"{what}: every field {value[:12]!r}")
        if reads_next(form.action):
            for value in BAD_NEXT:
                self.send("post", form.action, form.data(next=value), f"{what}: next={value!r}")
        for name, values in form.fields.items():
            if values and DATE_VALUE.match(values[0]) or name.endswith("date"):
                for value in FAR_DATES:
                    self.send("post", form.action, form.data(**{name: value}), f"{what}: {name}")

    def query(self, path: str):
        names = sorted(query_parameters(path))
        if names:
            for value in BAD_QUERY:
                self.send("get", path, dict.fromkeys(names, value), f"?{names}={value[:12]!r}")


# Pages first: the forms found on them are sent with the values they show; a POST-only URL
# whose form was found on a page is not sent again with its matrix data.
NAMES = sorted(
    set(authorization.MATRIX) - SKIPPED, key=lambda n: (authorization.MATRIX[n].method, n)
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_bad_values_get_an_answer_never_a_500(fuzz, name):
    entry = authorization.MATRIX[name]
    path = reverse(name, args=entry.args(fuzz.world))
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = fuzz.session
    fuzzer = Fuzzer(client)

    if entry.method == "post":
        if name in fuzz.seen:
            return
        fields = {key: [str(v)] for key, v in entry.data.items()}
        form = SimpleNamespace(
            action=path,
            names=set(fields) | {"next"},
            fields=fields,
            data=lambda **changes: {**fields, **changes},
        )
        fuzzer.form(form, name)
    else:
        page = fuzzer.send("get", path, {}, "as it is")
        if page.status_code == 200 and "html" in page.headers.get("Content-Type", ""):
            for form in post_forms(page.content.decode(), path):
                target = _url_name(form.action)
                if target is None or target in SKIPPED or target in fuzz.seen:
                    continue
                fuzz.seen.add(target)
                fuzzer.form(form, f"{name} -> {target}")
        fuzzer.query(path)

    assert fuzzer.failures == []

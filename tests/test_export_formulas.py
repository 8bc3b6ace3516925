"""Every workbook and CSV the app offers, made from records whose every text is a formula.

The downloads are found in the URL configuration (any route or name that speaks of an
export, a template, xlsx, csv, zip or Excel), so a new one cannot be left out; their
arguments are the authorization matrix's, for the matrix's own world ("own", Balangan),
built once for the module. Before any download, every text column of every record the
world holds (regions, sectors, the framework, users' names included) is overwritten
with formula-like text. No .xlsx cell may then be a formula, and no CSV cell, split
at "," and ";" as Excel's list separators split it, may start with a live prefix.
"""

import csv
import io
import re
import zipfile
from decimal import Decimal, InvalidOperation
from itertools import cycle
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from kla_portal.apps import project_app_configs
from kla_portal.models import Download
from tests.authorization_world import build_cast, build_world
from tests.test_authorization_matrix import MATRIX, signed_in

FORMULAS = (
    "=1+2",
    '=HYPERLINK("http://evil.example","klik")',
    "+1",
    "-1",
    "@x",
    "SDN Semi;=1+1",
)
LIVE = ("=", "+", "-", "@", "\t", "\r")
DOWNLOAD = re.compile(r"export|ekspor|templat|xlsx|csv|zip|excel", re.IGNORECASE)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
# Files made of the app's own words only, with no record's text to carry a formula.
FIXED_TEXT = {
    "plans:import_items_template": "the RTL template: headers and a made-up example row",
    "indicators:open_data_csv": "the open data: region names and categories, nothing typed",
}
# Public files, fetched by anyone (portals, scripts) without an account: no user to trace.
UNTRACED = {"indicators:open_data_csv"}


def downloads(patterns=None, namespace=None, prefix=""):
    """``(url name, route)`` of every named route that hands out a workbook or a CSV."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from downloads(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            if DOWNLOAD.search(route) or DOWNLOAD.search(pattern.name):
                yield name, route


def _unique_fields(model) -> set[str]:
    names = {name for together in model._meta.unique_together for name in together}
    for constraint in model._meta.constraints:
        names |= set(getattr(constraint, "fields", ()))
    return names


def _text_fields(model) -> list[models.Field]:
    """The free-text columns: not keys, codes held unique, choices, file paths or a
    password hash (which would sign the superuser out)."""
    unique = _unique_fields(model) | {"password"}
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not isinstance(f, models.FileField | models.SlugField)
        and not (f.primary_key or f.unique or f.choices or f.name in unique)
    ]


def poison_every_text():
    """Every text column of every row: one of ``FORMULAS``, cut to the column's length."""
    models_ = [m for c in project_app_configs() for m in c.get_models()]
    models_.append(get_user_model())
    payloads = cycle(FORMULAS)
    for model in models_:
        if model._meta.proxy or not model._meta.managed or model.__name__.startswith("Historical"):
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        rows = list(model._base_manager.all())
        for f in fields:
            for row in rows:
                text = next(payloads)
                setattr(row, f.attname, text[: f.max_length] if f.max_length else text)
            try:
                with transaction.atomic():
                    model._base_manager.bulk_update(rows, [f.name], batch_size=500)
            except IntegrityError:
                # A column a check constraint holds to a shape (an NIP of 18 digits)
                # cannot hold a formula at all.
                continue


@pytest.fixture(scope="module")
def exported(module_db):
    with module_db():
        cast = build_cast()
        world = build_world("own", cast)
        poison_every_text()
        session = signed_in(cast["superuser"])
        return SimpleNamespace(world=world, session=session, user=cast["superuser"])


def _is_number(text: str) -> bool:
    try:
        return Decimal(text.replace(".", "").replace(",", ".")).is_finite()
    except InvalidOperation:
        return False


def live_csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    found = []
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            for part in re.split(r"[,;]", cell):
                part = part.strip(" ")
                if part.startswith(LIVE) and not _is_number(part):
                    found.append(cell)
    return found


def check_xlsx(data: bytes, where: str, texts: list[str]):
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where}: {sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)


def check_zip(data: bytes, where: str, texts: list[str]):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names, where
        for name in names:
            content = archive.read(name)
            assert name.endswith(".csv"), f"{where}: {name}"
            assert live_csv_cells(content) == [], f"{where}: {name}"
            texts.append(content.decode("utf-8-sig"))


def _get(exported, name):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = exported.session
    url = reverse(name, args=MATRIX[name].args(exported.world))
    return url, client.get(url)


def test_the_walk_finds_the_downloads():
    """The URL walk above is what keeps this file complete: it must see them all."""
    names = {name for name, _route in downloads()}
    assert {
        "indicators:export_district",
        "indicators:export_district_csv",
        "indicators:export_province",
        "indicators:export_province_csv",
        "indicators:export_national",
        "indicators:export_national_csv",
        "indicators:completeness_xlsx",
        "trainings:export",
        "trainings:template",
        "trainings:report_xlsx",
        "plans:import_items_template",
        "stakeholders:institution_import_template",
    } <= names


@pytest.mark.django_db
def test_no_download_holds_a_live_formula(exported):
    payloads_seen = {}
    for name, _route in downloads():
        url, response = _get(exported, name)
        assert response.status_code == 200, url
        kind = response["Content-Type"]
        texts: list[str] = []
        if kind == XLSX:
            check_xlsx(response.content, url, texts)
        elif kind == ZIP:
            check_zip(response.content, url, texts)
        elif kind.startswith("text/csv"):
            assert live_csv_cells(response.content) == [], url
            texts.append(response.content.decode("utf-8-sig"))
        else:
            pytest.fail(f"{url} answers {kind}, not a workbook or a CSV")
        payloads_seen[name] = any(p in t or p[:4] in t for t in texts for p in FORMULAS)
    # Each file did carry the records' formulas, or the test proved nothing about it.
    assert [n for n, seen in payloads_seen.items() if not seen] == list(FIXED_TEXT)


@pytest.mark.django_db
def test_every_download_leaves_one_trace(exported):
    """Each download view answers through ``activity.download``: one ``Download`` each."""
    for name, _route in downloads():
        if name in UNTRACED:
            continue
        before = Download.objects.count()
        url, response = _get(exported, name)
        assert response.status_code == 200, url
        latest = Download.objects.order_by("-pk").first()
        assert Download.objects.count() == before + 1, url
        assert latest.user == exported.user, url
        assert latest.file_name in response["Content-Disposition"], url


def test_the_poisoned_columns_include_the_ones_the_issue_found():
    """The venue and facilitator of a training, an institution's name (issue 20)."""
    columns = {
        (model, f.name)
        for model in ("trainings.training", "stakeholders.institution", "trainings.facilitator")
        for f in _text_fields(apps.get_model(model))
    }
    assert {
        ("trainings.training", "venue"),
        ("stakeholders.institution", "name"),
    } <= columns
    assert any(model == "trainings.facilitator" for model, _ in columns)

"""Figures computed from a district's records, cached until one of those records changes.

The district dashboard and the workbooks compute their figures (scores, training
coverage, RTL completion, key figures) from hundreds of thousands of rows, and
the same page is read many times between two changes. ``cached`` keeps what a
computation returned under a key made of each district's ``data_version``.

Every write to a district's records bumps that district's version, in the same
transaction as the write: ``save`` and ``delete`` through signals (connected in
``KlaPortalConfig.ready``), bulk writes through ``DistrictScopedQuerySet``, and
a change to a shared catalogue (indicators, sectors, regions) bumps the one
``CatalogueVersion``, which every key holds too. A page loaded after a change
therefore never finds the old figures: they were stored under the old version.
Records never move from one district to another in this app (forms fix the
district), so the district a record is in after a save is the one whose figures
it changed.

The figures are the same for every user who may see the district: visibility
goes by whole districts (``District.objects.visible_to``), so callers check that
the user sees the district and the cache never decides who sees what.
"""

import functools
import hashlib
import threading
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone, translation

from kla_portal.apps import project_app_configs
from kla_portal.models import (
    CatalogueVersion,
    District,
    DistrictScopedQuerySet,
    new_data_version,
)

TIMEOUT = 7 * 24 * 60 * 60  # a page nobody opened for a week leaves the cache


CATALOGUE = "*"  # stands for the catalogue version among the district codes bumped


class _Bumped(threading.local):
    """What this thread's open transaction has bumped already, each with its marker.

    An import or a form that writes hundreds of rows of one district needs its
    version changed once per transaction, not once per row. A bump is skipped
    while the marker ``transaction.on_commit`` took at the first one is still
    queued: Django drops it when the transaction commits or rolls back, or when
    a savepoint around that bump rolls back (the bump is undone with it). Any
    cached computation in between forgets them all, since what it stored must
    not outlive the next write.
    """

    def __init__(self):
        self.markers = {}

    def still_pending(self, codes) -> set:
        if not connection.in_atomic_block:
            return set()
        queued = {id(hook) for _savepoints, hook, _robust in connection.run_on_commit}
        return {code for code in codes if id(self.markers.get(code)) in queued}

    def remember(self, codes):
        if connection.in_atomic_block:

            def marker():
                pass

            transaction.on_commit(marker)
            self.markers.update(dict.fromkeys(codes, marker))

    def forget(self):
        self.markers.clear()


_bumped = _Bumped()


def bump(codes) -> None:
    """Invalidate the cached figures of these districts."""
    codes = {code for code in codes if code}
    codes -= _bumped.still_pending(codes)
    if codes:
        District.objects.filter(code__in=codes).update(data_version=new_data_version())
        _bumped.remember(codes)


def bump_all() -> None:
    """Invalidate every district's figures: a shared catalogue changed."""
    if not _bumped.still_pending({CATALOGUE}):
        CatalogueVersion.objects.update_or_create(pk=1, defaults={"version": new_data_version()})
        _bumped.remember({CATALOGUE})


def catalogue_version():
    return CatalogueVersion.objects.values_list("version", flat=True).filter(pk=1).first()


@functools.cache
def district_path(model) -> str | None:
    """The lookup from a record of ``model`` to its district's code, or None for other models."""
    if model is District:
        return "code"
    queryset = model._default_manager.get_queryset()
    return queryset.district_path if isinstance(queryset, DistrictScopedQuerySet) else None


def district_codes(model, objects) -> set[str]:
    """The districts these records of a district-scoped model belong to, in one query at most.

    No query when the records carry their parents already (a record made from a
    form or an import usually does).
    """
    path = district_path(model)
    head, _, rest = path.partition("__")
    field = model._meta.get_field(head)
    if rest and district_path(field.related_model) == rest:
        parents = [field.get_cached_value(obj) for obj in objects if field.is_cached(obj)]
        if len(parents) == len(objects):
            return district_codes(field.related_model, [p for p in parents if p is not None])
    ids = {getattr(obj, field.attname) for obj in objects} - {None}
    if not rest or not ids:
        return ids
    return set(field.related_model._default_manager.filter(pk__in=ids).values_list(rest, flat=True))


@functools.cache
def code_version() -> str:
    """A digest of the app's code and translations: what another release cached (other
    figures, other classes to unpickle) is never read back."""
    digest = hashlib.sha256()
    folders = [Path(config.path) for config in project_app_configs()]
    for folder in [*folders, *map(Path, settings.LOCALE_PATHS)]:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".mo"):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached(name: str, districts, compute, *key):
    """What ``compute()`` returns, computed once per version of these districts' records.

    ``districts`` are District rows loaded for this request (their version is
    read with them); ``key`` holds whatever else the result depends on (the
    year, say), and the language is part of it too (labels are translated).
    Each such key holds one entry, whatever the versions: it is replaced when
    the versions or the date (figures count overdue items) no longer match, so
    the cache keeps one copy per page, not one per change.
    """
    _bumped.forget()
    codes = sorted(d.code for d in districts)
    versions = sorted((d.code, d.data_version) for d in districts)
    # The code's version is in the key: another release's entry is never even unpickled.
    page = (name, key, translation.get_language(), codes, code_version())
    cache_key = f"kla:figures:{name}:{_digest(page)}"
    fingerprint = _digest((timezone.localdate().isoformat(), catalogue_version(), versions))
    found = cache.get(cache_key)
    if found is not None and found[0] == fingerprint:
        return found[1]
    value = compute()
    cache.set(cache_key, (fingerprint, value), TIMEOUT)
    return value


def _digest(parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


# Catalogues every district's figures are computed with.
SHARED_INPUTS = {
    "kla_portal.Province",
    "stakeholders.Sector",
    "stakeholders.MilestoneDefinition",
    "indicators.Framework",
    "indicators.Indicator",
    "indicators.ChecklistItem",
}


def _is_input(model) -> bool:
    return district_path(model) is not None or model._meta.label in SHARED_INPUTS


def record_saved(sender, instance, **kwargs):
    """``post_save``: the record's district changed, or every district for a catalogue."""
    if district_path(sender) is not None:
        bump(district_codes(sender, [instance]))
    elif sender._meta.label in SHARED_INPUTS:
        bump_all()


def record_deleted(sender, instance, origin=None, **kwargs):
    """``pre_delete`` (the record's parents still exist to find its district).

    In a cascade only the record the deletion started from bumps (a queryset's
    ``delete()`` bumps before it starts): what it takes with it is in the same
    district, or, for a catalogue, every district was bumped anyway.
    """
    origin_model = type(origin) if isinstance(origin, Model) else getattr(origin, "model", None)
    if origin is not instance and origin_model is not None and _is_input(origin_model):
        return
    record_saved(sender, instance)


def connect_signals():
    from django.db.models.signals import post_save, pre_delete

    for model in apps.get_models():
        if _is_input(model):
            post_save.connect(
                record_saved, sender=model, dispatch_uid=f"figures:{model._meta.label}"
            )
            pre_delete.connect(
                record_deleted, sender=model, dispatch_uid=f"figures:{model._meta.label}"
            )

"""Figures that many pages read, kept on rows that every write brings up to date.

The dashboards, rankings and workbooks read per-district summary rows (scores and
category per assessment, institutions at their final stage, trained people, RTL
completion) instead of recomputing them from hundreds of thousands of records.
Like healthchecks' ``Check.ping``, which updates a check's counters as it records
the ping, every write function calls ``refresh(codes)`` with the districts it
changed, inside its own transaction: the rows are right the moment the write
commits, so there is nothing to invalidate and no slow first load after a change.

The rows belong to the apps that show them; the core only dispatches. Each
project app may have a ``figures`` module with ``refresh(codes)`` (found as
``seed_demo`` finds ``demo`` modules), called in dependency order. ``manage.py
refresh_figures`` rebuilds every row from scratch, and the tests compare the two
after each kind of write.

Write functions say so with ``@figures.write("training")`` instead of
``@transaction.atomic``: the function runs in a transaction, and before it commits
the districts of the named keyword arguments are refreshed. An import or a seed
writes thousands of rows of one district through the same write functions:
inside ``batch()`` the districts are collected and refreshed once, when the batch
ends (still inside the caller's transaction).
"""

import functools
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.db import models, transaction

from kla_portal.apps import project_app_configs
from kla_portal.models import District, DistrictScopedQuerySet


class _Batch(threading.local):
    codes: set[str] | None = None


_batch = _Batch()


@functools.cache
def _modules() -> list[ModuleType]:
    names = [f"{config.name}.figures" for config in project_app_configs()]
    # This module is the core's own ``figures``: the dispatcher, not one of the apps' rows.
    return [import_module(name) for name in names if name != __name__ and find_spec(name)]


def refresh(codes: Iterable[str | None]) -> None:
    """Bring the figures of these districts (codes) up to date with their records."""
    wanted = {code for code in codes if code}
    if _batch.codes is not None:
        _batch.codes |= wanted
        return
    if wanted:
        for module in _modules():
            module.refresh(sorted(wanted))


def refresh_all() -> None:
    """Rebuild every district's figures (a catalogue they are computed with changed)."""
    if _batch.codes is not None:
        _batch.codes |= set(District.objects.values_list("code", flat=True))
        return
    for module in _modules():
        module.refresh_all()


@contextmanager
def batch() -> Iterator[None]:
    """Collect the districts that ``refresh`` is asked for, and refresh each once at the end.

    Use it inside the transaction of a write that calls many write functions (an
    import, a seed). Nested batches join the outermost one. When the block raises,
    nothing is refreshed: its transaction is rolled back with its writes.
    """
    if _batch.codes is not None:
        yield
        return
    _batch.codes = set()
    try:
        yield
        codes = _batch.codes
    finally:
        _batch.codes = None
    refresh(codes)


def district_of(record: models.Model) -> str | None:
    """The code of the district a record belongs to, through its queryset's
    ``district_path`` (``"training__district"``: ``record.training.district_id``)."""
    if isinstance(record, District):
        return record.code
    queryset = type(record)._default_manager.get_queryset()
    if not isinstance(queryset, DistrictScopedQuerySet):
        return None
    *parents, last = queryset.district_path.split("__")
    for name in parents:
        record = getattr(record, name)
        if record is None:
            return None
    return getattr(record, f"{last}_id")


def districts_in_database(model: type[models.Model], pks) -> set[str] | None:
    """The codes of the districts these records are in as stored (before a change is
    saved, or before they are deleted); None for a model that belongs to no district
    (a catalogue: every district's figures are computed with it)."""
    if model is District:
        return set(map(str, pks))
    queryset = model._default_manager.get_queryset()
    if not isinstance(queryset, DistrictScopedQuerySet):
        return None
    return set(
        queryset.filter(pk__in=pks).values_list(queryset.district_path, flat=True).order_by()
    )


def write(*arguments: str) -> Callable:
    """Decorate a keyword-only write function: it runs in a transaction, and the
    districts of the records passed as these keyword arguments have their figures
    refreshed before it commits. It is a ``batch``: the write functions it calls
    (an import adding a thousand rows) refresh nothing until it ends."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with transaction.atomic(), batch():
                result = func(*args, **kwargs)
                refresh(district_of(kwargs[name]) for name in arguments if kwargs.get(name))
            return result

        return wrapper

    return decorate

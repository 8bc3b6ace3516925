"""A district's activity log: every recorded change to its records, newest first.

Each district-owned model keeps its history with django-simple-history. The log
reads every such history table (one query per model, so a fixed number whatever
the volume) through the path from the model to its district, which it finds
from the model's ``DistrictScopedQuerySet`` or, for a model without one, from
its foreign key to a model that has one (a milestone belongs to its institution).

Downloads leave no history of their own, so every view that hands out a workbook or a
CSV answers through ``download``, which records who took which file of which region
(``Download``); the log of a district shows each one that holds its records: the
district's own files, its province's and the national ones.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from heapq import merge

from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext, gettext_lazy

from kla_portal.apps import project_app_configs
from kla_portal.history import ACTIONS
from kla_portal.models import District, DistrictScopedQuerySet, Download, Province
from kla_portal.sign_in_limits import lockouts_of

DOWNLOAD = "kla_portal.download"
DOWNLOADED = gettext_lazy("diunduh")
NATIONAL = gettext_lazy("Indonesia")
LOCKOUT = "axes.accessfailurelog"
LOCKOUT_KIND = gettext_lazy("Kunci akun")
LOCKED_OUT = gettext_lazy("dikunci setelah gagal masuk berulang")


@dataclass
class Activity:
    when: datetime
    who: str
    user_id: int | None
    action: str
    object_type: str
    object_label: str
    url: str | None


def _scoped_path(model) -> str | None:
    queryset = model._default_manager.get_queryset()
    if isinstance(queryset, DistrictScopedQuerySet):
        return queryset.district_path
    for field in model._meta.get_fields():
        if isinstance(field, models.ForeignKey) and field.related_model is not model:
            parent = field.related_model._default_manager.get_queryset()
            if isinstance(parent, DistrictScopedQuerySet):
                return f"{field.name}__{parent.district_path}"
    return None


@cache
def logged_models() -> dict[str, tuple[type, str]]:
    """{model label: (model, path to its district)} for every district-owned model with history."""
    found = {}
    for config in project_app_configs():
        for model in config.get_models():
            if hasattr(model, "history"):
                path = _scoped_path(model)
                if path:
                    found[model._meta.label_lower] = (model, path)
    return found


def object_types() -> list[tuple[str, str]]:
    return sorted(
        [
            *(
                (label, str(model._meta.verbose_name).capitalize())
                for label, (model, _) in logged_models().items()
            ),
            (DOWNLOAD, str(Download._meta.verbose_name).capitalize()),
            (LOCKOUT, str(LOCKOUT_KIND)),
        ],
        key=lambda pair: pair[1],
    )


def download(
    request,
    data: bytes,
    *,
    name: str,
    content_type: str,
    region: District | Province | None,
) -> HttpResponse:
    """The file as an attachment, its download recorded for the region's activity log.

    ``region``: the district or province whose records the file holds, ``None`` for a
    national one. Every export and template view answers through this.
    """
    district = region if isinstance(region, District) else None
    province_id = district.province_id if district else region.pk if region else None
    Download.objects.create(
        user=request.user if request.user.is_authenticated else None,
        file_name=name[:200],
        district=district,
        province_id=province_id,
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _downloads(district, *, user_id, since, until, limit) -> list[Activity]:
    """The downloads of files holding the district's records, newest first."""
    records = Download.objects.filter(
        Q(district=district)
        | Q(district__isnull=True, province_id=district.province_id)
        | Q(district__isnull=True, province__isnull=True)
    ).select_related("user", "district", "province")
    if user_id:
        records = records.filter(user_id=user_id)
    if since:
        records = records.filter(downloaded_at__date__gte=since)
    if until:
        records = records.filter(downloaded_at__date__lte=until)
    kind = str(Download._meta.verbose_name).capitalize()
    found = []
    for record in records.order_by("-downloaded_at", "-pk")[:limit]:
        region = record.district or record.province
        user = record.user
        found.append(
            Activity(
                when=record.downloaded_at,
                who=(user.get_full_name() or user.username) if user else gettext("sistem"),
                user_id=record.user_id,
                action=str(DOWNLOADED),
                object_type=kind,
                object_label=f"{record.file_name} ({region.name if region else NATIONAL})",
                url=None,
            )
        )
    return found


def _lockouts(district, *, user_id, since, until, limit) -> list[Activity]:
    """Sign-in lockouts of the district's people (``kla_portal.sign_in_limits``)."""
    found = []
    for record in lockouts_of(district, since=since, until=until, limit=limit):
        user = record.user
        if user_id and (user is None or user.pk != user_id):
            continue
        found.append(
            Activity(
                when=record.attempt_time,
                who=(user.get_full_name() or user.username) if user else record.username,
                user_id=user.pk if user else None,
                action=str(LOCKED_OUT),
                object_type=str(LOCKOUT_KIND),
                object_label=f"{record.username} ({record.ip_address})",
                url=None,
            )
        )
    return found


def district_activity(
    district,
    *,
    user_id: int | None = None,
    object_type: str = "",
    since: date | None = None,
    until: date | None = None,
    limit: int = 200,
) -> list[Activity]:
    streams = []
    if object_type in ("", DOWNLOAD):
        streams.append(_downloads(district, user_id=user_id, since=since, until=until, limit=limit))
    if object_type in ("", LOCKOUT):
        streams.append(_lockouts(district, user_id=user_id, since=since, until=until, limit=limit))
    for label, (model, path) in logged_models().items():
        if object_type and label != object_type:
            continue
        records = model.history.filter(**{path: district}).select_related("history_user")
        if user_id:
            records = records.filter(history_user_id=user_id)
        if since:
            records = records.filter(history_date__date__gte=since)
        if until:
            records = records.filter(history_date__date__lte=until)
        streams.append([_activity(model, r) for r in records.order_by("-history_date")[:limit]])
    return list(merge(*streams, key=lambda a: a.when, reverse=True))[:limit]


LABEL_FIELDS = ("name", "title", "activity", "decree_number", "original_name", "text")


def _label(record) -> str:
    """A label from the record's own columns: str() could query related rows for every line."""
    for name in LABEL_FIELDS:
        value = getattr(record, name, None)
        if value:
            return str(value)[:120]
    return f"#{record.id}"


def archived(district) -> list[tuple[str, object]]:
    """Deactivated records of the district, for its admin to restore: (model label, object)."""
    found = []
    for label, (model, path) in logged_models().items():
        if any(f.name == "is_active" for f in model._meta.fields):
            for obj in model._default_manager.filter(**{path: district, "is_active": False})[:100]:
                found.append((label, obj))
    return found


def _activity(model, record) -> Activity:
    user = record.history_user
    instance = record.instance
    url = None
    if record.history_type != "-" and hasattr(instance, "get_absolute_url"):
        try:
            url = instance.get_absolute_url()
        except Exception:  # noqa: BLE001 (a page not built yet must not break the log)
            url = None
    return Activity(
        when=record.history_date,
        who=(user.get_full_name() or user.username) if user else gettext("sistem"),
        user_id=user.pk if user else None,
        action=ACTIONS.get(record.history_type, record.history_type),
        object_type=str(model._meta.verbose_name).capitalize(),
        object_label=_label(record),
        url=url,
    )

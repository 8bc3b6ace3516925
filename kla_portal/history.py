"""What changed, by whom and when: the readable form of django-simple-history's records,
and the one save every write function uses so that each record names who acted."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    changes: list


def save_with_history(
    obj: Model, *, user, fields: Sequence[str] | None = None, clean: bool = True
) -> None:
    """Save ``obj`` (only ``fields``, if given) with a history record naming ``user``.

    ``clean`` runs ``full_clean()`` first, so a bad value is a ValidationError with a
    human message rather than a database error; a write that saves rows it has just
    checked itself (an assessment's items) passes ``clean=False`` and spares the queries.
    """
    obj._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
    if clean:
        obj.full_clean()
    obj.save(update_fields=fields)


def _display(record, field_name, value):
    field = record.instance_type._meta.get_field(field_name)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if value is True:
        return _("ya")
    if value is False:
        return _("tidak")
    return value  # None renders as "—"; 0 (a stage, a score) renders as 0


def history_of(obj, limit: int = 50) -> list[HistoryEntry]:
    """The object's history, newest first, each entry with its field-by-field changes."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for record, previous in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append(
                    Change(
                        field=str(field.verbose_name),
                        old=_display(record, change.field, change.old),
                        new=_display(record, change.field, change.new),
                    )
                )
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else _("sistem"),
                action=ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
    return entries

"""What changed, by whom and when: the readable form of django-simple-history's records."""

from dataclasses import dataclass
from datetime import datetime

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

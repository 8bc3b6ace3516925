"""Whether a task force's decree (SK) still holds: the evaluation asks for a valid one."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

WARNING_DAYS = 90

EXPIRED_MESSAGE = _("SK gugus tugas sudah tidak berlaku sejak %(date)s. Perbarui SK-nya.")
EXPIRING_MESSAGE = _(
    "SK gugus tugas berakhir pada %(date)s (%(days)s hari lagi). Siapkan SK yang baru."
)
VALID_MESSAGE = _("SK berlaku sampai %(date)s.")
OPEN_MESSAGE = _("SK berlaku tanpa batas waktu yang dicantumkan.")
NO_TASK_FORCE_MESSAGE = _("Belum ada gugus tugas yang tercatat.")


@dataclass
class Validity:
    state: str  # "valid", "expiring", "expired", "open" (no end date) or "missing"
    message: str
    days_left: int | None = None

    @property
    def css(self):
        return {"expired": "danger", "expiring": "warning", "missing": "secondary"}.get(
            self.state, "success"
        )

    @property
    def needs_attention(self):
        return self.state in ("expired", "expiring", "missing")


def decree_validity(task_force, today: date | None = None) -> Validity:
    if task_force is None:
        return Validity("missing", str(NO_TASK_FORCE_MESSAGE))
    today = today or timezone.localdate()
    until = task_force.valid_until
    if until is None:
        return Validity("open", str(OPEN_MESSAGE))
    shown = date_format(until, "d/m/Y")
    days = (until - today).days
    if days < 0:
        return Validity("expired", EXPIRED_MESSAGE % {"date": shown}, days)
    if days <= WARNING_DAYS:
        return Validity("expiring", EXPIRING_MESSAGE % {"date": shown, "days": days}, days)
    return Validity("valid", VALID_MESSAGE % {"date": shown}, days)

"""The participant functions (fungsi/peran), from ``fixtures/participant_functions.json``.

Only what is missing is added: a superuser's edits survive reloads.
"""

import json
from pathlib import Path

from trainings.models import ParticipantFunction

CATALOGUE = Path(__file__).parent / "fixtures" / "participant_functions.json"


def load() -> list[str]:
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    added = 0
    for order, entry in enumerate(data["functions"], start=1):
        _, created = ParticipantFunction.objects.get_or_create(
            code=entry["code"],
            defaults={"name": entry["name"], "question": entry["question"], "order": order},
        )
        added += created
    return [f"fungsi peserta: {ParticipantFunction.objects.count()} ({added} baru)"]

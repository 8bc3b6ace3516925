"""A 10,000-row participant import: preview, then commit, into one training.

The sheet is generated with openpyxl (not timed). Preview and commit call the
trainings app's own import functions, inside one outer transaction that is
rolled back at the end, so the run leaves the database as it found it.
"""

import io
import random
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

from common import verdict

TARGET_SECONDS = 15
HEADERS = ["No", "Nama", "Jenis kelamin", "Jabatan", "Instansi", "No. HP", "Email"]


class Rollback(Exception):
    pass


def build_sheet(rows: int) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(9)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Peserta")
    sheet.append(["Daftar peserta pelatihan KHA"])
    sheet.append(HEADERS)
    for number in range(1, rows + 1):
        sheet.append(
            [
                number,
                f"Peserta Uji {number:05d}",
                rng.choice(["L", "P"]),
                rng.choice(["Guru", "Bidan", "Staf", "Kepala Sekolah"]),
                f"SD Negeri {rng.randint(1, 40)} Uji",
                f"0812{rng.randint(10_000_000, 99_999_999)}",
                f"impor{number}@skala.invalid",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def find_importer():
    for module in ("trainings.participant_import", "trainings.imports"):
        if find_spec(module):
            return module
    return None


def preview_and_commit(data, training, user):
    """The upload flow: preview reads and checks; commit re-reads the file and writes.

    Returns (preview seconds, commit seconds, report lines).
    """
    from trainings.participant_import import import_participants, read_participants

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "peserta.xlsx"
        path.write_bytes(data)
        started = time.perf_counter()
        preview = read_participants(path, training=training)
        preview_seconds = time.perf_counter() - started
        started = time.perf_counter()
        import_participants(path, training=training, user=user, commit=True)
        commit_seconds = time.perf_counter() - started
    lines = preview.report.lines()
    rejected = [line for r, line in zip(preview.report.rows, lines[1:], strict=True) if r.errors]
    return preview_seconds, commit_seconds, [lines[0], *rejected[:3]]


def measure(context, rows):
    if find_importer() is None:
        print("participant import   not available yet (no trainings/participant_import.py)")
        return {"available": False}
    from django.db import transaction

    from bench import scale
    from trainings.models import Training

    data = build_sheet(rows)
    district, user = context["district"], context["users"]["district"]
    outcome = {}
    try:
        with transaction.atomic():
            training = Training.objects.create(
                district=district,
                title=f"{scale.TITLE_PREFIX}Bench impor peserta",
                start_date=f"{context['year']}-03-03",
                end_date=f"{context['year']}-03-05",
            )
            started = time.perf_counter()
            preview, commit, lines = preview_and_commit(data, training, user)
            outcome = {
                "rows": rows,
                "bytes": len(data),
                "preview_s": round(preview, 2),
                "commit_s": round(commit, 2),
                "total_s": round(time.perf_counter() - started, 2),
                "participants_written": training.participants.count(),
                "report": lines,
            }
            raise Rollback
    except Rollback:
        pass
    ok = outcome["total_s"] < TARGET_SECONDS and outcome["participants_written"] == rows
    outcome["targets"] = [{"target": f"preview + commit < {TARGET_SECONDS} s", "pass": ok}]
    print(
        f"participant import   preview {outcome['preview_s']:.2f} s, commit "
        f"{outcome['commit_s']:.2f} s, {outcome['participants_written']:,} written"
        f" | preview + commit < {TARGET_SECONDS} s: {verdict(ok)}"
    )
    return outcome

"""Uploads waiting for their confirmation: checked before they are kept, kept outside the
media, and gone after a day."""

import os
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kla_portal.spreadsheets import MAX_BYTES, TOO_BIG, discard_old_stashes, stash_upload
from tests.bad_input import samples
from tests.bad_input.conftest import files_under, media_files, stash_files
from tests.bad_input.test_import_endpoints import PARTICIPANTS

DAY = 24 * 60 * 60


def test_an_oversized_participant_upload_leaves_no_file_behind(admin, training, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)  # where Django spools a large upload
    upload = SimpleUploadedFile("daftar.xlsx", b"PK\x03\x04" + b"\x00" * (MAX_BYTES + 1))

    response = admin.post(reverse("trainings:import", args=[training.pk]), {"file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [str(TOO_BIG % {"mb": 5})]
    assert stash_files() == []
    assert media_files() == []
    assert files_under(tmp_path) == []


def test_a_waiting_upload_is_kept_outside_the_media(admin, request):
    PARTICIPANTS.post(admin, request, "daftar.xlsx", samples.xlsx(PARTICIPANTS.rows(2)))

    assert len(stash_files()) == 1
    assert media_files() == []
    stash = Path(settings.IMPORT_STASH_ROOT)
    assert not stash.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def aged(name, seconds):
    path = Path(settings.IMPORT_STASH_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"Nama\nSiti\n")
    when = time.time() - seconds
    os.utime(path, (when, when))
    return path


def test_a_stash_older_than_a_day_goes_when_the_next_upload_comes(rf):
    old = aged("0123abcd.csv", DAY + 60)
    old_mark = aged("4567abcd.xlsx.imported", 2 * DAY)
    recent = aged("89abcdef.csv", DAY - 60)
    request = rf.post("/")
    request.session = {}

    token = stash_upload(request, SimpleUploadedFile("daftar.csv", b"Nama\nBudi\n"))

    assert not old.exists() and not old_mark.exists()
    assert sorted(stash_files()) == sorted([recent.name, token])


def test_the_cleanup_says_how_many_it_removed():
    aged("0123abcd.csv", DAY + 1)
    aged("89abcdef.csv.taken", 0)

    assert discard_old_stashes() == 1
    assert stash_files() == ["89abcdef.csv.taken"]

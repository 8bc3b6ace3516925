"""Two people saving at the same moment on the embedded SQLite database: both saves stay.

Each writer is a connection of its own, opened with the project's SQLite options
(``settings.SQLITE_OPTIONS``) on one database file, in a thread of its own; each
reads the table and then writes to it, in one transaction, twenty times, both
starting together. A deferred transaction (SQLite's default) that reads and then
writes cannot wait for the other's lock, and fails with "database is locked"; an
immediate one waits its turn.
"""

import threading
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

WRITES = 20
WRITERS = ("balangan", "hst")
THINKING = 0.002  # seconds between a save's read and its write: both are inside at once


def sqlite_settings(path, options):
    return {
        **connections["default"].settings_dict,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": options,
    }


def save_twenty_times(database, writer, start, errors):
    """A progress counter, read then written: the next number after the highest."""
    alias = f"office-{writer}"
    connections[alias] = DatabaseWrapper(database, alias)
    try:
        start.wait()
        for _ in range(WRITES):
            try:
                with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                    cursor.execute("SELECT COALESCE(MAX(number), 0) FROM saves")
                    (highest,) = cursor.fetchone()
                    time.sleep(THINKING)
                    cursor.execute(
                        "INSERT INTO saves (number, writer) VALUES (%s, %s)", [highest + 1, writer]
                    )
            except Exception as error:  # what the office would see as a 500
                errors.append(f"{writer}: {error}")
    finally:
        connections[alias].close()
        del connections[alias]


def run_two_writers(database):
    setup = DatabaseWrapper(database, "office-setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE saves (number INTEGER UNIQUE NOT NULL, writer TEXT)")
    start, errors = threading.Barrier(len(WRITERS)), []
    threads = [
        threading.Thread(target=save_twenty_times, args=(database, writer, start, errors))
        for writer in WRITERS
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with setup.cursor() as cursor:
        cursor.execute("SELECT number, writer FROM saves ORDER BY number")
        saves = cursor.fetchall()
        cursor.execute("PRAGMA journal_mode")
        (journal,) = cursor.fetchone()
    setup.close()
    return errors, saves, journal


@pytest.fixture
def database_file(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        yield tmp_path / "office.sqlite3"


def test_two_people_saving_at_once_twenty_times_lose_nothing(database_file):
    errors, saves, journal = run_two_writers(
        sqlite_settings(database_file, settings.SQLITE_OPTIONS)
    )

    assert errors == []
    assert [number for number, _writer in saves] == list(range(1, 2 * WRITES + 1))
    assert Counter(writer for _number, writer in saves) == dict.fromkeys(WRITERS, WRITES)
    assert journal == "wal"


def test_without_immediate_transactions_the_same_saves_fail(database_file):
    """What the options prevent: SQLite's deferred transactions, the same two writers."""
    options = {**settings.SQLITE_OPTIONS, "transaction_mode": None}
    errors, saves, _journal = run_two_writers(sqlite_settings(database_file, options))

    assert errors
    assert all("database is locked" in error for error in errors)
    assert len(saves) == 2 * WRITES - len(errors)

"""Large participant sheets: a fixed number of queries, a history record for every row."""

import pytest
from django.db import connection

from tests.trainings.conftest import xlsx
from trainings.models import Attendance, Participant, Person
from trainings.participant_import import import_participants

HEADER = ["Nama", "JK", "Instansi", "No HP", "Email", "Pre Test", "Post Test"]
HEADER += ["Hari 1", "Hari 2", "Hari 3"]
# Preview and commit each read the district's lookups (the participant functions among
# them) and the sheet, then the commit writes people, participants, attendance and their
# history in batches: 24 queries for 20 rows, 32 for 200 (SQLite splits an insert at
# 999 parameters, PostgreSQL does not: the attendance's reason for an absence, one more
# column, split its history into one more batch), then the district's figure rows are
# recomputed once, whatever the rows (kla_portal/figures.py). One by one it was about 15
# a row.
COMMIT_QUERIES = 47
# SQLite's one batch more for 200 rows (its history of the attendance, split at 999).
SQLITE_BATCHES = 1


def person_row(i, *, post=80, day_2=0, email=""):
    place = ["SDN Paringin 1", "Puskesmas Juai", "Dinas Sosial Balangan"][i % 3]
    return [f"Peserta {i}", "LP"[i % 2], place, f"0813{i:08d}", email, 60, post, 1, day_2, 1]


def sheet(rows):
    return xlsx([HEADER, *rows])


@pytest.mark.django_db
@pytest.mark.parametrize("count", [20, 200])
def test_a_commit_takes_the_same_number_of_queries_for_20_rows_as_for_200(
    count, training, institutions, balangan_admin, django_assert_max_num_queries
):
    known = count // 2
    import_participants(
        sheet([person_row(i) for i in range(known)]),
        training=training,
        user=balangan_admin,
        commit=True,
    )
    # Half the rows change known people (an email, a score, a day present), half are new.
    rows = [person_row(i, post=90, day_2=1, email=f"p{i}@contoh.id") for i in range(known)]
    rows += [person_row(i) for i in range(known, count)]
    upload = sheet(rows)

    bound = COMMIT_QUERIES + (SQLITE_BATCHES if connection.vendor == "sqlite" else 0)
    with django_assert_max_num_queries(bound):
        preview = import_participants(upload, training=training, user=balangan_admin, commit=True)

    assert (preview.report.created_count, preview.report.updated_count) == (count - known, known)
    assert Person.objects.count() == count
    assert Person.objects.filter(email__endswith="@contoh.id").count() == known
    participants = Participant.objects.filter(training=training)
    assert participants.count() == count
    assert participants.filter(post_score=90).count() == known
    assert Attendance.objects.filter(participant__training=training).count() == 2 * count + known
    assert Attendance.objects.filter(present=True).count() == 2 * count + known


@pytest.mark.django_db
def test_imported_people_participants_and_attendance_have_history_by_the_importing_user(
    training, institutions, balangan_admin
):
    import_participants(
        sheet([person_row(i) for i in range(3)]),
        training=training,
        user=balangan_admin,
        commit=True,
    )
    import_participants(
        sheet([person_row(0, post=95, day_2=1, email="p0@contoh.id")]),
        training=training,
        user=balangan_admin,
        commit=True,
    )

    for model, rows in [(Person, 3), (Participant, 3), (Attendance, 7)]:
        created = model.history.filter(history_type="+")
        assert created.count() == rows
        assert set(created.values_list("history_user", flat=True)) == {balangan_admin.pk}
        assert {record.id for record in created} == set(model.objects.values_list("pk", flat=True))
    person = Person.objects.get(name="Peserta 0")
    [changed] = person.history.filter(history_type="~")
    assert (changed.email, changed.history_user) == ("p0@contoh.id", balangan_admin)
    participant = Participant.objects.get(person=person)
    [changed] = participant.history.filter(history_type="~")
    assert (changed.post_score, changed.history_user) == (95, balangan_admin)
    day_2 = training.days.all()[1]
    record = Attendance.objects.get(participant=participant, day=day_2)
    [created] = record.history.all()
    assert (created.present, created.history_user) == (True, balangan_admin)


@pytest.mark.django_db
def test_two_rows_that_lead_to_the_same_known_person_give_one_participant(
    training, institutions, balangan_admin
):
    import_participants(
        xlsx([["Nama", "Instansi", "No HP"], ["Budi", "SDN Paringin 1", "081311112222"]]),
        training=training,
        user=balangan_admin,
        commit=True,
    )
    # Row 2 finds Budi by his phone, row 3 by his name and school: not the same row
    # twice, so neither is rejected, and both end in his one participation.
    rows = [
        ["Nama", "Instansi", "No HP", "Pre Test"],
        ["Budi S.", "SDN Paringin 1", "081311112222", 50],
        ["Budi", "SDN Paringin 1", None, 60],
    ]

    preview = import_participants(xlsx(rows), training=training, user=balangan_admin, commit=True)

    assert not preview.report.rejected
    budi = Person.objects.get()
    assert budi.name == "Budi"
    assert Participant.objects.get(person=budi).pre_score == 60


@pytest.mark.django_db
def test_a_name_too_long_to_store_is_a_rejected_row_and_nothing_is_written(
    training, balangan_admin
):
    rows = [["Nama", "JK"], ["Ahmad", "L"], ["A" * 201, "L"]]

    preview = import_participants(xlsx(rows), training=training, user=balangan_admin, commit=True)

    assert [(r.number, r.errors) for r in preview.report.rejected] == [
        (3, ["Nama terlalu panjang (maksimal 200 karakter)"])
    ]
    assert Person.objects.count() == 0

"""Coverage per district and sector, checked against numbers worked out by hand."""

from datetime import date

import pytest

from kla_portal.models import District
from stakeholders.models import Institution, Member, TaskForce
from trainings.coverage import coverage_for
from trainings.models import Attendance, Participant, Person, Training, TrainingDay


def make_training(district, status, *, active=True, days=2):
    training = Training.objects.create(
        district=district,
        title=f"KHA {status}",
        start_date=date(2025, 8, 19),
        end_date=date(2025, 8, 18 + days),
        status=status,
        is_active=active,
    )
    for n in range(days):
        TrainingDay.objects.create(training=training, date=date(2025, 8, 19 + n))
    return training


def enrol(training, person, *, present_days=(), active=True):
    participant = Participant.objects.create(training=training, person=person, is_active=active)
    for day in training.days.all()[: len(present_days)]:
        Attendance.objects.create(participant=participant, day=day, present=True)
    return participant


@pytest.fixture
def world(balangan, hst, sectors, institutions, task_force):
    Institution.objects.create(
        district=balangan, sector=sectors["sekolah"], name="SD tutup", is_active=False
    )
    Member.objects.create(task_force=task_force, name="Keluar", is_active=False)
    old = TaskForce.objects.create(
        district=balangan,
        decree_number="lama",
        decree_date=date(2020, 1, 1),
        valid_from=date(2020, 1, 1),
        is_current=False,
    )
    Member.objects.create(task_force=old, name="Anggota lama")
    held = make_training(balangan, Training.Status.HELD)
    planned = make_training(balangan, Training.Status.PLANNED)
    reported = make_training(balangan, Training.Status.REPORTED)
    dropped = make_training(balangan, Training.Status.HELD, active=False)
    rahmadi, siti = (
        task_force.members.get(name="Rahmadi"),
        task_force.members.get(name="Siti Rahmah"),
    )

    def person(name, gender, **where):
        return Person.objects.create(district=balangan, name=name, gender=gender, **where)

    sdn1, smpn1, pkm = institutions["sdn1"], institutions["smpn1"], institutions["pkm"]
    enrol(held, person("A", "P", institution=sdn1), present_days=[1])  # trained
    enrol(held, person("B", "L", institution=sdn1))  # never present
    enrol(reported, person("C", "L", institution=pkm), present_days=[1, 2])  # trained
    enrol(
        held, person("D", "P", sector=sectors["masjid"], other_organisation="TPA"), present_days=[1]
    )
    enrol(planned, person("E", "P", institution=smpn1), present_days=[1])  # not held yet
    enrol(dropped, person("F", "L", institution=smpn1), present_days=[1])  # deactivated
    enrol(held, person("G", "L", member=rahmadi), present_days=[1, 2])  # trained member
    enrol(held, person("H", "P", member=siti), present_days=[1], active=False)  # removed
    i = person("I", "P", institution=pkm)
    enrol(held, i, present_days=[1])
    enrol(reported, i, present_days=[1])  # counted once
    merged = person("J", "P", institution=smpn1)
    merged.is_active = False
    merged.save()
    enrol(held, merged, present_days=[1])  # a merged-away duplicate


def test_coverage_matches_the_hand_computed_figures(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        result = coverage_for(District.objects.filter(code__in=["63.11", "63.07"]))

    balangan = result["63.11"]
    sekolah, puskesmas, masjid = (balangan.sectors[c] for c in ("sekolah", "puskesmas", "masjid"))
    assert (sekolah.institutions, sekolah.institutions_with_trained, sekolah.share) == (2, 1, 0.5)
    assert (sekolah.trained_people, sekolah.trained_female, sekolah.trained_male) == (1, 1, 0)
    assert (puskesmas.institutions, puskesmas.institutions_with_trained) == (1, 1)
    assert (puskesmas.trained_people, puskesmas.trained_female, puskesmas.trained_male) == (2, 1, 1)
    assert puskesmas.share == 1.0
    assert (masjid.institutions, masjid.institutions_with_trained, masjid.share) == (1, 0, 0.0)
    assert (masjid.trained_people, masjid.trained_female) == (1, 1)
    assert balangan.sectors["pesantren"].share is None
    assert set(balangan.sectors) == {
        "sekolah", "puskesmas", "masjid", "pesantren", "lksa", "dunia_usaha", "media",
        "forum_anak", "puspaga", "pka",
    }  # fmt: skip
    assert (balangan.task_force_members, balangan.trained_task_force_members) == (3, 1)

    hst = result["63.07"]
    assert hst.task_force_members == 0
    assert all(s.trained_people == 0 and s.institutions == 0 for s in hst.sectors.values())


def test_the_number_of_queries_does_not_grow_with_the_districts(
    world, regions, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        result = coverage_for(District.objects.all())
    assert len(result) > 20
    assert result["63.11"].sectors["puskesmas"].trained_people == 2


def test_no_districts_gives_an_empty_result(sectors, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert coverage_for(District.objects.none()) == {}

"""Suggestions from the app's own data (indicators/derived.py), built from the rows they read.

The rules of the draft framework; the 2024 instrument's are in ``test_derived_2024.py``.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from indicators.derived import suggestions_for, suggestions_for_assessment
from indicators.models import Indicator, ItemStatus
from kla_portal import figures
from kla_portal.models import Cluster
from stakeholders.models import Institution, Member, TaskForce, WorkingGroup
from trainings.models import Attendance, Participant, Person, Training
from trainings.plans.models import ActionItem, ActionPlan

MET, PARTLY, NOT_MET = ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.NOT_MET
TODAY = date(2025, 6, 1)
DRAFT_YEAR = 2023  # the last year assessed under the draft framework (2024 has its instrument)


@pytest.fixture
def task_force(balangan):
    task_force = TaskForce.objects.create(
        district=balangan,
        decree_number="188.45/137/Kum/2024",
        decree_date=date(2024, 3, 18),
        valid_from=date(2024, 3, 18),
        valid_until=date(2027, 3, 17),
    )
    for cluster in ["K", "I", "II", "III"]:
        WorkingGroup.objects.create(task_force=task_force, cluster=cluster)
    return task_force


def institutions(district, sector, stages):
    return [
        Institution.objects.create(
            district=district, sector=sector, name=f"{sector.code} {n}", stage=s
        )
        for n, s in enumerate(stages)
    ]


def trained(district, *, institution=None, member=None, present=True):
    training = Training.objects.create(
        district=district,
        title="Pelatihan KHA",
        start_date=date(2025, 3, 1),
        end_date=date(2025, 3, 3),
        status=Training.Status.HELD,
    )
    day = training.days.create(date=date(2025, 3, 1))
    person = Person.objects.create(
        district=district, name="Peserta", institution=institution, member=member
    )
    participant = Participant.objects.create(training=training, person=person)
    Attendance.objects.create(participant=participant, day=day, present=present)
    return person


def test_a_valid_decree_is_met_and_an_expired_one_is_not(task_force, balangan):
    found = suggestions_for(balangan, ["task_force_decree"], today=TODAY)["task_force_decree"]

    assert found.status == MET
    assert found.explanation == "SK 188.45/137/Kum/2024 berlaku sampai 17/03/2027."
    assert found.url == task_force.get_absolute_url()

    later = suggestions_for(balangan, ["task_force_decree"], today=date(2027, 4, 1))
    assert later["task_force_decree"].status == NOT_MET
    assert "sudah berakhir pada 17/03/2027" in later["task_force_decree"].explanation


def test_no_task_force_is_not_met(balangan):
    found = suggestions_for(balangan, ["task_force_decree", "task_force_structure"], today=TODAY)

    assert found["task_force_decree"].status == NOT_MET
    assert found["task_force_decree"].explanation == "Belum ada gugus tugas tercatat."
    assert found["task_force_structure"].status == NOT_MET


def test_four_of_six_working_groups_is_partly_met_naming_the_missing(task_force, balangan):
    found = suggestions_for(balangan, ["task_force_structure"], today=TODAY)
    structure = found["task_force_structure"]

    assert structure.status == PARTLY
    assert structure.explanation.startswith("4 dari 6 kelompok kerja")
    assert str(Cluster.V.label) in structure.explanation

    for cluster in ["IV", "V"]:
        WorkingGroup.objects.create(task_force=task_force, cluster=cluster)
    assert suggestions_for(balangan, ["task_force_structure"])["task_force_structure"].status == MET


def test_the_share_of_schools_at_the_final_stage_sets_the_status(balangan, sectors):
    # The SRA path has 6 milestones: 3 of 5 schools there = 60% -> met.
    institutions(balangan, sectors["sekolah"], [6, 6, 6, 2, 0])
    # Puskesmas: 4 milestones, 1 of 4 there = 25% -> partly; LKSA: none -> not met.
    institutions(balangan, sectors["puskesmas"], [4, 3, 1, 0])
    institutions(balangan, sectors["lksa"], [1, 2])

    found = suggestions_for(
        balangan,
        [
            "sector_stage:sekolah",
            "sector_stage:puskesmas",
            "sector_stage:lksa",
            "sector_stage:masjid",
        ],
        today=TODAY,
    )

    assert found["sector_stage:sekolah"].status == MET
    assert found["sector_stage:sekolah"].explanation.startswith("3 dari 5 ")
    assert "(60%)" in found["sector_stage:sekolah"].explanation
    assert "sector=sekolah" in found["sector_stage:sekolah"].url
    assert found["sector_stage:puskesmas"].status == PARTLY
    assert found["sector_stage:lksa"].status == NOT_MET
    assert found["sector_stage:masjid"].status == ""  # no mosques recorded: no suggestion


def test_trained_people_per_sector_and_in_the_task_force(task_force, balangan, sectors):
    schools = institutions(balangan, sectors["sekolah"], [1, 1, 1, 1])
    trained(balangan, institution=schools[0])
    trained(balangan, institution=schools[1])
    trained(balangan, institution=schools[2], present=False)  # absent every day: not trained
    chair = Member.objects.create(task_force=task_force, name="Ketua", role=Member.Role.KETUA)
    Member.objects.create(task_force=task_force, name="Anggota")
    trained(balangan, member=chair)
    figures.refresh([balangan.code])  # the records were written directly, not by the app

    found = suggestions_for(balangan, ["sector_trained:sekolah", "trained_task_force"], today=TODAY)

    assert found["sector_trained:sekolah"].status == MET  # 2 of 4 schools
    assert found["sector_trained:sekolah"].explanation.startswith("2 dari 4 ")
    assert found["trained_task_force"].status == MET  # 1 of 2 members
    assert found["trained_task_force"].explanation == (
        "1 dari 2 anggota gugus tugas terlatih KHA (50%)."
    )


def test_forum_anak_puspaga_and_apsai_follow_their_milestones(balangan, sectors):
    institutions(balangan, sectors["forum_anak"], [3, 1])
    institutions(balangan, sectors["puspaga"], [1])
    institutions(balangan, sectors["dunia_usaha"], [2, 3, 1, 0])

    found = suggestions_for(balangan, ["forum_anak", "puspaga", "apsai"], today=TODAY)

    assert found["forum_anak"].status == MET
    assert found["puspaga"].status == PARTLY
    assert found["apsai"].status == MET  # 2 of 4 businesses joined the district APSAI
    assert found["apsai"].explanation == "2 dari 4 perusahaan sudah anggota APSAI (50%)."


def test_action_plan_completion_per_indicator(framework, balangan, sectors):
    school = institutions(balangan, sectors["sekolah"], [1])[0]
    plan = ActionPlan.objects.create(district=balangan, owner_institution=school, title="RTL SRA")
    indicator = Indicator.objects.get(framework=framework, number=19)
    due = timezone.localdate() + timedelta(days=30)
    for status in ["done", "done", "done", "in_progress"]:
        ActionItem.objects.create(
            plan=plan,
            activity=f"Kegiatan {status}",
            indicator=indicator,
            due_date=due,
            status=status,
        )

    found = suggestions_for(balangan, ["rtl_completion:19", "rtl_completion:14"])

    assert found["rtl_completion:19"].status == MET  # 3 of 4 = 75%
    assert found["rtl_completion:19"].explanation == (
        "3 dari 4 kegiatan RTL indikator 19 selesai (75%)."
    )
    assert found["rtl_completion:14"].status == ""


def test_the_assessment_gets_suggestions_only_for_items_with_a_source(
    start, task_force, balangan, balangan_admin
):
    assessment = start(balangan, DRAFT_YEAR, balangan_admin)
    assert assessment.framework.code == "perpres-25-2021"

    found = suggestions_for_assessment(assessment, today=TODAY)

    by_code = {
        f"{ia.item.indicator.number}.{ia.item.order}": found[ia.pk]
        for ia in assessment.items.select_related("item__indicator")
        if ia.pk in found
    }
    assert by_code["2.1"].status == MET
    assert "1.1" not in by_code
    assert len(by_code) == assessment.items.exclude(item__derived_source="").count()


def test_suggestions_take_a_fixed_number_of_queries(
    start, task_force, balangan, balangan_admin, sectors, django_assert_max_num_queries
):
    assessment = start(balangan, DRAFT_YEAR, balangan_admin)
    institutions(balangan, sectors["sekolah"], [5] * 30)
    items = list(assessment.items.select_related("item"))

    with django_assert_max_num_queries(14):
        suggestions_for_assessment(assessment, items, today=TODAY)

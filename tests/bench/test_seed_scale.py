from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from bench import baselines, scale
from bench.seed_scale import FOREIGN_DATA, SCALE_DATA_EXISTS, Command
from indicators.models import Assessment, ItemAssessment, OfficialResult
from indicators.scoring import allowed, category_for, score_assessment
from indicators.workflow import framework_for_year
from kla_portal.models import District, Role
from stakeholders.models import Institution, InstitutionMilestone, Member, TaskForce, WorkingGroup
from tests.conftest import make_user
from tests.indicators.filling import fill
from trainings.models import Attendance, Participant, Person, Training, TrainingDay
from trainings.plans.models import ActionItem, ActionPlan, ProgressUpdate

# The three districts `--districts 3 --province 63` picks: the first three by code.
SEEDED = ["63.01", "63.02", "63.03"]
# `--until 2024 --years 2`: 2023 on the draft framework (97 butir), 2024 on the 2024
# instrument (274 questions).
QUESTIONS = {2023: 97, 2024: 274}


@pytest.fixture
def catalogues(regions, sectors, framework):
    """The shipped reference data: the sectors, the draft framework (2023 and before) and
    the 2024 instrument (from 2024). Returns the instrument."""
    return framework_for_year(2024)


def seed(*args):
    call_command(
        Command(),
        "--districts=3",
        "--years=2",
        "--province=63",
        "--until=2024",
        *args,
        stdout=open("/dev/null", "w"),  # noqa: SIM115 (closed with the process; keeps tests quiet)
    )


def snapshot():
    models = [
        Institution,
        InstitutionMilestone,
        TaskForce,
        WorkingGroup,
        Member,
        Training,
        TrainingDay,
        Person,
        Participant,
        Attendance,
        ActionPlan,
        ActionItem,
        ProgressUpdate,
        Assessment,
        ItemAssessment,
        OfficialResult,
    ]
    return {
        "counts": {model.__name__: model.objects.count() for model in models},
        "names": list(Person.objects.order_by("pk").values_list("name", flat=True)[:25]),
        "institutions": list(Institution.objects.order_by("pk").values_list("name", "stage")[:25]),
        "statuses": list(
            ItemAssessment.objects.order_by("pk").values_list("self_status", flat=True)
        ),
    }


def test_it_refuses_to_run_before_the_regions_are_loaded(empty_reference_tables):
    with pytest.raises(CommandError) as error:
        seed()
    assert str(error.value) == str(scale.REGIONS_MISSING)


def test_it_refuses_to_run_before_the_catalogues_are_loaded(regions, without_sectors, framework):
    with pytest.raises(CommandError) as error:
        seed()
    assert str(error.value) == scale.CATALOGUES_MISSING % {"codes": ", ".join(scale.SECTOR_CODES)}


def test_it_refuses_to_run_without_an_indicator_framework(regions, sectors, without_framework):
    with pytest.raises(CommandError) as error:
        seed()
    assert str(error.value) == str(scale.FRAMEWORK_MISSING)


def test_it_refuses_years_no_framework_covers(catalogues):
    with pytest.raises(CommandError) as error:
        seed("--until=2021", "--years=3")  # the draft framework begins in 2021

    assert str(error.value) == scale.NO_FRAMEWORK_FOR_YEARS % {"years": "2019, 2020"}
    assert not scale.scale_rows_exist()


def test_it_generates_a_district_s_whole_programme(catalogues):
    seed()

    assert list(TaskForce.objects.values_list("district", flat=True).order_by("district")) == (
        SEEDED
    )
    assert WorkingGroup.objects.count() == 3 * 6
    per_task_force = TaskForce.objects.annotate(n=Count("members")).values_list("n", flat=True)
    assert all(17 <= n <= 23 for n in per_task_force)

    per_district = Institution.objects.values("district").annotate(n=Count("pk"))
    assert sorted(row["district"] for row in per_district) == SEEDED
    assert all(60 <= row["n"] <= 200 for row in per_district)
    assert set(Institution.objects.values_list("sector", flat=True)) == set(scale.SECTOR_CODES)
    # Every institution sits in a real kecamatan of its own district.
    assert Institution.objects.filter(subdistrict__isnull=True).count() == 0
    for institution in Institution.objects.select_related("subdistrict")[:50]:
        assert institution.subdistrict.district_id == institution.district_id
    # An institution at stage n has reached exactly milestones 1..n.
    reached = dict(Institution.objects.annotate(n=Count("milestones")).values_list("pk", "n"))
    assert reached == dict(Institution.objects.values_list("pk", "stage"))
    assert Institution.objects.filter(stage__gt=0).exists()

    per_year = Training.objects.values("district", "start_date__year").annotate(n=Count("pk"))
    assert len(per_year) == 3 * 2
    assert all(2 <= row["n"] <= 4 for row in per_year)
    seats = Training.objects.annotate(n=Count("participants")).values_list("n", flat=True)
    assert all(25 <= n <= 40 for n in seats)
    days = sum(t.days.count() * t.participants.count() for t in Training.objects.all())
    assert Attendance.objects.count() == days  # every trainee, every day (all held by 2024)
    assert Participant.objects.filter(pre_score__isnull=True).count() == 0
    assert Person.objects.filter(participations__isnull=True).count() == 0

    assert ActionPlan.objects.count() >= Training.objects.count() * 4
    overdue = ActionItem.objects.filter(
        due_date__lt=date.today(), status__in=["planned", "in_progress"]
    )
    assert overdue.exists()
    assert set(ActionItem.objects.values_list("status", flat=True)) == {
        "planned",
        "in_progress",
        "done",
        "cancelled",
    }
    assert ProgressUpdate.objects.filter(item__status="done").exists()

    assert Assessment.objects.count() == 3 * 2
    assert ItemAssessment.objects.count() == 3 * sum(QUESTIONS.values())
    # Last year's assessments are verified; this year's are still the district's own.
    assert not ItemAssessment.objects.filter(assessment__year=2023, verified_status="").exists()
    assert not ItemAssessment.objects.filter(assessment__year=2024).exclude(verified_status="")
    # The verified year has the ministry's result, its category matching its score.
    results = OfficialResult.objects.all()
    assert sorted(results.values_list("district", "year")) == [(code, 2023) for code in SEEDED]
    for result in results:
        assessment = Assessment.objects.get(district=result.district_id, year=result.year)
        assert result.score == score_assessment(assessment, verified=True).total
        assert result.category == category_for(result.score)


def test_each_year_is_assessed_on_its_framework_with_the_answers_each_question_allows(
    catalogues,
):
    seed()

    for year, count in QUESTIONS.items():
        framework = framework_for_year(year)
        assessments = Assessment.objects.filter(year=year)
        assert set(assessments.values_list("framework", flat=True)) == {framework.pk}
        for assessment in assessments:
            assert assessment.items.count() == count
    assert framework_for_year(2024) == catalogues and catalogues.code == "kla-2024"
    rows = ItemAssessment.objects.values_list("item__kind", "self_status", "verified_status")
    for kind, own, checked in rows:
        assert own in allowed(kind), (kind, own)
        assert checked in [*allowed(kind), ""], (kind, checked)
    on_instrument = set(
        ItemAssessment.objects.filter(assessment__year=2024).values_list("self_status", flat=True)
    )
    assert on_instrument == {"met", "q3", "partly", "q1", "not_met"}
    on_draft = set(
        ItemAssessment.objects.filter(assessment__year=2023).values_list("self_status", flat=True)
    )
    assert on_draft == {"met", "partly", "not_met"}


def test_the_benchmarks_raw_sql_scores_as_the_app_does_on_both_frameworks(catalogues):
    seed()
    # Indicator 19's questions add up to 54 points, its maximum is 51: the cap counts.
    capped = Assessment.objects.get(district="63.01", year=2024)
    questions = capped.items.filter(item__indicator__code="19")
    fill(capped, {row.item.full_code: "met" for row in questions.select_related("item__indicator")})
    assert score_assessment(capped).indicators[18].points == 51

    for year in QUESTIONS:
        sql = {
            code: (money(own), money(verified))
            for code, _name, own, verified in baselines.national_totals(year)
        }
        app = {
            a.district_id: (
                score_assessment(a).total,
                score_assessment(a, verified=True).total,
            )
            for a in Assessment.objects.filter(year=year)
        }
        assert sql == app, year
        assert len(app) == 3


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_the_same_seed_gives_the_same_rows(catalogues):
    seed()
    first = snapshot()

    seed("--reset")

    assert snapshot() == first
    assert first["counts"]["Participant"] > 0


def test_another_seed_gives_other_rows(catalogues):
    seed()
    first = snapshot()

    seed("--reset", "--seed=7")

    assert snapshot()["names"] != first["names"]


def test_nothing_is_visible_to_a_foreign_district_admin(
    catalogues, hst_admin, balangan_admin, balikpapan
):
    seed()
    balikpapan_admin = make_user("balikpapan", Role.DISTRICT_ADMIN, district=balikpapan)
    tanah_laut = District.objects.get(code="63.01")
    tanah_laut_admin = make_user("tala", Role.DISTRICT_ADMIN, district=tanah_laut)

    for outsider in (hst_admin, balangan_admin, balikpapan_admin):
        assert set(scale.visible_scale_rows(outsider).values()) == {0}
    own = scale.visible_scale_rows(tanah_laut_admin)
    assert own["trainings"] == Training.objects.filter(district="63.01").count() > 0
    assert own["action_items"] == ActionItem.objects.filter(plan__district="63.01").count() > 0
    assert own["people"] == Person.objects.filter(district="63.01").count()


def test_it_refuses_to_generate_twice_without_reset(catalogues):
    seed()

    with pytest.raises(CommandError) as error:
        seed()

    assert str(error.value) == str(SCALE_DATA_EXISTS)


def test_it_refuses_a_database_with_real_data_unless_forced(catalogues, balangan):
    Training.objects.create(
        district=balangan,
        title="Pelatihan KHA",
        start_date=date(2024, 5, 6),
        end_date=date(2024, 5, 8),
    )

    with pytest.raises(CommandError) as error:
        seed()

    assert str(error.value) == FOREIGN_DATA % {"rows": "pelatihan: 1"}
    assert not scale.scale_rows_exist()


def test_reset_deletes_generated_rows_only(catalogues, balangan, sectors):
    real_task_force = TaskForce.objects.create(
        district_id="63.01",
        decree_number="188.45/12/2023",
        decree_date=date(2023, 1, 5),
        valid_from=date(2023, 1, 5),
    )
    real_school = Institution.objects.create(
        district=balangan, sector=sectors["sekolah"], name="SD Negeri 1 Paringin"
    )
    real_training = Training.objects.create(
        district=balangan,
        title="Pelatihan KHA",
        start_date=date(2024, 5, 6),
        end_date=date(2024, 5, 8),
    )
    real_assessment = Assessment.objects.create(
        district_id="63.02", year=2024, framework=catalogues
    )
    real_result = OfficialResult.objects.create(
        district_id="63.03", year=2023, category="madya", source="SK Menteri PPPA 2023"
    )
    seed("--force")
    # The district's real task force stays the current one; its real assessment stays.
    assert TaskForce.objects.get(district="63.01", is_current=True) == real_task_force
    assert Assessment.objects.get(district="63.02", year=2024) == real_assessment
    assert Assessment.objects.filter(district="63.02").count() == 2
    assert OfficialResult.objects.get(district="63.03", year=2023) == real_result

    seed("--reset", "--districts=0")

    assert list(TaskForce.objects.all()) == [real_task_force]
    assert list(Institution.objects.all()) == [real_school]
    assert list(Training.objects.all()) == [real_training]
    assert list(Assessment.objects.all()) == [real_assessment]
    assert list(OfficialResult.objects.all()) == [real_result]
    for model in (Person, Participant, ActionPlan, ActionItem, ItemAssessment, Member, Attendance):
        assert model.objects.count() == 0, model

from datetime import date

from kla_portal import demo as accounts
from stakeholders import demo
from stakeholders.decrees import decree_validity
from stakeholders.models import Institution, InstitutionMilestone, Member, TaskForce


def test_the_demo_builds_both_districts_and_a_second_run_changes_nothing(regions, sectors):
    accounts.seed()
    demo.seed()
    counts = [m.history.count() for m in (TaskForce, Member, Institution, InstitutionMilestone)]

    assert demo.seed() == [
        "Gugus tugas dan lembaga Balangan: 0 anggota, 0 lembaga baru",
        "Gugus tugas dan lembaga HST: 0 anggota, 0 lembaga baru",
    ]
    assert [m.history.count() for m in (TaskForce, Member, Institution, InstitutionMilestone)] == (
        counts
    )

    balangan = TaskForce.objects.get(district="63.11", is_current=True)
    hst = TaskForce.objects.get(district="63.07", is_current=True)
    assert decree_validity(balangan).state == "valid"
    assert decree_validity(hst).state == "expiring"
    for task_force, account in [(balangan, "gugus.balangan"), (hst, "gugus.hst")]:
        assert 15 <= task_force.members.count() <= 16
        assert task_force.members.filter(role="ketua").count() == 1
        assert task_force.working_groups.count() == 6
        assert task_force.members.get(user__username=account)
        institutions = Institution.objects.filter(district=task_force.district)
        assert 40 <= institutions.count() <= 70
        assert set(institutions.values_list("sector", flat=True)) == set(sectors)
        stages = set(institutions.values_list("stage", flat=True))
        assert 0 in stages and max(stages) >= 3
    apsai = InstitutionMilestone.objects.filter(
        institution__district="63.11", definition__sector="dunia_usaha", definition__order=2
    )
    assert apsai.exists()
    assert set(apsai.values_list("achieved_on", flat=True)) == {date(2025, 7, 29)}

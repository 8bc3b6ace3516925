"""The demo seed: both districts, their task forces, institutions, agencies and operators.
Seeded once for the module; each test's writes are rolled back."""

from datetime import date

import pytest
from django.contrib.auth import authenticate

from kla_portal import demo as accounts
from kla_portal import figures
from kla_portal.models import District
from stakeholders import demo
from stakeholders.decrees import decree_validity
from stakeholders.letterheads import issuer_for
from stakeholders.models import Agency, Institution, InstitutionMilestone, Member, TaskForce

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(module_db):
    # In one batch of figure refreshes, as ``manage.py seed_demo`` runs them (refreshed once,
    # at the end, rather than after each of the hundreds of writes).
    with module_db(), figures.batch():
        accounts.seed()
        demo.seed()


def test_the_demo_builds_both_districts_and_a_second_run_changes_nothing(seeded, sectors):
    models = (TaskForce, Member, Institution, InstitutionMilestone, Agency)
    counts = [m.history.count() for m in models]

    assert demo.seed() == [
        "Gugus tugas dan lembaga Balangan: 0 anggota, 0 lembaga baru",
        "Perangkat daerah Balangan: 0 baru, 0 akun operator baru",
        "Gugus tugas dan lembaga HST: 0 anggota, 0 lembaga baru",
        "Perangkat daerah HST: 0 baru",
        "Kop surat: 0 baru",
    ]
    assert [m.history.count() for m in models] == counts

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


def test_the_demo_gives_balangan_renamed_agencies_and_operators_who_can_sign_in(seeded, rf):
    balangan = Agency.objects.filter(district="63.11")
    assert balangan.count() == Agency.objects.filter(district="63.07").count() == 31
    education = next(a for a in balangan if "Disdik" in a.covers)
    assert (education.short_name, education.name) == (
        "Disdikbud",
        "Dinas Pendidikan dan Kebudayaan",
    )
    assert education.members.exists()
    for username, _name, covered, kecamatan in demo.BALANGAN_OPERATORS:
        request = rf.post("/akun/masuk/")
        account = authenticate(request, username=username, password=accounts.DEMO_PASSWORD)
        assert account, username
        membership = account.memberships.get()
        if covered:
            assert covered in membership.agency.covers
        else:
            assert membership.subdistrict.name == kecamatan
        assert username in "\n".join(demo.demo_logins())


def test_both_demo_districts_can_issue_certificates(seeded):
    for code, city in (("63.11", "Paringin"), ("63.07", "Barabai")):
        issuer = issuer_for(District.objects.get(code=code))
        assert issuer.letterhead.city == city and issuer.letterhead.logo
        assert len(issuer.signatory.nip) == 18

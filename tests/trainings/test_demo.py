"""The demo data holds the Balangan training of August 2025, with a report by sector and gender."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from kla_portal.models import District
from trainings.coverage import coverage_for
from trainings.models import Participant, Person, Training

CORE = ["sekolah", "puskesmas", "masjid", "pesantren", "lksa", "dunia_usaha", "media"]


def test_the_balangan_kha_training_is_in_the_demo_and_its_report_shows_sectors_and_gender(
    demo_world, regions, sectors, client_for
):
    # The first run: demo_world (tests/conftest.py), shared with the other modules on the demo.
    counts = (Person.objects.count(), Participant.objects.count(), Training.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Person.objects.count(), Participant.objects.count(), Training.objects.count()) == (
        counts
    )

    training = Training.objects.get(district="63.11", title="Pelatihan Konvensi Hak Anak (KHA)")
    assert (training.start_date, training.end_date) == (date(2025, 8, 19), date(2025, 8, 21))
    assert training.venue == "Mahligai Mayang Maurai, Paringin"
    assert training.facilitators.filter(name="Sudirman Latief", is_certified=True).exists()
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="balangan")
    response = client_for(admin).get(reverse("trainings:report", args=[training.pk]))
    report = response.context["report"]
    groups = {g.code: g for g in report.groups}
    assert 30 <= report.total.registered <= 40
    for code in CORE:
        assert groups[code].registered > 0, code
    assert report.total.registered_male > 0 and report.total.registered_female > 0
    assert report.total.avg_gain > 0
    assert 0 < report.certificates < report.total.registered
    html = response.content.decode()
    assert 'data-sector="puskesmas"' in html and "Sudirman Latief" in html

    hst_training = Training.objects.get(district="63.07", kind="bimtek")
    assert (hst_training.start_date, hst_training.status) == (date(2023, 12, 8), "held")
    coverage = coverage_for(District.objects.filter(code="63.11"))["63.11"]
    assert all(coverage.sectors[c].trained_people > 0 for c in CORE)

"""Bulk certificates: the PDF of 40 certificates of one training, in under 10 seconds.

Builds a training of 40 participants who attended every day, a letterhead with its
logo and signatory, issues their certificates, then downloads
``/pelatihan/<pk>/sertifikat/pdf/`` through Django's test client as the district
admin: the whole request, queries, QR codes and WeasyPrint included. The first
request (which imports WeasyPrint and loads the fonts) is reported apart from the
median of the next ones. Everything runs inside a transaction that is rolled back,
so the database is left as it was (a district without a letterhead gets one for the run,
whose logo file stays in MEDIA_ROOT); only the regions must be loaded.

    .venv/bin/python bench/certificates.py [--repeat 5] [--participants 40]
"""

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import setup_django, verdict  # noqa: E402

TARGET_SECONDS = 10
ROOT = Path(__file__).resolve().parent.parent
LOGO = ROOT / "stakeholders" / "fixtures" / "demo" / "balangan.png"


class Rollback(Exception):
    pass


def build(participants: int):
    from django.contrib.auth import get_user_model
    from django.core.files import File

    from kla_portal.models import District, Membership, Role
    from stakeholders.letterheads import save_letterhead
    from stakeholders.models import Letterhead
    from trainings import certificates
    from trainings.models import Attendance, Participant, Person, Training, TrainingDay

    district = District.objects.get(code="63.11")
    user = get_user_model().objects.create_user("bench.certificates")
    Membership.objects.create(user=user, role=Role.DISTRICT_ADMIN, district=district)
    if not Letterhead.objects.filter(district=district, agency__isnull=True).exists():
        with LOGO.open("rb") as handle:
            save_letterhead(
                district=district,
                user=user,
                logo=File(handle, name="logo.png"),
                signatories=[
                    (
                        None,
                        {
                            "name": "Dr. H. Rahmadi, S.Sos., M.Si.",
                            "position": "Kepala Dinas PPKBPPPA Kabupaten Balangan",
                            "rank": "Pembina Tingkat I (IV/b)",
                            "nip": "197001011995031002",
                        },
                    )
                ],
                government="PEMERINTAH KABUPATEN BALANGAN",
                office="DINAS PENGENDALIAN PENDUDUK, KELUARGA BERENCANA, "
                "PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK",
                city="Paringin",
                certificate_number_format="400.14/{seq:3}/DPPPA/{month}/{year}",
            )
    training = Training.objects.create(
        district=district,
        title="Bench: Pelatihan Konvensi Hak Anak bagi Satuan Pendidikan",
        start_date=date(2025, 8, 19),
        end_date=date(2025, 8, 21),
        venue="Mahligai Mayang Maurai, Paringin",
        organiser="Dinas PPKBPPPA Kabupaten Balangan",
        hours=30,
    )
    days = TrainingDay.objects.bulk_create(
        TrainingDay(training=training, date=date(2025, 8, day)) for day in (19, 20, 21)
    )
    people = Person.objects.bulk_create(
        Person(
            district=district,
            name=f"Hj. Peserta Bench Nomor {n:02d}, S.Pd.",
            other_organisation=f"SD Negeri {n} Paringin",
        )
        for n in range(1, participants + 1)
    )
    enrolled = Participant.objects.bulk_create(
        Participant(training=training, person=person) for person in people
    )
    Attendance.objects.bulk_create(
        Attendance(participant=participant, day=day) for participant in enrolled for day in days
    )
    issued = certificates.issue_certificates(training=training, user=user, on=date(2025, 8, 28))
    return training, user, len(issued.issued)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--participants", type=int, default=40)
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    try:
        with transaction.atomic():
            training, user, issued = build(args.participants)
            client = Client()
            client.force_login(user)
            url = reverse("trainings:certificates_pdf", args=[training.pk])
            times, cpu = [], []
            for _ in range(args.repeat + 1):
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
                assert response.status_code == 200, response.status_code
            size = len(response.content)
            raise Rollback
    except Rollback:
        pass
    median = statistics.median(times[1:])
    print(
        f"bulk certificates    {issued} pages, {size / 1024:.0f} KB: first {times[0]:.2f} s, "
        f"median {median:.2f} s (CPU {statistics.median(cpu[1:]):.2f} s) of {args.repeat}; "
        f"target < {TARGET_SECONDS} s: {verdict(max(times) < TARGET_SECONDS)}"
    )
    return 0 if max(times) < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())

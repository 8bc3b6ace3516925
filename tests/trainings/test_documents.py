"""The PDFs a training produces, read back as a person would: the certificates (forty in
one file, and one alone) with their QR codes, the training report, a sample certificate.

The training, its 41 participants and their 40 certificates are built once for the module,
and the 40-certificate PDF is rendered once: rendering is what takes the time.
"""

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from kla_portal.models import District, Role
from tests.conftest import make_user
from tests.letterhead_world import KEPALA, make_letterhead, png
from tests.pdf_reading import image_count, need_poppler, pages, qr_codes
from trainings import actions, certificates
from trainings.documents import MAX_PHOTOS
from trainings.models import (
    Attendance,
    Facilitator,
    Participant,
    Person,
    Training,
    TrainingDocument,
)

pytestmark = pytest.mark.django_db
SITE = "https://kla.balangankab.go.id"


@pytest.fixture(scope="module")
def world(module_db):
    need_poppler()
    with module_db(), _site():
        balangan = District.objects.get(code="63.11")
        admin = make_user("balangan", Role.DISTRICT_ADMIN, district=balangan)
        member = make_user("gugus.balangan", Role.TASK_FORCE_MEMBER, district=balangan)
        letterhead = make_letterhead(balangan, admin)
        training = actions.save_training(
            user=admin,
            district=balangan,
            title="Pelatihan Konvensi Hak Anak bagi Satuan Pendidikan",
            kind=Training.Kind.PELATIHAN,
            start_date=date(2025, 8, 19),
            end_date=date(2025, 8, 21),
            venue="Aula Bappelitbangda, Paringin",
            organiser="Dinas PPKBPPPA Kabupaten Balangan",
            hours=30,
            min_days_attended=2,
            status=Training.Status.HELD,
        )
        days = list(training.days.all())
        # 40 who came at least two days (three of them missed one: izin, sakit, no word)
        # and one who came once. Bulk-created: the write functions are tested elsewhere.
        people = Person.objects.bulk_create(
            Person(
                district=balangan,
                name=f"Peserta Nomor {n:02d}",
                other_organisation=f"SD Negeri {n} Paringin",
                gender="P" if n % 2 else "L",
            )
            for n in range(1, 42)
        )
        participants = Participant.objects.bulk_create(
            Participant(
                training=training,
                person=person,
                pre_score=50 + n % 7,
                post_score=70 + n % 9,
            )
            for n, person in enumerate(people, start=1)
        )
        absences = {1: "izin", 2: "sakit", 3: None}
        records = []
        for n, participant in enumerate(participants, start=1):
            for number, day in enumerate(days, start=1):
                if n == 41 and number > 1:
                    continue
                if number == 2 and n in absences:
                    if absences[n]:
                        records.append(
                            Attendance(
                                participant=participant,
                                day=day,
                                present=False,
                                absence=absences[n],
                            )
                        )
                    continue
                records.append(Attendance(participant=participant, day=day))
        Attendance.objects.bulk_create(records)
        Facilitator.objects.create(
            training=training, name="Sudirman Latief", organisation="Yayasan Berlian"
        )
        for n in range(MAX_PHOTOS + 1):
            photo = TrainingDocument(
                training=training, kind=TrainingDocument.Kind.PHOTO, original_name=f"foto-{n}.png"
            )
            photo.file.save(f"foto-{n}.png", ContentFile(png((320, 240), (40 + n * 10, 90, 140))))
        result = certificates.issue_certificates(
            training=training, user=admin, on=date(2025, 8, 28)
        )
        client = Client()
        client.force_login(admin)
        bulk = client.get(reverse("trainings:certificates_pdf", args=[training.pk]))
        return SimpleNamespace(
            training=training,
            admin=admin,
            member=member,
            letterhead=letterhead,
            issued=result.issued,
            below_rule=result.below_rule,
            bulk=bulk,
            bulk_pages=pages(bulk.content),
        )


@pytest.fixture
def media_root(module_media_root):
    return module_media_root  # the logo and photos were saved there once, for the module


def _site():
    from django.test import override_settings

    return override_settings(SITE_URL=SITE)


def test_forty_certificates_come_as_forty_pages_each_with_its_code(world):
    assert world.bulk.status_code == 200
    assert world.bulk["Content-Type"] == "application/pdf"
    assert len(world.issued) == 40 and world.below_rule == ["Peserta Nomor 41"]
    assert len(world.bulk_pages) == 40
    for page, certificate in zip(world.bulk_pages, world.issued, strict=True):
        assert certificate.code in page
        assert certificate.participant.person.name in page
        assert certificate.number in page
    assert "400.14/040/DPPPA/2025" in world.bulk_pages[-1]


def test_a_certificate_names_the_training_its_dates_jp_and_the_signatory(world):
    page = " ".join(world.bulk_pages[0].split())
    assert "SERTIFIKAT" in page.replace(" ", "")  # letter-spaced: pdftotext reads S E R ...
    assert "Peserta Nomor 01" in page and "SD Negeri 1 Paringin" in page
    assert "Pelatihan Konvensi Hak Anak bagi Satuan Pendidikan" in page
    assert "19/08/2025 s.d. 21/08/2025" in page and "30 jam pelajaran (JP)" in page
    assert "Paringin, 28/08/2025" in page
    assert KEPALA["name"] in page and KEPALA["rank"] in page
    assert "NIP. 19700101 199503 1 002" in page
    assert "Nomor: 400.14/001/DPPPA/2025" in page


def test_the_qr_code_opens_the_public_verification_page(world):
    first, last = world.issued[0], world.issued[-1]
    assert qr_codes(world.bulk.content, page=1) == [f"{SITE}/sertifikat/{first.code}/"]
    assert qr_codes(world.bulk.content, page=40) == [f"{SITE}/sertifikat/{last.code}/"]


def test_one_certificate_alone_is_one_page(client_for, world):
    certificate = world.issued[4]
    response = client_for(world.member).get(
        reverse("trainings:certificate", args=[certificate.participant_id])
    )

    assert response.status_code == 200
    (page,) = pages(response.content)
    assert certificate.code in page and "Peserta Nomor 05" in page


def test_a_revoked_certificate_is_left_out_of_the_pdfs(client_for, world):
    certificate = world.issued[0]
    certificates.revoke_certificate(certificate=certificate, reason="Uji", user=world.admin)
    client = client_for(world.admin)

    alone = client.get(reverse("trainings:certificate", args=[certificate.participant_id]))

    assert alone.status_code == 404


def test_the_report_has_the_letterhead_attendance_by_day_scores_photos_and_signature(
    client_for, world
):
    response = client_for(world.member).get(
        reverse("trainings:report_pdf", args=[world.training.pk])
    )

    assert response.status_code == 200
    text = " ".join(" ".join(pages(response.content)).split())
    assert "PEMERINTAH KABUPATEN BALANGAN" in text and "LAPORAN KEGIATAN" in text
    assert "Peserta Nomor 01" in text and "Peserta Nomor 41" in text
    assert "H = hadir · I = izin · S = sakit · A = tanpa keterangan" in text
    assert "Sudirman Latief" in text
    assert "Pre-test" in text and "Post-test" in text
    assert "NIP. 19700101 199503 1 002" in text and KEPALA["name"] in text
    assert "Halaman 1 dari" in text
    assert image_count(response.content) == MAX_PHOTOS + 1  # the photos and the logo


def test_the_report_marks_each_day_h_i_s_or_a(world):
    from django.utils import timezone

    from trainings.documents import attendance_rows

    rows = {
        row.participant.person.name: row.marks
        for row in attendance_rows(
            world.training, list(world.training.days.all()), timezone.localdate()
        )
    }
    assert rows["Peserta Nomor 01"] == ["H", "I", "H"]
    assert rows["Peserta Nomor 02"] == ["H", "S", "H"]
    assert rows["Peserta Nomor 03"] == ["H", "A", "H"]
    assert rows["Peserta Nomor 41"] == ["H", "A", "A"]


def test_a_sample_certificate_shows_the_letterhead_before_anything_is_issued(client_for, world):
    response = client_for(world.admin).get(
        reverse("trainings:certificate_sample", args=[world.letterhead.pk])
    )

    assert response.status_code == 200
    (page,) = pages(response.content)
    assert "CONTOH" in page and KEPALA["name"] in page
    assert "400.14/007/DPPPA/" in page


def test_the_documents_read_no_file_outside_the_static_folder():
    from kla_portal.pdf import _fetcher

    fetcher = _fetcher()
    for url in (
        "file:///etc/passwd",
        f"{settings.BASE_DIR.as_uri()}/db.sqlite3",
        "http://127.0.0.1/",
        "file:///work/main/static/../manage.py",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_photos_are_shrunk_to_print_size():
    from PIL import Image

    from trainings.documents import PHOTO_PIXELS, _print_size

    document = SimpleNamespace(
        file=SimpleNamespace(open=lambda mode: io.BytesIO(png((4000, 3000))))
    )
    data = _print_size(document)
    import base64

    with Image.open(io.BytesIO(base64.b64decode(data.split(",", 1)[1]))) as image:
        assert max(image.size) == PHOTO_PIXELS

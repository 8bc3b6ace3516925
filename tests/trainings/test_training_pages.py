"""The training pages: what they show and save, and their query counts.

Who may open each page, as every role, is a row of tests/test_authorization_matrix.py.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.trainings.conftest import xlsx
from trainings import actions
from trainings.models import Attendance, Participant, Person, Training
from trainings.people import PersonDetails


def enrol(training, user, count, institution=None):
    for n in range(count):
        participant, _ = actions.add_participant(
            training=training,
            details=PersonDetails(
                name=f"Peserta {training.pk}-{n}",
                gender="LP"[n % 2],
                institution=institution,
                sector=institution.sector if institution else None,
                other_organisation="" if institution else "Bappeda",
            ),
            user=user,
            pre_score=50 + n % 10,
            post_score=70 + n % 10,
        )
        for day in training.days.all()[: 1 + n % 3]:
            Attendance.objects.create(participant=participant, day=day)


def test_the_admin_logs_a_training_with_typed_dates(client_for, balangan, balangan_admin):
    response = client_for(balangan_admin).post(
        reverse("trainings:create", args=[balangan.code]),
        {
            "title": "Pelatihan KHA Sekolah",
            "kind": "pelatihan",
            "status": "planned",
            "start_date": "19/08/2025",
            "end_date": "21/08/2025",
            "venue": "Paringin",
        },
    )
    training = Training.objects.get()
    assert response.status_code == 302 and response.url == training.get_absolute_url()
    assert training.days.count() == 3


def test_a_member_cannot_post_attendance(client_for, training, balangan_member):
    url = reverse("trainings:attendance", args=[training.pk, 1])
    assert client_for(balangan_member).post(url, {"present": []}).status_code == 403


def test_attendance_and_scores_are_saved_from_their_pages(client_for, training, balangan_admin):
    enrol(training, balangan_admin, 2)
    ahmad, siti = Participant.objects.order_by("person__name")
    client = client_for(balangan_admin)

    client.post(reverse("trainings:attendance", args=[training.pk, 2]), {"present": [siti.pk]})
    response = client.post(
        reverse("trainings:scores", args=[training.pk]),
        {
            f"pre-{ahmad.pk}": "40",
            f"post-{ahmad.pk}": "85,5",
            f"pre-{siti.pk}": "",
            f"post-{siti.pk}": "90",
        },
    )

    assert response.status_code == 302
    day2 = training.days.all()[1]
    assert list(
        Attendance.objects.filter(day=day2, present=True).values_list("participant", flat=True)
    ) == [siti.pk]
    ahmad.refresh_from_db()
    siti.refresh_from_db()
    assert (str(ahmad.pre_score), str(ahmad.post_score)) == ("40.00", "85.50")
    assert siti.pre_score is None and siti.post_score == 90


def test_an_unreadable_score_saves_nothing_and_says_why(client_for, training, balangan_admin):
    enrol(training, balangan_admin, 1)
    participant = Participant.objects.get()
    response = client_for(balangan_admin).post(
        reverse("trainings:scores", args=[training.pk]),
        {f"pre-{participant.pk}": "abc", f"post-{participant.pk}": "90"},
    )
    assert response.status_code == 200
    assert "angka &#x27;abc&#x27; tidak terbaca" in response.content.decode()
    participant.refresh_from_db()
    assert participant.post_score == 79 - 9  # unchanged (70 from enrol)


def test_bulk_lines_add_people_and_unreadable_lines_are_reported(
    client_for, training, institutions, balangan_admin
):
    client = client_for(balangan_admin)
    url = reverse("trainings:participants_bulk", args=[training.pk])
    bad = client.post(url, {"lines": "Ahmad; L; SDN Paringin 1; 0812 1111 2222\nSiti; X; Dinsos"})
    assert "baris 2: jenis kelamin &#x27;X&#x27; tidak terbaca (pakai L atau P)" in (
        bad.content.decode()
    )
    assert Person.objects.count() == 0

    client.post(url, {"lines": "Ahmad; L; sdn paringin 1; 0812 1111 2222\n\nSiti; P; Dinsos"})

    ahmad, siti = Person.objects.order_by("name")
    assert (ahmad.institution, ahmad.phone) == (institutions["sdn1"], "+6281211112222")
    assert (siti.gender, siti.other_organisation) == ("P", "Dinsos")
    assert training.participants.count() == 2


def test_the_import_goes_through_upload_preview_and_confirm(client_for, training, balangan_admin):
    client = client_for(balangan_admin)
    upload = xlsx([["Daftar hadir"], ["Nama", "JK", "Hari 2"], ["Ahmad", "L", 1], ["Budi", "?", 1]])

    response = client.post(reverse("trainings:import", args=[training.pk]), {"file": upload})
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert "jenis kelamin &#x27;?&#x27; tidak terbaca" in preview.content.decode()
    assert Person.objects.count() == 0
    token = preview.context["token"]

    refused = client.post(reverse("trainings:import_confirm", args=[training.pk]), {"token": token})
    assert Person.objects.count() == 0
    assert refused.status_code == 302
    done = client.post(
        reverse("trainings:import_confirm", args=[training.pk]), {"token": token, "valid_only": "1"}
    )
    assert done.url == training.get_absolute_url()
    assert list(Person.objects.values_list("name", flat=True)) == ["Ahmad"]
    assert Attendance.objects.get().day.date == date(2025, 8, 20)


def test_another_session_cannot_use_the_stashed_file(
    client_for, client, training, balangan_admin, django_user_model
):
    upload = xlsx([["Nama"], ["Ahmad"]])
    response = client_for(balangan_admin).post(
        reverse("trainings:import", args=[training.pk]), {"file": upload}
    )
    client.logout()
    client.force_login(balangan_admin)  # a new session
    assert client.get(response.url).status_code == 302


def test_the_list_shows_upcoming_and_past_and_filters(
    client_for, balangan, balangan_admin, training
):
    today = timezone.localdate()
    actions.save_training(
        user=balangan_admin,
        district=balangan,
        title="Sosialisasi SRA",
        kind="sosialisasi",
        start_date=today + timedelta(days=10),
        end_date=today + timedelta(days=10),
    )
    client = client_for(balangan_admin)
    url = reverse("trainings:list", args=[balangan.code])

    response = client.get(url)
    assert [t.title for t in response.context["upcoming"]] == ["Sosialisasi SRA"]
    assert [t.title for t in response.context["past"]] == ["Pelatihan KHA Balangan"]
    filtered = client.get(url, {"kind": "sosialisasi"})
    assert [t.title for t in filtered.context["past"]] == []
    assert client.get(url, {"q": "kha", "year": 2025}).context["past"][0] == training
    calendar = client.get(reverse("trainings:calendar", args=[balangan.code]))
    assert "Sosialisasi SRA" in calendar.content.decode()


def _trainings(district, user, count):
    for n in range(count):
        training = actions.save_training(
            user=user,
            district=district,
            title=f"Pelatihan {n}",
            start_date=date(2024, 1, 1) + timedelta(days=n),
            end_date=date(2024, 1, 2) + timedelta(days=n),
        )
        enrol(training, user, 2)


@pytest.mark.parametrize("count", [3, 25])
def test_the_list_runs_a_fixed_number_of_queries(
    client_for, balangan, balangan_admin, count, django_assert_max_num_queries
):
    _trainings(balangan, balangan_admin, count)
    client = client_for(balangan_admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("trainings:list", args=[balangan.code])).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_report_and_detail_run_a_fixed_number_of_queries(
    client_for, training, institutions, balangan_admin, count, django_assert_max_num_queries
):
    enrol(training, balangan_admin, count, institutions["pkm"])
    actions.add_facilitator(training=training, user=balangan_admin, name="Sudirman Latief")
    client = client_for(balangan_admin)
    with django_assert_max_num_queries(13):  # +1: the navbar's notice and queue counts
        assert client.get(reverse("trainings:report", args=[training.pk])).status_code == 200
    with django_assert_max_num_queries(13):  # +1: the download's trace (activity.download)
        assert client.get(reverse("trainings:report_xlsx", args=[training.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("trainings:training", args=[training.pk])).status_code == 200


def test_the_report_counts_by_sector_and_gender(client_for, training, institutions, balangan_admin):
    enrol(training, balangan_admin, 4, institutions["pkm"])  # L P L P; days 1,2,3,1
    enrol(training, balangan_admin, 1)  # one from Bappeda: "Lainnya"
    report = client_for(balangan_admin).get(reverse("trainings:report", args=[training.pk]))
    groups = {g.code: g for g in report.context["report"].groups}

    puskesmas = groups["puskesmas"]
    assert (puskesmas.registered_male, puskesmas.registered_female) == (2, 2)
    assert puskesmas.per_day == [4, 2, 1]
    assert str(puskesmas.avg_pre) == "51.5" and str(puskesmas.avg_gain) == "20.0"
    assert groups["lainnya"].registered == 1
    assert report.context["report"].total.registered == 5


def test_merge_page_merges_two_people(client_for, balangan, balangan_admin):
    keep = Person.objects.create(district=balangan, name="Ahmad Fauzi")
    merge = Person.objects.create(district=balangan, name="ahmad fauzi")
    client = client_for(balangan_admin)
    page = client.get(reverse("trainings:people_merge", args=[balangan.code]))
    assert page.context["duplicates"] == [[keep, merge]]

    client.post(
        reverse("trainings:people_merge", args=[balangan.code]),
        {"keep": keep.pk, "merge": merge.pk},
    )

    merge.refresh_from_db()
    assert (merge.is_active, merge.merged_into) == (False, keep)


def test_documents_are_served_only_to_readers(
    client, client_for, training, hst_admin, balangan_admin, balangan_member
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF")
    client_for(balangan_admin).post(
        reverse("trainings:document_add", args=[training.pk]), {"kind": "agenda", "file": pdf}
    )
    document = training.documents.get()
    url = reverse("trainings:document", args=[document.pk])
    assert client_for(hst_admin).get(url).status_code == 404
    assert client_for(balangan_member).get(url).status_code == 200

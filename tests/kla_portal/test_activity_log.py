from django.urls import reverse

from stakeholders.models import Agency, Institution


def make_school(district, sector, user, name="SDN 1 Paringin"):
    school = Institution(district=district, sector=sector, name=name)
    school._history_user = user
    school.save()
    return school


def deactivate(obj, user):
    obj.is_active = False
    obj._history_user = user
    obj.save()


def test_the_log_lists_who_changed_what_in_the_district(
    client_for, balangan_admin, balangan, hst, hst_admin, sectors
):
    school = make_school(balangan, sectors["sekolah"], balangan_admin)
    school.name = "SD Negeri 1 Paringin"
    school._history_user = balangan_admin
    school.save()
    make_school(hst, sectors["sekolah"], hst_admin, name="SDN Barabai")

    response = client_for(balangan_admin).get(reverse("activity_log", args=["63.11"]))

    entries = response.context["entries"]
    assert [(e.action, e.object_label, e.who) for e in entries] == [
        ("diubah", "SD Negeri 1 Paringin", "balangan"),
        ("dibuat", "SDN 1 Paringin", "balangan"),
    ]
    assert "SDN Barabai" not in response.content.decode()


def test_the_log_filters_by_user_and_object_type(
    client_for, balangan_admin, superuser, balangan, sectors
):
    make_school(balangan, sectors["sekolah"], balangan_admin)
    make_school(balangan, sectors["masjid"], superuser, name="Masjid Agung")
    client = client_for(balangan_admin)
    url = reverse("activity_log", args=["63.11"])

    by_user = client.get(url, {"user": balangan_admin.pk}).context["entries"]
    by_type = client.get(url, {"object_type": "trainings.training"}).context["entries"]

    assert [e.object_label for e in by_user] == ["SDN 1 Paringin"]
    assert by_type == []


def test_the_log_runs_a_fixed_number_of_queries(
    client_for, balangan_admin, balangan, sectors, django_assert_max_num_queries
):
    for i in range(30):
        make_school(balangan, sectors["sekolah"], balangan_admin, name=f"SD {i}")
    client = client_for(balangan_admin)
    # The admin also sees the archive (a query per model that can be deactivated).
    with django_assert_max_num_queries(55):
        client.get(reverse("activity_log", args=["63.11"]))


def test_a_deleted_then_restored_institution_keeps_its_history(
    client_for, balangan_admin, superuser, balangan, sectors
):
    school = make_school(balangan, sectors["sekolah"], balangan_admin)
    deactivate(school, balangan_admin)
    client = client_for(superuser)
    log = client.get(reverse("activity_log", args=["63.11"]))
    assert [obj for _label, obj in log.context["archived"]] == [school]

    log_url = reverse("activity_log", args=["63.11"])
    response = client.post(
        reverse("restore", args=["stakeholders.institution", school.pk]), {"next": log_url}
    )

    assert response.url == log_url
    school.refresh_from_db()
    assert school.is_active
    history = list(school.history.order_by("history_date"))
    assert [h.is_active for h in history] == [True, False, True]
    assert [h.history_user for h in history] == [balangan_admin, balangan_admin, superuser]


def test_the_districts_admin_restores_from_its_log_and_the_log_records_it(
    client_for, balangan_admin, balangan, sectors
):
    school = make_school(balangan, sectors["sekolah"], balangan_admin)
    deactivate(school, balangan_admin)
    client = client_for(balangan_admin)
    log_url = reverse("activity_log", args=["63.11"])
    assert [obj for _label, obj in client.get(log_url).context["archived"]] == [school]

    response = client.post(reverse("restore", args=["stakeholders.institution", school.pk]))

    # No return address: back to the log, which every restorable record is listed on.
    assert response.status_code == 302
    assert response.url == log_url
    school.refresh_from_db()
    assert school.is_active
    entries = client.get(log_url).context["entries"]
    assert (entries[0].action, entries[0].object_label, entries[0].who) == (
        "diubah",
        "SDN 1 Paringin",
        "balangan",
    )


def test_a_record_without_a_page_of_its_own_is_restored_without_a_return_address(
    client_for, balangan_admin, balangan
):
    agency = Agency.objects.create(
        district=balangan, short_name="Dinkes", name="Dinas Kesehatan", is_active=False
    )

    response = client_for(balangan_admin).post(
        reverse("restore", args=["stakeholders.agency", agency.pk]), {"next": "zzz"}
    )

    assert response.status_code == 302
    assert response.url == reverse("activity_log", args=["63.11"])
    agency.refresh_from_db()
    assert agency.is_active


def test_another_districts_admin_cannot_restore(
    client_for, balangan_admin, hst_admin, balangan, sectors
):
    school = make_school(balangan, sectors["sekolah"], balangan_admin)
    deactivate(school, balangan_admin)

    response = client_for(hst_admin).post(
        reverse("restore", args=["stakeholders.institution", school.pk])
    )

    assert response.status_code == 404
    school.refresh_from_db()
    assert not school.is_active

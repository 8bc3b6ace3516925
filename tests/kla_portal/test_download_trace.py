"""Downloads leave a trace: who took which workbook or CSV, when, of which region
(issue 20, finding 9), on the activity log of every district whose records it holds.

That every download view records itself is shown by
tests/test_export_formulas.py::test_every_download_leaves_one_trace, over the URL walk.
"""

from django.urls import reverse

from kla_portal.models import Download

YEAR = 2025


def download(client, name, *args):
    response = client.get(reverse(name, args=[*args, YEAR]))
    assert response.status_code == 200
    return response


def log_of(client, code, **query):
    return client.get(reverse("activity_log", args=[code]), query).context["entries"]


def test_a_district_workbook_is_recorded_with_who_took_it_and_its_district(
    client_for, evaluator, balangan
):
    download(client_for(evaluator), "indicators:export_district", "63.11")

    record = Download.objects.get()
    assert (record.user, record.file_name, record.district, record.province_id) == (
        evaluator,
        "evaluasi-kla-kabupaten-63-11-2025.xlsx",
        balangan,
        "63",
    )
    assert record.downloaded_at is not None


def test_the_district_admin_and_the_evaluator_see_it_on_the_log(
    client_for, evaluator, balangan_admin, balangan
):
    download(client_for(evaluator), "indicators:export_district_csv", "63.11")

    for reader in (balangan_admin, evaluator):
        entries = log_of(client_for(reader), "63.11")
        assert [(e.action, e.who, e.object_type, e.object_label) for e in entries] == [
            (
                "diunduh",
                "evaluator",
                "Unduhan",
                "evaluasi-kla-kabupaten-63-11-2025.zip (Kabupaten Balangan)",
            )
        ]


def test_a_province_or_national_file_shows_on_the_log_of_each_district_it_holds(
    client_for, evaluator, kalsel_coordinator, balangan_admin, balangan, hst, hst_admin
):
    download(client_for(kalsel_coordinator), "indicators:export_province_csv", "63")
    download(client_for(evaluator), "indicators:export_national")
    download(client_for(balangan_admin), "indicators:export_district", "63.11")
    download(client_for(evaluator), "indicators:export_province", "64")  # Kalimantan Timur

    labels = [e.object_label for e in log_of(client_for(hst_admin), "63.07")]

    # Hulu Sungai Tengah's records are in the province's and the nation's files only.
    assert labels == [
        "evaluasi-kla-nasional-2025.xlsx (Indonesia)",
        "evaluasi-kla-provinsi-63-2025.zip (Kalimantan Selatan)",
    ]
    assert len(log_of(client_for(balangan_admin), "63.11")) == 3


def test_the_log_filters_downloads_by_user_and_by_type(
    client_for, evaluator, balangan_admin, balangan
):
    download(client_for(evaluator), "indicators:export_district", "63.11")
    download(client_for(balangan_admin), "indicators:export_district_csv", "63.11")
    client = client_for(balangan_admin)

    by_user = log_of(client, "63.11", user=balangan_admin.pk)
    by_type = log_of(client, "63.11", object_type="kla_portal.download")
    other_type = log_of(client, "63.11", object_type="trainings.training")

    assert [e.who for e in by_user] == ["balangan"]
    assert len(by_type) == 2
    assert other_type == []

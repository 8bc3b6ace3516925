from datetime import date

from django.urls import reverse

from stakeholders.actions import add_member, record_milestone, register_institution


def test_the_overview_counts_members_per_group_and_institutions_per_sector_and_stage(
    client_for, balangan_member, balangan, balangan_admin, task_force, member, school, sectors
):
    add_member(task_force=task_force, user=balangan_admin, name="Ketua", role="ketua")
    mosque = register_institution(
        district=balangan, user=balangan_admin, sector=sectors["masjid"], name="Masjid Agung"
    )
    for step in sectors["masjid"].milestones.all():
        record_milestone(
            institution=mosque, definition=step, achieved_on=date(2025, 1, 1), user=balangan_admin
        )

    response = client_for(balangan_member).get(reverse("stakeholders:overview", args=["63.11"]))

    per_group = {(g.value if g else None): n for g, n in response.context["per_group"]}
    assert per_group == {None: 1, "K": 0, "I": 0, "II": 0, "III": 1, "IV": 0, "V": 0}
    rows = {r.sector.code: r for r in response.context["rows"]}
    assert rows["sekolah"].by_stage == [1, 0, 0, 0, 0, 0, 0]  # stage 0 and the six SRA steps
    assert (rows["masjid"].total, rows["masjid"].complete, rows["masjid"].by_stage[3]) == (1, 1, 1)
    chart = response.context["chart"]
    assert chart["series"][2]["data"][chart["labels"].index("Rumah ibadah")] == 1
    html = response.content.decode()
    assert 'id="sector-chart-data"' in html
    assert "js/stakeholders-overview.js" in html
    assert "<script>" not in html.replace('<script id="sector-chart-data"', "")


def test_the_overview_runs_a_fixed_number_of_queries(
    client_for, balangan_admin, balangan, sectors, task_force, django_assert_max_num_queries
):
    client = client_for(balangan_admin)
    url = reverse("stakeholders:overview", args=["63.11"])
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for i in range(40):
        register_institution(
            district=balangan, user=balangan_admin, sector=sectors["media"], name=f"Radio {i}"
        )
        add_member(task_force=task_force, user=balangan_admin, name=f"Anggota {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_district_hub_card_shows_counts_and_links(client_for, balangan_member, world):
    response = client_for(balangan_member).get(reverse("district", args=["63.11"]))
    html = response.content.decode()
    card = html[html.index('data-testid="stakeholders-card"') :]
    assert "188.45/112/2024" in card
    assert reverse("stakeholders:institution_list", args=["63.11"]) in card
    assert reverse("stakeholders:overview", args=["63.11"]) in card
    assert "col-12 col-md-6 col-xl-3" in html


def test_the_hub_card_invites_to_record_a_task_force_when_there_is_none(client_for, balangan_admin):
    html = client_for(balangan_admin).get(reverse("district", args=["63.11"])).content.decode()
    assert "Belum ada gugus tugas yang tercatat." in html

"""Must-show 1: a district admin builds the task force and registers all seven sectors."""

import re

import pytest
from playwright.sync_api import expect

from stakeholders.models import Institution, Member, TaskForce

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBERS = [
    ("Drs. H. Sutikno, M.Si", "Sekretaris Daerah", "Sekretariat Daerah", "Ketua", None),
    ("Ir. Rusdiansyah", "Kepala Bappeda", "Bappeda", "Wakil ketua", None),
    ("Hj. Rahmawati, S.Sos", "Kepala Dinas PPKBPPPA", "Dinas PPKBPPPA", "Sekretaris", None),
    (
        "dr. Lina Marlina",
        "Kepala Bidang Kesmas",
        "Dinas Kesehatan",
        "Koordinator klaster",
        "Klaster III: Kesehatan dasar dan kesejahteraan",
    ),
    (
        "Muhammad Ridwan, S.Pd",
        "Kepala Bidang PAUD",
        "Dinas Pendidikan",
        "Anggota",
        "Klaster IV: Pendidikan, pemanfaatan waktu luang, dan kegiatan budaya",
    ),
]
INSTITUTIONS = [
    ("Satuan pendidikan (sekolah/madrasah)", "SD Negeri 1 Paringin", "Paringin"),
    ("Puskesmas", "Puskesmas Paringin", "Paringin"),
    ("Rumah ibadah", "Masjid Agung Al-Akbar Balangan", "Paringin Selatan"),
    ("Pondok pesantren", "Pondok Pesantren Darul Ulum", "Juai"),
    ("LKSA (panti asuhan)", "Panti Asuhan Al-Hidayah", "Batu Mandi"),
    ("Dunia usaha", "PT Adaro Indonesia", "Tebing Tinggi"),
    ("Media massa", "Radio Suara Balangan", "Paringin"),
]


def field(page, label):
    """A form field by its exact label; crispy-forms marks required ones with '*'."""
    return page.get_by_label(re.compile(r"^\s*" + re.escape(label) + r"\*?\s*$"))


def test_a_district_admin_builds_a_task_force_and_registers_all_seven_sectors(
    balangan_admin, sectors, login, page, live_server
):
    login("balangan")
    card = page.get_by_test_id("stakeholders-card")
    card.get_by_role("link", name="Gugus tugas").click()
    page.get_by_role("link", name="Bentuk gugus tugas").click()

    field(page, "Nomor SK").fill("188.45/112/2024")
    field(page, "Tanggal SK").fill("12/02/2024")
    field(page, "Berlaku mulai").fill("12/02/2024")
    field(page, "Berlaku sampai").fill("31/12/2099")
    field(page, "Sekretariat").fill("Dinas PPKBPPPA, Bidang PPPA")
    field(page, "OPD koordinator Kelembagaan").fill("Bappeda")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("decree-validity")).to_contain_text("SK berlaku sampai 31/12/2099")

    page.get_by_role("link", name="Tambah anggota").click()
    for name, position, agency, role, group in MEMBERS:
        field(page, "Nama").fill(name)
        field(page, "Jabatan").fill(position)
        field(page, "Instansi/OPD").fill(agency)
        field(page, "Peran").select_option(label=role)
        if group:
            field(page, "Kelompok kerja").select_option(label=group)
        page.get_by_role("button", name="Simpan dan tambah lagi").click()
        expect(page.get_by_role("alert").first).to_contain_text(f"Anggota {name} disimpan.")
    page.get_by_role("link", name="Batal").click()

    expect(page.get_by_test_id("chair")).to_have_text("Drs. H. Sutikno, M.Si (Sekretaris Daerah)")
    expect(page.get_by_test_id("group-III")).to_contain_text("dr. Lina Marlina")
    expect(page.get_by_test_id("group-IV")).to_contain_text("Muhammad Ridwan, S.Pd")

    page.goto(f"{live_server.url}/kabupaten/63.11/")
    page.get_by_test_id("stakeholders-card").get_by_role("link", name="Lembaga per sektor").click()
    page.get_by_role("link", name="Daftarkan lembaga").click()
    for sector, name, kecamatan in INSTITUTIONS:
        field(page, "Sektor").select_option(label=sector)
        field(page, "Nama").fill(name)
        field(page, "Kecamatan").select_option(label=kecamatan)
        page.get_by_role("button", name="Simpan dan tambah lagi").click()
        expect(page.get_by_role("alert").first).to_contain_text(f"Lembaga {name} disimpan.")
    page.get_by_role("link", name="Batal").click()

    table = page.get_by_test_id("institutions")
    expect(table.locator("tbody tr")).to_have_count(7)
    for sector, name, _kecamatan in INSTITUTIONS:
        expect(table.get_by_role("row", name=name)).to_contain_text(sector)

    task_force = TaskForce.objects.get()
    assert task_force.district_id == "63.11" and task_force.is_current
    assert Member.objects.filter(task_force=task_force).count() == len(MEMBERS)
    assert sorted(Institution.objects.values_list("sector_id", flat=True)) == sorted(
        ["sekolah", "puskesmas", "masjid", "pesantren", "lksa", "dunia_usaha", "media"]
    )
    assert {i.history.get().history_user.username for i in Institution.objects.all()} == {
        "balangan"
    }

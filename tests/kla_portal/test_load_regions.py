from io import StringIO

from django.core.management import call_command

from kla_portal.models import District, Province, Subdistrict


def test_it_loads_every_province_district_and_subdistrict(empty_reference_tables):
    call_command("load_regions", stdout=StringIO())

    assert Province.objects.count() == 38
    assert District.objects.count() == 514
    assert Subdistrict.objects.count() == 7285
    balangan = District.objects.get(code="63.11")
    assert balangan.name == "Kabupaten Balangan"
    assert balangan.kind == District.Kind.KABUPATEN
    assert balangan.province.name == "Kalimantan Selatan"
    assert District.objects.get(code="63.71").kind == District.Kind.KOTA
    assert Subdistrict.objects.get(code="63.11.01").district_id == "63.11"


def test_running_it_again_changes_nothing(empty_reference_tables, capsys):
    call_command("load_regions")
    before = list(District.objects.values_list("code", "name", "kind", "province_id"))
    capsys.readouterr()

    call_command("load_regions")

    out = capsys.readouterr().out
    assert "provinsi: 38 (0 baru)" in out
    assert "kabupaten/kota: 514 (0 baru)" in out
    assert "kecamatan: 7285 (0 baru)" in out
    assert list(District.objects.values_list("code", "name", "kind", "province_id")) == before

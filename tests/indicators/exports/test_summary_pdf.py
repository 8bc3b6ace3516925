"""The assessment summary PDF (``/penilaian/<pk>/ringkasan.pdf``): each indicator's points
at each completed stage, the stage totals and the district's signatory, read back with
pdftotext; a stage not completed has no column and no total."""

import re
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import reverse

from indicators.scoring import score_assessment
from indicators.summary_pdf import build_summary
from tests.indicators.stage_rows import EM
from tests.letterhead_world import KEPALA, make_letterhead

from .conftest import make_assessment

POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="pdfinfo/pdftotext not found (apt-get install -y poppler-utils)"
)


def pdf_text(data: bytes, tmp_path) -> tuple[str, int]:
    path = tmp_path / "ringkasan.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return text, int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def shown(points) -> str:
    """Points as the document prints them: Indonesian decimals, whole numbers without."""
    return floatformat(points, -2)


def url(assessment) -> str:
    return reverse("indicators:assessment_summary_pdf", args=[assessment.pk])


def test_it_needs_a_login(client, balangan_world):
    response = client.get(url(balangan_world))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_districts_assessment_is_not_found(client, balangan_world, hst_admin):
    client.force_login(hst_admin)

    assert client.get(url(balangan_world)).status_code == 404


@needs_poppler
def test_it_prints_each_indicator_at_the_completed_stages_over_the_signatory(
    client, balangan_world, balangan, balangan_member, balangan_admin, tmp_path
):
    make_letterhead(balangan, balangan_admin, logo=False)
    own = score_assessment(balangan_world)
    verified = score_assessment(balangan_world, verified=True)
    client.force_login(balangan_member)  # a reader of the assessment, not its manager

    response = client.get(url(balangan_world))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="ringkasan-penilaian-kabupaten-balangan-2025.pdf"'
        in response["Content-Disposition"]
    )
    text, pages = pdf_text(response.content, tmp_path)
    assert pages == 2  # the stages and the 31 indicators in their 7 groups, the signature
    flat = re.sub(r"\s+", " ", text)
    for expected in (
        "DINAS PPKBPPPA KABUPATEN BALANGAN",
        "RINGKASAN HASIL PENILAIAN KLA",
        "Kabupaten Balangan · Tahun penilaian 2025",
        "Kalimantan Selatan",
        KEPALA["name"],
        KEPALA["position"],
        "NIP. 19700101 199503 1 002",
        "Paringin, ",
        "Halaman 1 dari 2",
    ):
        assert expected in flat, expected
    totals = rf"Total nilai\s+1000\s+{shown(own.total)}\s+{shown(verified.total)}\n"
    assert re.search(totals, text)
    for indicator, checked in zip(own.indicators, verified.indicators, strict=True):
        code, most = re.escape(indicator.code), re.escape(shown(indicator.max_points))
        points = rf"\s+{shown(indicator.points)}\s+{shown(checked.points)}\n"
        row = rf"^\s*{code}\s[^\n]*?{most}{points}"
        assert re.search(row, text, re.MULTILINE), indicator.code
    assert own.indicators[0].name[:30] in flat


def test_a_stage_not_completed_has_no_column_and_no_total(balangan, instrument):
    """Only the EM completed: the VA's running total (the verifier's answers are in)
    must not show before the province completes it."""
    assessment = make_assessment(balangan, instrument, evidence=False, completed=(EM,))

    summary = build_summary(assessment)

    assert summary.headings == ["EM"]
    assert summary.totals == [score_assessment(assessment).total]
    assert [(s.heading, s.completed, s.total) for s in summary.stages] == [
        ("EM", True, score_assessment(assessment).total),
        ("VA", False, None),
        ("VL", False, None),
        ("Akhir", False, None),
    ]
    assert all(len(row.points) == 1 for g in summary.groups for row in g.indicators)


@needs_poppler
def test_without_a_completed_stage_or_a_letterhead_it_still_prints_the_indicators(
    balangan, instrument, tmp_path
):
    from indicators.summary_pdf import summary_pdf

    assessment = make_assessment(balangan, instrument, evidence=False, completed=())

    text, _pages = pdf_text(summary_pdf(assessment), tmp_path)

    flat = re.sub(r"\s+", " ", text)
    assert "Belum ada tahap yang selesai" in flat
    assert "Kelembagaan" in flat
    assert "NIP." in flat  # the signature block waits to be filled in by hand


def test_the_district_pages_export_buttons_link_to_the_summary():
    data = SimpleNamespace(assessment=SimpleNamespace(pk=41))
    context = {"scope": "district", "code": "63.11", "year": 2025, "data": data}

    html = render_to_string("indicators/_export_buttons.html", context)

    assert 'href="/penilaian/41/ringkasan.pdf"' in html
    assert "Ringkasan penilaian (PDF)" in html
    no_assessment = {**context, "data": SimpleNamespace(assessment=None)}
    assert "ringkasan.pdf" not in render_to_string("indicators/_export_buttons.html", no_assessment)


def test_the_assessment_page_links_to_its_summary(client, balangan_world, balangan_member):
    client.force_login(balangan_member)

    response = client.get(balangan_world.get_absolute_url())

    assert response.status_code == 200
    assert f'href="{url(balangan_world)}"' in response.content.decode()

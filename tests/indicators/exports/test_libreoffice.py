"""The district workbook opens in LibreOffice and prints as a document: each sheet on A4
fitted to the page width at a readable scale, the district, year and page number on every
page; text typed by users prints as typed, never as a formula's result.

One conversion (LibreOffice takes a few seconds to start), skipped with the reason when
LibreOffice or poppler-utils is not installed.
"""

import re
import shutil
import statistics
import subprocess
import uuid

import pytest

from indicators import exports
from indicators.scoring import score_assessment
from tests.letterhead_world import KEPALA, make_letterhead

from .conftest import YEAR

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
# Printed by LibreOffice when no Java runtime is installed: about LibreOffice, not the file.
HARMLESS = re.compile(r"javaldx|java may not function", re.IGNORECASE)

pytestmark = [
    pytest.mark.skipif(
        not LIBREOFFICE,
        reason="LibreOffice not found (apt-get install -y libreoffice-calc-nogui)",
    ),
    pytest.mark.skipif(
        not POPPLER, reason="pdfinfo/pdftotext not found (apt-get install -y poppler-utils)"
    ),
]


def page_sizes(pdf):
    out = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [
        (float(w), float(h))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)
    ]


def page_text(pdf, number):
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def word_heights(pdf) -> list[list[float]]:
    """Per page, the height of every word printed between the page's header and footer:
    text printed at 60 % of its size is 60 % as tall."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)
        pages.append(
            [
                float(bottom) - float(top)
                for top, bottom in boxes
                if float(top) > MARGIN and float(bottom) < height - MARGIN
            ]
        )
    return pages


MARGIN = 50  # points: the page header and footer print within 45 pt of the edge
A4 = {(842, 595), (595, 842)}  # landscape and portrait, in points


def test_the_district_workbook_prints_as_a_document(
    balangan_world, balangan, balangan_admin, tmp_path
):
    """Must show (issue 19): converted by LibreOffice, every page carries the district,
    the year and its page number, and no sheet is scaled below 60 %; the workbook opens
    with its cover and ends with the signatory's page."""
    make_letterhead(balangan, balangan_admin, logo=False)
    balangan_admin.first_name = "=2+3"  # a name typed by a user, shaped like a formula
    balangan_admin.save()
    source = tmp_path / "balangan.xlsx"
    source.write_bytes(exports.district_workbook(balangan, YEAR, user=balangan_admin))
    sheet_count = len(exports.district_sheets(balangan, YEAR, user=balangan_admin)) + 2
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex}"

    done = subprocess.run(
        [
            LIBREOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )

    assert done.returncode == 0, done.stderr
    errors = [line for line in done.stderr.splitlines() if line and not HARMLESS.search(line)]
    assert errors == []
    pdf = tmp_path / "balangan.pdf"
    assert pdf.exists(), done.stdout
    sizes = page_sizes(pdf)
    assert len(sizes) >= sheet_count
    assert {(round(w), round(h)) for w, h in sizes} <= A4
    pages = [page_text(pdf, number) for number in range(1, len(sizes) + 1)]
    for number, text in enumerate(pages, 1):
        assert "Kabupaten Balangan · Evaluasi KLA 2025" in text, number
        assert f"Halaman {number} dari {len(sizes)}" in text, number

    # The cover prints at full size (portrait, narrow): every other page's text is at
    # least 60 % as tall as the cover's, so no sheet was shrunk below 60 % to fit.
    heights = [statistics.median(page) for page in word_heights(pdf)]
    full_size = heights[0]
    assert max(heights) <= full_size * 1.01
    scales = [round(height / full_size, 2) for height in heights]
    assert min(scales) >= 0.6, scales

    cover, summary, signature = pages[0], pages[1], pages[-1]
    for text in ("Lembar Kerja Evaluasi Kabupaten/Kota Layak Anak", "Sampul", "Dibuat oleh"):
        assert text in cover
    assert "=2+3" in cover  # printed as typed, not evaluated to 5
    for text in ("Uraian", "EM", "VA", "Akhir", "Kabupaten Balangan", "2025"):
        assert text in summary
    own, verified = (
        score_assessment(balangan_world),
        score_assessment(balangan_world, verified=True),
    )
    assert re.search(rf"Total nilai\s+{own.total}\s+{verified.total}", summary)
    # The header row repeats on every page: a page with the right-hand columns but not
    # the first ones would be a sheet spilling to the right.
    group_pages = [text for text in pages if "verifikator" in text]
    assert group_pages
    for text in group_pages:
        assert "Kode" in text and "Baris" in text
    assert "=1+1 catatan" in group_pages[0]  # as typed (the column wraps the rest)
    for text in ("Pengesahan", "Paringin, ", KEPALA["name"], "NIP", "19700101 199503 1 002"):
        assert text in signature

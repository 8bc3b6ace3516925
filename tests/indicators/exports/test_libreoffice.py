"""The district workbook opens in LibreOffice and prints each sheet on landscape A4, fitted
to the page width; text typed by users prints as typed, never as a formula's result.

One conversion (LibreOffice takes a few seconds to start), skipped with the reason when
LibreOffice or poppler-utils is not installed.
"""

import re
import shutil
import subprocess
import uuid

import pytest

from indicators import exports
from indicators.scoring import score_assessment

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


def test_the_district_workbook_converts_to_a_pdf_fitted_to_landscape_a4(
    balangan_world, balangan, balangan_admin, tmp_path
):
    balangan_admin.first_name = "=2+3"  # a name typed by a user, shaped like a formula
    balangan_admin.save()
    source = tmp_path / "balangan.xlsx"
    source.write_bytes(exports.district_workbook(balangan, YEAR, user=balangan_admin))
    sheet_count = len(exports.district_sheets(balangan, YEAR, user=balangan_admin))
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
    # Every sheet prints on landscape A4 fitted to the page width: the long group sheets
    # run to more pages down, but none spills to the right onto pages of its own.
    assert len(sizes) >= sheet_count
    for width, height in sizes:
        assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    summary = page_text(pdf, 1)
    for text in ("Uraian", "EM", "VA", "Akhir", "Kabupaten Balangan", "2025"):
        assert text in summary
    assert "=2+3" in summary  # printed as typed, not evaluated to 5
    own, verified = (
        score_assessment(balangan_world),
        score_assessment(balangan_world, verified=True),
    )
    assert re.search(rf"Total nilai\s+{own.total}\s+{verified.total}", summary)
    pages = [page_text(pdf, number) for number in range(2, len(sizes) + 1)]
    # The header row repeats on every page: a page with the right-hand columns but not
    # the first ones would be a sheet spilling to the right.
    group_pages = [text for text in pages if "Tautan bukti" in text]
    assert group_pages
    for text in group_pages:
        assert "Kode" in text and "Baris" in text
    assert "=1+1 catatan 1.1" in group_pages[0]

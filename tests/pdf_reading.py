"""Reading a PDF back as a person would: its text per page (pdftotext), its images
(pdfimages) and the QR codes on a page (pdftoppm, then zxing-cpp)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

TOOLS = ("pdftotext", "pdftoppm", "pdfimages")


def need_poppler():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"poppler-utils missing ({', '.join(missing)}): apt-get install poppler-utils")


def _run(*args, data: bytes, output: str | None = None) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        command = [*args, str(path), *([output] if output else [])]
        return subprocess.run(command, check=True, capture_output=True, cwd=folder).stdout


def pages(data: bytes) -> list[str]:
    """The text of each page, in reading order."""
    text = _run("pdftotext", "-enc", "UTF-8", data=data, output="-").decode()
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def image_count(data: bytes) -> int:
    listing = _run("pdfimages", "-list", data=data).decode().splitlines()
    return len(listing) - 2  # two header lines


def qr_codes(data: bytes, page: int = 1) -> list[str]:
    """The text of every QR code on the page, rendered at 150 dpi."""
    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        prefix = Path(folder) / "page"
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page), path, prefix],
            check=True,
            capture_output=True,
        )
        (image_path,) = Path(folder).glob("page*.png")
        with Image.open(image_path) as image:
            return [code.text for code in zxingcpp.read_barcodes(image)]

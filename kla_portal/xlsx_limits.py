"""What an .xlsx may unpack into, checked before openpyxl parses any of it.

The upload limit counts compressed bytes, and an .xlsx is a zip: a 200 KB file can
hold a 200 MB cell, a few MB a million shared strings (openpyxl turns every one into
a Python string when it opens the workbook), and a sheet without a ``<dimension>``
is read to its end just to learn its size. So the zip directory is read first
(the sizes it declares are the most the ``zipfile`` module will ever inflate, for us
and for openpyxl alike), then every part is streamed once, a megabyte at a time,
counting rows, cells and strings with an early stop. A refused file costs a fraction
of a second and a few MB, whatever it claims to hold.

The limits are far above what a real list needs: the largest sheet the imports take
(20,000 rows) unpacks to about 6 MB at a compression of 12 to 1.
"""

import io
import zipfile
from collections import Counter

from django.utils.translation import gettext_lazy

MB = 1024 * 1024
MAX_UNPACKED_BYTES = 50 * MB
# Office files pack XML at 5 to 30 to 1; a thousand to one is filler made to be inflated.
MAX_PACKING_RATIO = 100
RATIO_GRACE_BYTES = 1 * MB  # a small part may pack as tightly as it likes
MAX_SHARED_STRINGS_BYTES = 10 * MB
MAX_SHARED_STRINGS = 250_000
# About 14 s of openpyxl (100,000 rows of 10 cells, measured): the slowest file accepted.
MAX_CELLS = 1_000_000
CHUNK_BYTES = 1 * MB
# Rows and cells of a sheet, entries of the shared strings, counted by how their tags
# begin, with or without a namespace prefix ("<row", "<x:row"). An upper bound: the
# closing tag of a prefixed element ("</x:row>") and a few other tags ("<cols>") count
# too. bytes.count allocates nothing, so the count costs the same whoever watches memory.
_OPENINGS = {"row": (b"<row", b":row"), "cell": (b"<c", b":c"), "string": (b"<si", b":si")}
_LONGEST_TAG = 40  # a "<" this close to a chunk's end may begin a tag the next one ends

UNPACKED_TOO_BIG = gettext_lazy(
    "Isi berkas Excel ini lebih dari %(mb)s MB setelah dibuka. Bagi menjadi beberapa berkas "
    "lalu unggah lagi."
)
PACKED_TOO_TIGHT = gettext_lazy(
    "Berkas Excel ini dipadatkan tidak wajar (isinya lebih dari %(ratio)s kali ukuran "
    "berkasnya). Buka di Excel, simpan ulang, lalu unggah lagi."
)
TOO_MUCH_TEXT = gettext_lazy(
    "Berkas Excel ini berisi teks terlalu banyak (lebih dari %(count)s teks berbeda atau "
    "%(mb)s MB). Bagi menjadi beberapa berkas lalu unggah lagi."
)
TOO_MANY_CELLS = gettext_lazy(
    "Berkas Excel ini berisi lebih dari %(max)s sel. Hapus kolom dan baris yang tidak "
    "dipakai lalu unggah lagi."
)


class LimitExceeded(Exception):
    """The file holds more than the limits allow; the message is for the user, as is."""


def check_xlsx(data: bytes, *, max_rows: int, too_long: str) -> None:
    """Refuse ``data`` (an .xlsx, as bytes) unless every part stays within the limits.

    ``max_rows`` is the most rows a sheet may have, blank ones included, and
    ``too_long`` the message for one that has more. A zip that cannot be read at
    all is left to openpyxl, whose error the caller already reports.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # any damage to the zip directory: openpyxl fails on it, and says so
        return
    with archive:
        parts = archive.infolist()
        _check_directory(parts)
        for part in parts:
            _check_part(archive, part, max_rows=max_rows, too_long=too_long)


def _check_directory(parts: list[zipfile.ZipInfo]) -> None:
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise LimitExceeded(str(UNPACKED_TOO_BIG % {"mb": MAX_UNPACKED_BYTES // MB}))
    for part in parts:
        packed = max(part.compress_size, 1)
        if part.file_size > RATIO_GRACE_BYTES and part.file_size > MAX_PACKING_RATIO * packed:
            raise LimitExceeded(str(PACKED_TOO_TIGHT % {"ratio": MAX_PACKING_RATIO}))
        if _is_shared_strings(part) and part.file_size > MAX_SHARED_STRINGS_BYTES:
            raise LimitExceeded(_too_much_text())


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, *, max_rows, too_long):
    """Stream one part, counting its rows, cells and strings; stop at the first excess.

    Every part, whatever its name: openpyxl reads the sheets the workbook's relations
    name, which may be any part. Other parts have none of these elements."""
    counts: Counter = Counter()
    carry = b""
    for chunk in _chunks(archive, part):
        buffer = carry + chunk
        # Cut before the last "<": no tag is split between two rounds.
        cut = buffer.rfind(b"<")
        if cut == -1 or len(buffer) - cut > _LONGEST_TAG:
            cut = len(buffer)
        _count(buffer[:cut], counts)
        carry = buffer[cut:]
        _check_counts(counts, max_rows=max_rows, too_long=too_long)
    _count(carry, counts)
    _check_counts(counts, max_rows=max_rows, too_long=too_long)


def _chunks(archive: zipfile.ZipFile, part: zipfile.ZipInfo):
    """The part's bytes, a megabyte at a time; no more of a part that cannot be inflated
    (damaged, encrypted, packed an unknown way): openpyxl fails on it, and says so."""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                yield chunk
    except Exception:  # any failure to inflate: see above
        return


def _count(text: bytes, counts: Counter) -> None:
    for name, openings in _OPENINGS.items():
        counts[name] += sum(text.count(opening) for opening in openings)


def _check_counts(counts: Counter, *, max_rows, too_long) -> None:
    if counts["row"] > max_rows:
        raise LimitExceeded(too_long)
    if counts["cell"] > MAX_CELLS:
        raise LimitExceeded(str(TOO_MANY_CELLS % {"max": thousands(MAX_CELLS)}))
    if counts["string"] > MAX_SHARED_STRINGS:
        raise LimitExceeded(_too_much_text())


def _is_shared_strings(part: zipfile.ZipInfo) -> bool:
    return part.filename.lower().endswith("sharedstrings.xml")


def _too_much_text() -> str:
    return str(
        TOO_MUCH_TEXT
        % {"count": thousands(MAX_SHARED_STRINGS), "mb": MAX_SHARED_STRINGS_BYTES // MB}
    )


def thousands(number: int) -> str:
    """20000 -> '20.000', as Indonesian writes it."""
    return f"{number:,}".replace(",", ".")

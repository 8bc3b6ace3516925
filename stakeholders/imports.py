"""Importing the institution list officers already keep in Excel, one row per institution.

``preview_import`` reads the sheet and decides, row by row, what would happen
(create, update, unchanged, reject) without writing; ``apply_import`` re-reads
the same file and writes the valid rows in one transaction (the steps of
``kla_portal.imports``, shared by every import). An existing
institution is the same one when (district, sector, identifier) match or, for
rows without an identifier, (district, sector, name): re-importing a file
creates nothing.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from simple_history.utils import bulk_create_with_history

from kla_portal import figures
from kla_portal.history import save_with_history
from kla_portal.imports import (
    Preview,
    PreviewRow,
    SeenRows,
    check_rows,
    commit_preview,
    create_or_update,
)
from kla_portal.spreadsheets import (
    ImportReport,
    Row,
    RowResult,
    field_label,
    parse_phone,
    parse_text,
    read_table,
    text_key,
    workbook_bytes,
)
from stakeholders.models import SCHOOL_SECTOR, Institution, SchoolLevel, Sector

ALIASES = {
    "name": [
        "Nama Lembaga",
        "Nama",
        "Nama Instansi",
        "Nama Sekolah",
        "Nama Satuan Pendidikan",
        "Nama Lembaga/Instansi",
        "Lembaga",
        "Instansi",
    ],
    "sector": ["Sektor", "Jenis", "Jenis Lembaga", "Kategori", "Jenis Instansi"],
    "subdistrict": ["Kecamatan", "Kec", "Nama Kecamatan"],
    "address": ["Alamat", "Alamat Lengkap", "Alamat Lembaga"],
    "official_id": [
        "Nomor Induk",
        "NPSN",
        "No Induk",
        "NIB",
        "NSPP",
        "ID SIMAS",
        "Kode Puskesmas",
        "Nomor Izin",
        "No Izin Operasional",
        "Kode",
    ],
    "contact_person": [
        "Narahubung",
        "Kontak",
        "Nama Kontak",
        "Nama Narahubung",
        "Penanggung Jawab",
        "PIC",
        "Kepala",
        "Pimpinan",
    ],
    "contact_phone": [
        "No HP",
        "No HP Narahubung",
        "Nomor HP",
        "HP",
        "No Telp",
        "Telepon",
        "No Telepon",
        "Nomor WA",
        "No WA",
        "WA",
        "Kontak HP",
    ],
    "school_level": ["Jenjang", "Jenjang Pendidikan", "Bentuk Pendidikan", "Tingkat"],
    "is_tobacco_industry": ["Industri Rokok", "Perusahaan Rokok"],
}
REQUIRED = {"name", "sector"}
TEMPLATE_HEADERS = [ALIASES[f][0] for f in ALIASES]

MISSING_NAME = gettext_lazy("nama lembaga kosong")
MISSING_SECTOR = gettext_lazy("sektor kosong")
UNKNOWN_SECTOR = gettext_lazy("sektor '%(value)s' tidak dikenal")
UNKNOWN_SUBDISTRICT = gettext_lazy("kecamatan '%(value)s' tidak ada di %(district)s")
TOO_LONG = gettext_lazy("%(field)s terlalu panjang (maksimal %(max)s karakter)")
DUPLICATE_ROW = gettext_lazy("duplikat baris %(row)s (lembaga yang sama)")
UNKNOWN_LEVEL = gettext_lazy(
    "jenjang '%(value)s' tidak dikenal (pakai TK/RA, SD/MI, SMP/MTs, SMA/MA/SMK atau SLB)"
)
LEVEL_NOT_SCHOOL = gettext_lazy("jenjang hanya diisi untuk satuan pendidikan")
UNREADABLE_TOBACCO = gettext_lazy("industri rokok '%(value)s' tidak terbaca (pakai Ya atau Tidak)")

# Spellings of each school level (normalized); a sector written as a level ("SD")
# gives the level too.
LEVEL_SYNONYMS = {
    SchoolLevel.TK_RA: ["tkra", "tk", "ra", "tamankanakkanak", "raudhatulathfal"],
    SchoolLevel.SD_MI: ["sdmi", "sd", "mi", "sdn", "sekolahdasar", "madrasahibtidaiyah"],
    SchoolLevel.SMP_MTS: ["smpmts", "smp", "mts", "smpn", "sltp", "madrasahtsanawiyah"],
    SchoolLevel.SMA_MA_SMK: [
        "smamasmk",
        "smasmkma",
        "sma",
        "ma",
        "smk",
        "sman",
        "smkn",
        "slta",
        "madrasahaliyah",
    ],
    SchoolLevel.SLB: ["slb", "sekolahluarbiasa"],
}
LEVELS = {
    key: level
    for level, spellings in LEVEL_SYNONYMS.items()
    for key in [*spellings, level.value, text_key(level.label)]
}
YES = {"ya", "y", "1", "true", "iya", "benar"}
NO = {"tidak", "t", "n", "no", "0", "false", "bukan"}

# Spellings officers use for each sector, beyond its code and names (normalized).
SECTOR_SYNONYMS = {
    "sekolah": [
        "sekolah",
        "madrasah",
        "sekolahmadrasah",
        "satuanpendidikan",
        "pendidikan",
        "sra",
        "paud",
        "tk",
        "ra",
        "sd",
        "mi",
        "smp",
        "mts",
        "sma",
        "smk",
        "ma",
        "slb",
        "sdn",
        "smpn",
        "sman",
        "smkn",
    ],
    # Not "PRA": that is Kemenag's Pesantren Ramah Anak, so the word names no sector here.
    "puskesmas": [
        "puskesmas",
        "pkm",
        "prap",
        "puskesmasramahanak",
        "pelayananramahanakdipuskesmas",
        "faskes",
    ],
    "masjid": [
        "masjid",
        "mesjid",
        "mra",
        "masjidramahanak",
        "rumahibadah",
        "rira",
        "rumahibadahramahanak",
        "musala",
        "mushola",
        "musholla",
        "langgar",
        "surau",
        "gereja",
        "pura",
        "vihara",
        "klenteng",
    ],
    "pesantren": [
        "pesantren",
        "pondokpesantren",
        "ponpes",
        "pontren",
        "pondok",
        "pesantrenramahanak",
    ],
    "lksa": ["lksa", "pantiasuhan", "panti", "lembagakesejahteraansosialanak"],
    "dunia_usaha": ["duniausaha", "perusahaan", "usaha", "bisnis", "swasta", "apsai", "umkm"],
    "media": ["media", "mediamassa", "pers", "radio", "televisi", "tv", "koran", "suratkabar"],
    "forum_anak": ["forumanak", "fa", "forumanakdaerah"],
    "puspaga": ["puspaga", "pusatpembelajarankeluarga"],
    "pka": ["pka", "pusatkreativitasanak"],
}


def sector_lookup() -> dict[str, Sector]:
    lookup: dict[str, Sector] = {}
    for sector in Sector.objects.all():
        for spelling in [
            *SECTOR_SYNONYMS.get(sector.code, []),
            sector.code,
            sector.name,
            sector.name_en,
        ]:
            lookup.setdefault(text_key(spelling), sector)
    return lookup


def subdistrict_key(text) -> str:
    key = text_key(text)
    for prefix in ("kecamatan", "kec"):
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key.removeprefix(prefix)
            break
    return key


def identity(sector, official_id: str, name: str) -> tuple:
    if official_id:
        return (sector.code, "id", text_key(official_id))
    return (sector.code, "name", text_key(name))


def _existing(district):
    by_id: dict[tuple, Institution] = {}
    by_name: dict[tuple, Institution] = {}
    for obj in Institution.objects.filter(district=district, is_active=True).select_related(
        "sector"
    ):
        if obj.official_id:
            by_id.setdefault(identity(obj.sector, obj.official_id, obj.name), obj)
        by_name.setdefault(identity(obj.sector, "", obj.name), obj)
    return by_id, by_name


class _Lookups:
    """The district's sectors, kecamatan and institutions, read once per import."""

    def __init__(self, district):
        self.district = district
        self.sectors = sector_lookup()
        self.subdistricts = {subdistrict_key(s.name): s for s in district.subdistricts.all()}
        self.by_id, self.by_name = _existing(district)
        self.seen = SeenRows()


def preview_import(source, *, district) -> Preview:
    """Decide what each row would do. Raises ``SheetError`` for a file that cannot be read."""
    table = read_table(source, ALIASES, REQUIRED)
    lookups = _Lookups(district)
    return check_rows(table, lambda row: _check_row(row, lookups), Preview())


def _check_row(row: Row, lookups: _Lookups) -> PreviewRow:
    v = row.values
    district = lookups.district
    name = parse_text(v.get("name"))
    result = RowResult(number=row.number, action="reject", label=name)
    errors = result.errors
    if not name:
        errors.append(str(MISSING_NAME))
    sector_text = parse_text(v.get("sector"))
    sector = lookups.sectors.get(text_key(sector_text))
    if not sector_text:
        errors.append(str(MISSING_SECTOR))
    elif sector is None:
        errors.append(UNKNOWN_SECTOR % {"value": sector_text})
    subdistrict_text = parse_text(v.get("subdistrict"))
    subdistrict = lookups.subdistricts.get(subdistrict_key(subdistrict_text))
    if subdistrict_text and subdistrict is None:
        errors.append(UNKNOWN_SUBDISTRICT % {"value": subdistrict_text, "district": district.name})
    try:
        phone = parse_phone(v.get("contact_phone"))
    except ValueError as exc:
        errors.append(str(exc))
        phone = ""
    official_id = parse_text(v.get("official_id"))
    level = _school_level(v.get("school_level"), sector_text, sector, errors)
    tobacco = _yes_no(v.get("is_tobacco_industry"), errors)
    values = {
        "name": name,
        "sector": sector,
        "subdistrict": subdistrict,
        "address": parse_text(v.get("address")),
        "official_id": official_id,
        "contact_person": parse_text(v.get("contact_person")),
        "contact_phone": phone,
    }
    # Optional columns: an empty cell keeps what is recorded.
    if level:
        values["school_level"] = level
    if tobacco is not None:
        values["is_tobacco_industry"] = tobacco
    for name_, value in values.items():
        limit = getattr(Institution._meta.get_field(name_), "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            errors.append(TOO_LONG % {"field": field_label(Institution, name_), "max": limit})
    if name and sector:
        key = identity(sector, official_id, name)
        earlier = lookups.seen.repeat_of(row.number, key)
        if earlier is not None:
            errors.append(DUPLICATE_ROW % {"row": earlier})
    if errors:
        return PreviewRow(result)
    instance = lookups.by_id.get(key) if official_id else None
    if instance is None:
        candidate = lookups.by_name.get(identity(sector, "", name))
        if candidate is not None and (
            not official_id or not candidate.official_id or candidate.official_id == official_id
        ):
            instance = candidate
    return create_or_update(result, values, instance)


def _school_level(value, sector_text: str, sector, errors: list) -> str:
    """The level in the Jenjang cell, else the one the sector was written as ("SD")."""
    text = parse_text(value)
    if text:
        level = LEVELS.get(text_key(text), "")
        if not level:
            errors.append(UNKNOWN_LEVEL % {"value": text})
        elif sector is not None and sector.code != SCHOOL_SECTOR:
            errors.append(str(LEVEL_NOT_SCHOOL))
            level = ""
        return level
    if sector is not None and sector.code == SCHOOL_SECTOR:
        return LEVELS.get(text_key(sector_text), "")
    return ""


def _yes_no(value, errors: list) -> bool | None:
    text = parse_text(value)
    if not text:
        return None
    key = text_key(text)
    if key in YES:
        return True
    if key in NO:
        return False
    errors.append(UNREADABLE_TOBACCO % {"value": text})
    return None


@figures.write("district")
def apply_import(source, *, district, user, only_valid: bool) -> tuple[ImportReport, bool]:
    """Re-read the file and write its valid rows. Returns the report and whether it wrote.

    With rejected rows and ``only_valid`` false, nothing is written.
    """
    preview = preview_import(source, district=district)
    written = commit_preview(
        preview, lambda rows: _write(rows, district=district, user=user), only_valid=only_valid
    )
    return preview.report, written


def _write(rows: list[PreviewRow], *, district, user) -> None:
    new = []
    for row in rows:
        change = row.change
        if change.instance is None:
            new.append(Institution(district=district, **change.values))
            continue
        for name, value in change.changed.items():
            setattr(change.instance, name, value)
        # The row was checked field by field above: no full_clean, one UPDATE per row.
        save_with_history(
            change.instance, user=user, fields=[*change.changed, "updated_at"], clean=False
        )
    if new:
        bulk_create_with_history(new, Institution, batch_size=500, default_user=user)


def template_workbook(district) -> bytes:
    """The sheet to fill in: the expected headers, an example row, and a page of valid values."""
    book = Workbook()
    sheet = book.worksheets[0]  # the one sheet of a new workbook (``active`` may be None)
    sheet.title = _("Lembaga")
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    first = district.subdistricts.order_by("name").first()
    sheet.append(
        [
            "SD Negeri 1 Contoh",
            "Sekolah",
            first.name if first else "",
            "Jl. Jend. A. Yani No. 1",
            "30300001",
            "Siti Rahmah",
            "081234567890",
            "SD/MI",
            "Tidak",
        ]
    )
    for column, width in zip("ABCDEFGHI", (36, 18, 20, 36, 16, 24, 16, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    guide = book.create_sheet(_("Petunjuk"))
    guide.append(
        [
            _("Sektor (tulis nama atau kode)"),
            _("Kode"),
            _("Kecamatan di %(district)s") % {"district": district.name},
        ]
    )
    for cell in guide[1]:
        cell.font = Font(bold=True)
    sectors = list(Sector.objects.order_by("order"))
    kecamatan = list(district.subdistricts.order_by("name").values_list("name", flat=True))
    for i in range(max(len(sectors), len(kecamatan))):
        guide.append(
            [
                sectors[i].name if i < len(sectors) else None,
                sectors[i].code if i < len(sectors) else None,
                kecamatan[i] if i < len(kecamatan) else None,
            ]
        )
    guide.column_dimensions["A"].width = 40
    guide.column_dimensions["C"].width = 28
    return workbook_bytes(book)

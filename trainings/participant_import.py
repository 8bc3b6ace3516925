"""Participant lists from the officers' own sheets, and the same list exported back.

The sheets come back from the venue in every shape: a title row, "JK" or "L/P"
for gender, phone numbers typed as numbers, scores with a decimal comma, one
column per day for attendance. Each row becomes a ``RowResult``: nothing is
guessed, an unreadable value rejects its row with the reason. The exported
list has the import's columns, so an edited export imports back as updates.
"""

import difflib
import re
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kla_portal import figures
from kla_portal.imports import Preview, PreviewRow, SeenRows, check_rows, commit_preview
from kla_portal.spreadsheets import (
    MAX_COLUMNS,
    Row,
    RowResult,
    SheetError,
    normalize_header,
    parse_date,
    parse_decimal,
    parse_phone,
    read_table,
    top_rows,
    workbook_bytes,
)
from stakeholders.models import Institution, Member, Sector
from trainings.models import Attendance, Participant, ParticipantFunction, Person, Training
from trainings.people import (
    PeopleChanges,
    PersonDetails,
    PersonIndex,
    bulk_create_with_user,
    bulk_update_with_user,
    clean_name,
    normalize_name,
    person_changes,
)

BASE_ALIASES = {
    "name": ["Nama", "Nama Lengkap", "Nama Peserta"],
    "gender": ["Jenis Kelamin", "JK", "L/P", "Jenis Kelamin (L/P)", "Gender", "Kelamin"],
    "institution": [
        "Instansi",
        "Lembaga",
        "Asal Instansi",
        "Unit Kerja",
        "Asal Lembaga",
        "Instansi/Lembaga",
        "Organisasi",
    ],
    "position": ["Jabatan"],
    "phone": [
        "No HP",
        "No. HP",
        "No. WA",
        "No WA",
        "No HP/WA",
        "Nomor HP",
        "Telepon",
        "No Telp",
        "HP",
        "WA",
    ],
    "email": ["Email", "E-mail", "Surel"],
    "sector": ["Sektor", "Unsur"],
    "function": ["Fungsi", "Peran", "Fungsi/Peran", "Peran/Fungsi", "Fungsi Peserta"],
    "pre_score": ["Pre Test", "Pretest", "Nilai Pre", "Pre-test", "Nilai Pre Test"],
    "post_score": ["Post Test", "Posttest", "Nilai Post", "Post-test", "Nilai Post Test"],
    "birth_date": ["Tanggal Lahir", "Tgl Lahir", "Tgl. Lahir"],
    "birth_year": ["Tahun Lahir"],
    # Recognised only so it is left out on purpose: the app stores no NIK.
    "nik": ["NIK", "No KTP"],
}
FIELD_LABELS = {
    "name": gettext_lazy("Nama"),
    "gender": gettext_lazy("Jenis kelamin (L/P)"),
    "institution": gettext_lazy("Instansi"),
    "position": gettext_lazy("Jabatan"),
    "phone": gettext_lazy("No HP"),
    "email": gettext_lazy("Email"),
    "sector": gettext_lazy("Sektor"),
    "function": gettext_lazy("Fungsi/peran"),
    "pre_score": gettext_lazy("Pre Test"),
    "post_score": gettext_lazy("Post Test"),
    "birth_date": gettext_lazy("Tanggal lahir"),
    "birth_year": gettext_lazy("Tahun lahir"),
    "nik": gettext_lazy("NIK (tidak disimpan)"),
}
REQUIRED = {"name"}
# The columns these fields end in: Person.name/position, Person.email, other_organisation.
LENGTH_LIMITS = {"name": 200, "position": 200, "email": 254, "institution": 200}
TASK_FORCE_CODE = "gugus_tugas"
OTHER = "other"

NAME_MISSING = gettext_lazy("nama kosong")
TOO_LONG = gettext_lazy("%(field)s terlalu panjang (maksimal %(max)s karakter)")
GENDER_UNREADABLE = gettext_lazy("jenis kelamin '%(value)s' tidak terbaca (pakai L atau P)")
EMAIL_UNREADABLE = gettext_lazy("email '%(value)s' tidak valid")
SECTOR_UNKNOWN = gettext_lazy("sektor '%(value)s' tidak dikenal")
SECTOR_MISMATCH = gettext_lazy(
    "sektor '%(value)s' tidak cocok dengan sektor lembaga %(institution)s (%(sector)s)"
)
FUNCTION_UNKNOWN = gettext_lazy(
    "fungsi/peran '%(value)s' tidak dikenal (tulis kode atau nama dari daftar fungsi peserta)"
)
MEMBER_UNKNOWN = gettext_lazy(
    "tidak ada anggota Gugus Tugas bernama '%(name)s' di gugus tugas saat ini"
)
ATTENDANCE_UNREADABLE = gettext_lazy(
    "kehadiran hari %(day)s '%(value)s' tidak terbaca (pakai 1/hadir atau 0/tidak)"
)
YEAR_UNREADABLE = gettext_lazy("tahun lahir '%(value)s' tidak terbaca")
DUPLICATE_ROW = gettext_lazy("orang yang sama dengan baris %(row)s")
NIK_IGNORED = gettext_lazy("Kolom NIK diabaikan: aplikasi ini tidak menyimpan NIK.")
DETAIL_NEW_PERSON = gettext_lazy("orang baru")
DETAIL_MATCHED = gettext_lazy("cocok dengan orang yang sudah terdata")
DETAIL_OTHER_ORG = gettext_lazy("instansi dicatat sebagai organisasi lain")

MALE = {"l", "lk", "laki", "lakilaki", "laki2", "pria", "male"}
FEMALE = {"p", "pr", "perempuan", "wanita", "female", "w"}
PRESENT = {"1", "v", "hadir", "h", "ya", "y", "true"}
ABSENT = {
    "0",
    "tidak",
    "tidakhadir",
    "th",
    "absen",
    "a",
    "alpa",
    "izin",
    "i",
    "sakit",
    "s",
    "false",
}
PRESENT_MARKS = {"✓", "✔", "√"}
ABSENT_MARKS = {"-", "–"}
SECTOR_WORDS = {
    "sekolah": "sekolah",
    "madrasah": "sekolah",
    "satuanpendidikan": "sekolah",
    "pendidikan": "sekolah",
    "puskesmas": "puskesmas",
    "masjid": "masjid",
    "pesantren": "pesantren",
    "pondokpesantren": "pesantren",
    "ponpes": "pesantren",
    "lksa": "lksa",
    "pantiasuhan": "lksa",
    "duniausaha": "dunia_usaha",
    "perusahaan": "dunia_usaha",
    "media": "media",
    "mediamassa": "media",
    "forumanak": "forum_anak",
    "puspaga": "puspaga",
    "gugustugas": TASK_FORCE_CODE,
    "gugustugaskla": TASK_FORCE_CODE,
    "gtkla": TASK_FORCE_CODE,
}
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8,
    "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nopember": 11, "desember": 12, "des": 12,
}  # fmt: skip


def institution_key(text) -> str:
    """'SDN 1  Paringin.' -> 'sdn 1 paringin': how institution names are compared."""
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z]+", " ", str(text or "").casefold())).strip()


def day_field(number: int) -> str:
    return f"day_{number}"


def day_header(number: int, day_date: date) -> str:
    return f"Hari {number} ({day_date:%d/%m/%Y})"


def aliases_for(days, mapping: dict | None = None) -> dict[str, list[str]]:
    """The header spellings for a training with these days, plus the user's own mapping."""
    aliases = deepcopy(BASE_ALIASES)
    for number, day in enumerate(days, start=1):
        d = day.date
        aliases[day_field(number)] = [
            f"Hari {number}",
            f"Hari ke-{number}",
            f"H{number}",
            f"Hadir Hari {number}",
            f"Kehadiran Hari {number}",
            day_header(number, d),
            f"{d:%d/%m/%Y}",
            f"{d:%d-%m-%Y}",
            f"{d:%Y-%m-%d}",
            f"{d:%Y-%m-%d} 00:00:00",
        ]
    for header, target in (mapping or {}).items():
        if target in aliases:
            aliases[target].append(header)
    return aliases


def field_choices(days) -> list[tuple[str, str]]:
    choices = [(name, str(label)) for name, label in FIELD_LABELS.items()]
    for number, day in enumerate(days, start=1):
        choices.append((day_field(number), day_header(number, day.date)))
    return choices


# Cell readers: each returns the value or raises ValueError with the row's reason.


def parse_gender(value) -> str:
    if value is None:
        return ""
    key = normalize_header(value)
    if key in MALE:
        return "L"
    if key in FEMALE:
        return "P"
    raise ValueError(GENDER_UNREADABLE % {"value": value})


def parse_presence(value, number) -> bool | None:
    if value is None:
        return None
    if value is True or value is False:
        return value
    text = str(value).strip()
    if text in PRESENT_MARKS:
        return True
    if text in ABSENT_MARKS:
        return False
    key = normalize_header(text)
    if isinstance(value, int | float) and value in (0, 1):
        key = str(int(value))
    if key in PRESENT:
        return True
    if key in ABSENT:
        return False
    raise ValueError(ATTENDANCE_UNREADABLE % {"day": number, "value": value})


def parse_score(value, label) -> Decimal | None:
    try:
        number = parse_decimal(value, low=0, high=100)
    except ValueError as exc:
        raise ValueError(f"{label}: {exc}") from exc
    return None if number is None else number.quantize(Decimal("0.01"), ROUND_HALF_UP)


def parse_birth_year(date_value, year_value) -> int | None:
    if date_value is not None:
        text = str(date_value).strip()
        match = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", text)
        if match and match.group(2).lower() in MONTHS:
            try:
                return date(
                    int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1))
                ).year
            except ValueError:
                pass
        born = parse_date(date_value)
        assert born is not None  # parse_date returns None only for None
        if born > timezone.localdate():
            raise ValueError(_("tanggal lahir '%(value)s' di masa depan") % {"value": text})
        return born.year
    if year_value is None:
        return None
    try:
        text = str(int(year_value) if isinstance(year_value, float) else year_value).strip()
    except (OverflowError, ValueError) as exc:  # an infinite or NaN number in the cell
        raise ValueError(YEAR_UNREADABLE % {"value": year_value}) from exc
    if not re.fullmatch(r"\d{4}", text) or not 1900 <= int(text) <= timezone.localdate().year:
        raise ValueError(YEAR_UNREADABLE % {"value": year_value})
    return int(text)


@dataclass
class ParsedRow:
    details: PersonDetails
    pre_score: Decimal | None
    post_score: Decimal | None
    presence: dict  # day number -> bool
    function: ParticipantFunction | None = None  # None: the cell is empty, keep what is there
    person: Person | None = None  # the matched Person, if any
    participant: Participant | None = None  # their participation in this training, if any


@dataclass
class InstitutionQuestion:
    """An institution name with no exact match, and the close matches to choose from."""

    key: str
    text: str
    matches: list
    chosen: str = ""  # an institution pk, OTHER, or "" (not answered: organisasi lain)

    @property
    def param(self):
        return "inst-" + normalize_header(self.key)


@dataclass
class ParticipantPreview(Preview):
    """The shared preview (each valid row's ``change`` is its ``ParsedRow``), with the
    institution names to choose a match for and notes about the file."""

    questions: list = field(default_factory=list)
    notes: list = field(default_factory=list)


class Context:
    """The district's lookups, fetched once per import (a fixed number of queries)."""

    def __init__(self, training: Training, picks: dict):
        district = training.district
        self.training = training
        self.days = list(training.days.all())
        self.sectors = {s.code: s for s in Sector.objects.all()}
        self.functions: dict[str, ParticipantFunction] = {}
        for function in ParticipantFunction.objects.all():
            self.functions.setdefault(normalize_header(function.code), function)
            self.functions.setdefault(normalize_header(function.name), function)
        self.sector_lookup = dict(SECTOR_WORDS)
        for sector in self.sectors.values():
            self.sector_lookup[normalize_header(sector.code)] = sector.code
            self.sector_lookup[normalize_header(sector.name)] = sector.code
            self.sector_lookup[normalize_header(sector.name_en)] = sector.code
        institutions = Institution.objects.filter(district=district, is_active=True).select_related(
            "sector"
        )
        self.institutions: dict[str, Institution] = {}
        self.institutions_by_pk: dict[str, Institution] = {}
        for institution in institutions:
            self.institutions.setdefault(institution_key(institution.name), institution)
            self.institutions_by_pk[str(institution.pk)] = institution
        self.members: dict[str, Member] = {}
        for member in Member.objects.filter(
            task_force__district=district,
            task_force__is_current=True,
            task_force__is_active=True,
            is_active=True,
        ):
            self.members.setdefault(normalize_name(member.name), member)
        self.people = PersonIndex(district)
        self.participants = {
            p.person_id: p
            for p in Participant.objects.filter(training=training).prefetch_related(
                Prefetch("attendance", queryset=Attendance.objects.all())
            )
        }
        self.picks = picks
        self.questions: dict[str, InstitutionQuestion] = {}

    def institution(self, text):
        """(institution or None, other organisation text, detail) for the cell."""
        key = institution_key(text)
        if not key:
            return None, "", ""
        if key in self.institutions:
            return self.institutions[key], "", ""
        question = self.questions.get(key)
        if question is None:
            close = difflib.get_close_matches(key, list(self.institutions), n=3, cutoff=0.75)
            question = InstitutionQuestion(
                key=key, text=str(text).strip(), matches=[self.institutions[c] for c in close]
            )
            question.chosen = self.picks.get(question.param, "")
            self.questions[key] = question
        if question.chosen and question.chosen in self.institutions_by_pk:
            return self.institutions_by_pk[question.chosen], "", ""
        return None, clean_name(text), DETAIL_OTHER_ORG


def read_participants(
    source, *, training: Training, mapping=None, picks=None
) -> ParticipantPreview:
    """Read and check every row; nothing is written. ``SheetError`` for a bad file."""
    context = Context(training, picks or {})
    table = read_table(source, aliases_for(context.days, mapping), REQUIRED)
    seen = SeenRows()  # a row's identity keys -> the first row with them
    preview = check_rows(table, lambda row: _check_row(row, context, seen), ParticipantPreview())
    if "nik" in table.columns:
        preview.notes.append(str(NIK_IGNORED))
    preview.questions = [q for q in context.questions.values() if q.matches]
    return preview


def _check_row(row: Row, context: Context, seen: SeenRows) -> PreviewRow:
    values = row.values
    name = clean_name(values.get("name"))
    label = name
    errors = []
    if not name:
        errors.append(str(NAME_MISSING))
    # Too long for its column: a reason now, rather than a database error at confirm time.
    for field_name in ("name", "position", "email", "institution"):
        limit = LENGTH_LIMITS[field_name]
        text = values.get(field_name)
        if text is not None and len(str(text).strip()) > limit:
            errors.append(str(TOO_LONG % {"field": FIELD_LABELS[field_name], "max": limit}))

    def read(parser, *args):
        try:
            return parser(*args)
        except ValueError as exc:
            errors.append(str(exc))
            return None

    gender = read(parse_gender, values.get("gender")) or ""
    phone = read(parse_phone, values.get("phone")) or ""
    email = (str(values.get("email") or "")).strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(str(EMAIL_UNREADABLE % {"value": values.get("email")}))
            email = ""
    pre = read(parse_score, values.get("pre_score"), _("nilai pre-test"))
    post = read(parse_score, values.get("post_score"), _("nilai post-test"))
    birth_year = read(parse_birth_year, values.get("birth_date"), values.get("birth_year"))
    presence = {}
    for number in range(1, len(context.days) + 1):
        value = read(parse_presence, values.get(day_field(number)), number)
        if value is not None:
            presence[number] = value

    sector_text = values.get("sector")
    sector_code = None
    if sector_text is not None:
        sector_code = context.sector_lookup.get(normalize_header(sector_text))
        if sector_code is None:
            errors.append(str(SECTOR_UNKNOWN % {"value": sector_text}))
    function_text = values.get("function")
    function = None
    if function_text is not None and normalize_header(function_text):
        function = context.functions.get(normalize_header(function_text))
        if function is None:
            errors.append(str(FUNCTION_UNKNOWN % {"value": str(function_text).strip()}))
    institution, other, detail = context.institution(values.get("institution"))
    if institution:
        label = f"{name} ({institution.name})"
    elif other:
        label = f"{name} ({other})"
    member = None
    if sector_code == TASK_FORCE_CODE:
        member = context.members.get(normalize_name(name))
        if member is None and name:
            errors.append(str(MEMBER_UNKNOWN % {"name": name}))
        institution = None
        other = "" if member else other
        detail = ""
    elif institution and sector_code and institution.sector_id != sector_code:
        errors.append(
            str(
                SECTOR_MISMATCH
                % {
                    "value": sector_text,
                    "institution": institution.name,
                    "sector": institution.sector.name,
                }
            )
        )
    if errors:
        return PreviewRow(RowResult(row.number, "reject", label=label, errors=errors))

    sector = None
    if institution:
        sector = institution.sector
    elif sector_code and sector_code != TASK_FORCE_CODE:
        sector = context.sectors[sector_code]
    details = PersonDetails(
        name=name,
        gender=gender,
        position=clean_name(values.get("position")),
        phone=phone,
        email=email,
        birth_year=birth_year,
        sector=sector,
        institution=institution,
        member=member,
        other_organisation=other,
    )
    keys: list[tuple] = [("n", normalize_name(name), details.organisation_key())]
    keys += [("p", phone)] if phone else []
    keys += [("e", email)] if email else []
    earlier = seen.repeat_of(row.number, *keys)
    if earlier is not None:
        message = str(DUPLICATE_ROW % {"row": earlier})
        return PreviewRow(RowResult(row.number, "reject", label=label, errors=[message]))

    parsed = ParsedRow(
        details=details, pre_score=pre, post_score=post, presence=presence, function=function
    )
    parsed.person = context.people.match(details)
    parsed.participant = context.participants.get(parsed.person.pk) if parsed.person else None
    action, notes = _action_for(parsed, context)
    if detail:
        notes.append(str(detail))
    return PreviewRow(RowResult(row.number, action, label=label, detail="; ".join(notes)), parsed)


def _action_for(parsed: ParsedRow, context: Context):
    if parsed.person is None:
        return "create", [str(DETAIL_NEW_PERSON)]
    participant = parsed.participant
    if participant is None or not participant.is_active:
        return "create", [str(DETAIL_MATCHED)]
    changed = bool(person_changes(parsed.person, parsed.details))
    for name in ("pre_score", "post_score"):
        value = getattr(parsed, name)
        changed |= value is not None and getattr(participant, name) != value
    changed |= parsed.function is not None and participant.function_id != parsed.function.pk
    present = {a.day_id: a.present for a in participant.attendance.all()}
    for number, value in parsed.presence.items():
        changed |= present.get(context.days[number - 1].pk, False) != value
    return ("update" if changed else "unchanged"), [str(DETAIL_MATCHED)]


@figures.write("training")
def write_participants(rows: list[PreviewRow], *, training: Training, user):
    """Write the previewed rows to create or update, in a fixed number of queries.

    The district's people, the training's participants and their attendance are
    read once; rows are matched in memory exactly as one by one (a person made by
    an earlier row is matched by a later one), then written in bulk, each new or
    changed row with its history record naming ``user``. ``commit_preview`` holds
    the transaction.
    """
    days = list(training.days.all())
    index = PersonIndex(training.district)
    people = PeopleChanges(user=user)
    # Keyed by the person's pk, or ("new", id(person)) for a person this import creates.
    participants: dict[int | tuple[str, int], Participant] = {
        p.person_id: p for p in Participant.objects.filter(training=training)
    }
    new_participants: list[Participant] = []
    participant_fields: dict[int, set[str]] = {}  # id(participant) -> fields to save
    attendance: dict[tuple[int | tuple[str, int], int], Attendance] = {
        (record.participant_id, record.day_id): record
        for record in Attendance.objects.filter(participant__training=training)
    }
    new_attendance, changed_attendance = [], {}
    absence_cleared = False
    for row in rows:
        parsed = row.change
        person = index.match(parsed.details)
        if person is None:
            person = people.add(district=training.district, details=parsed.details)
            index.add(person)
        else:
            people.change(person, person_changes(person, parsed.details))
        key = person.pk or ("new", id(person))
        participant = participants.get(key)
        if participant is None:
            participant = Participant(training=training, person=person)
            participants[key] = participant
            new_participants.append(participant)
        fields = participant_fields.setdefault(id(participant), set())
        if not participant.is_active:
            participant.is_active = True
            fields.add("is_active")
        for name in ("pre_score", "post_score"):
            value = getattr(parsed, name)
            if value is not None and getattr(participant, name) != value:
                setattr(participant, name, value)
                fields.add(name)
        if parsed.function is not None and participant.function_id != parsed.function.pk:
            participant.function = parsed.function
            fields.add("function")
        for number, present in parsed.presence.items():
            day = days[number - 1]
            day_key = (participant.pk or ("new", id(participant)), day.pk)
            record = attendance.get(day_key)
            if record is None:
                if not present:
                    continue  # no row means not present: nothing to record
                record = Attendance(participant=participant, day=day, present=True)
                attendance[day_key] = record
                new_attendance.append(record)
            elif record.present != present:
                record.present = present
                if record.absence:
                    record.absence = ""  # a sheet says present or not, never why
                    absence_cleared = True
                if record.pk:
                    changed_attendance[record.pk] = record

    people.save()
    changed_participants = [
        p for p in participants.values() if p.pk and participant_fields.get(id(p))
    ]
    bulk_create_with_user(Participant, new_participants, user)
    bulk_update_with_user(
        Participant,
        changed_participants,
        set().union(*(participant_fields[id(p)] for p in changed_participants)),
        user,
    )
    bulk_create_with_user(Attendance, new_attendance, user)
    # The reason for an absence is written only when a sheet marked present someone who had
    # one: one column fewer keeps SQLite's batches (999 parameters) as they were.
    bulk_update_with_user(
        Attendance,
        list(changed_attendance.values()),
        {"present", "absence"} if absence_cleared else {"present"},
        user,
    )


def import_participants(
    source, *, training, user, mapping=None, picks=None, commit=False, valid_only=False
) -> ParticipantPreview:
    """Read, and with ``commit`` write: everything, or only the valid rows if asked.

    With rejected rows and no ``valid_only``, nothing is written.
    """
    preview = read_participants(source, training=training, mapping=mapping, picks=picks)
    if commit:
        commit_preview(
            preview,
            lambda rows: write_participants(rows, training=training, user=user),
            only_valid=valid_only,
        )
    return preview


# The same columns going out: the template and the participant list.


def export_columns(days) -> list[str]:
    return [
        "No",
        "Nama",
        "Jenis Kelamin (L/P)",
        "Instansi",
        "Jabatan",
        "Sektor",
        "Fungsi",
        "No HP",
        "Email",
        "Pre Test",
        "Post Test",
        *[day_header(n, d.date) for n, d in enumerate(days, start=1)],
    ]


def export_participants(training: Training, *, template=False) -> bytes:
    """The participant list as .xlsx; ``template`` gives the empty sheet to fill in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    days = list(training.days.all())
    book = Workbook()
    sheet = book.worksheets[0]  # the one sheet of a new workbook (``active`` may be None)
    sheet.title = "Peserta"
    sheet.append([_("DAFTAR PESERTA %(title)s") % {"title": training.title.upper()}])
    sheet.append([f"{training.start_date:%d/%m/%Y} - {training.end_date:%d/%m/%Y}"])
    sheet.append([])
    sheet.append(export_columns(days))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True)
    if not template:
        for number, participant in enumerate(participants_for_export(training), start=1):
            person = participant.person
            present = {a.day_id: a.present for a in participant.attendance.all()}
            if person.member_id:
                organisation, sector = (
                    person.member.agency or person.other_organisation,
                    ("Gugus Tugas"),
                )
            else:
                organisation = (
                    person.institution.name
                    if person.institution_id
                    else (person.other_organisation)
                )
                sector = person.sector.name if person.sector_id else ""
            sheet.append(
                [
                    number,
                    person.name,
                    person.gender,
                    organisation,
                    person.position,
                    sector,
                    participant.function.name if participant.function_id else "",
                    person.phone,
                    person.email,
                    participant.pre_score,
                    participant.post_score,
                    *[1 if present.get(day.pk) else 0 for day in days],
                ]
            )
    widths = [5, 32, 10, 32, 24, 18, 28, 16, 26, 10, 10] + [12] * len(days)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    return workbook_bytes(book)


def participants_for_export(training: Training):
    return (
        training.participants.filter(is_active=True)
        .select_related("person__institution", "person__sector", "person__member", "function")
        .prefetch_related("attendance")
        .order_by("person__name")
    )


def candidate_headers(source) -> list[str]:
    """When no header row is recognised: the texts of the likeliest header row.

    So the user can map them to fields.
    """
    for raw in top_rows(source):
        texts = [str(v).strip() for v in raw if isinstance(v, str) and v.strip()]
        if len(texts) >= 3:
            return texts[:MAX_COLUMNS]
    return []


__all__ = ["SheetError", "import_participants", "read_participants", "export_participants"]

"""Participant sheets as officers have them: messy, partly unreadable, imported once."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kla_portal.spreadsheets import SheetError
from tests.trainings.conftest import xlsx
from trainings.models import Attendance, Participant, Person
from trainings.participant_import import (
    DUPLICATE_ROW,
    GENDER_UNREADABLE,
    MEMBER_UNKNOWN,
    candidate_headers,
    export_participants,
    import_participants,
    read_participants,
)

HEADER = [
    "No",
    "NAMA LENGKAP ",
    "L/P",
    "Asal Instansi",
    "Jabatan",
    "No. HP",
    "Tgl Lahir",
    "Pretest",
    "Posttest",
    "Hari 1",
    "Hari 2",
    "Hari 3",
]
GENDERS = ["L", "p", "Laki-laki", "PEREMPUAN", "l ", "Perempuan", "pria", "Wanita"]
BIRTH_DATES = ["12/03/1985", "1985-03-12", "12-03-1985", "5 Agustus 1990"]
PLACES = ["SDN Paringin 1", "sdn paringin 1 ", "Puskesmas Juai", "Dinas Perikanan Balangan"]
# Row index (1-based, among people) -> (column, unreadable value, reason)
BROKEN = {
    50: ("L/P", "X", "jenis kelamin 'X' tidak terbaca (pakai L atau P)"),
    100: ("No. HP", "08-abc", "no. HP '08-abc' tidak terbaca"),
    150: ("Pretest", "tujuh puluh", "nilai pre-test: angka 'tujuh puluh' tidak terbaca"),
    200: ("Tgl Lahir", "kemarin", "tanggal 'kemarin' tidak terbaca (pakai dd/mm/yyyy)"),
    250: ("Posttest", "120", "nilai post-test: angka 120 di luar rentang 0-100"),
    275: ("Hari 2", "x", "kehadiran hari 2 'x' tidak terbaca (pakai 1/hadir atau 0/tidak)"),
}


def phone_cell(i):
    digits = f"812{i:08d}"
    return [f"0{digits}", f"+62{digits}", int(digits), f"62 {digits[:3]}-{digits[3:]}"][i % 4]


def name_cell(i):
    name = f"Siti Aminah Nomor {i}"
    return [name.upper(), name.lower() + "  ", "  " + name, name][i % 4]


def messy_rows():
    """Two title rows, a blank row, the header, 300 people with one blank row among them."""
    rows = [["DAFTAR HADIR PELATIHAN KONVENSI HAK ANAK"], ["Paringin, 19-21 Agustus 2025"], []]
    rows.append(HEADER)
    for i in range(1, 301):
        row = [
            i,
            name_cell(i),
            GENDERS[i % len(GENDERS)],
            PLACES[i % len(PLACES)],
            "Guru ",
            phone_cell(i),
            BIRTH_DATES[i % len(BIRTH_DATES)],
            f"{50 + i % 30},5",
            70 + i % 30,
            1,
            "v" if i % 3 else "-",
            "hadir",
        ]
        if i in BROKEN:
            column, value, _reason = BROKEN[i]
            row[HEADER.index(column)] = value
        rows.append(row)
        if i == 120:
            rows.append([None] * len(HEADER))
    return rows


def sheet_row(i):
    """The Excel row number of person i: 4 header rows, plus the blank row after 120."""
    return 4 + i + (1 if i > 120 else 0)


@pytest.mark.django_db
def test_a_messy_300_row_sheet_gives_the_right_people_and_rejects_each_unreadable_row(
    training, institutions, balangan_admin
):
    preview = import_participants(
        xlsx(messy_rows()), training=training, user=balangan_admin, commit=True, valid_only=True
    )

    rejected = {r.number: r.errors for r in preview.report.rejected}
    assert rejected == {sheet_row(i): [reason] for i, (_c, _v, reason) in BROKEN.items()}
    assert preview.report.created_count == 300 - len(BROKEN)
    assert Person.objects.count() == 300 - len(BROKEN)
    assert Participant.objects.filter(training=training).count() == 300 - len(BROKEN)

    first = Person.objects.get(name__iexact="siti aminah nomor 1")
    assert first.name == "siti aminah nomor 1"  # as typed, trailing spaces gone
    assert first.gender == "P"  # "p"
    assert first.phone == "+6281200000001"  # "+62812..."
    assert first.institution == institutions["sdn1"]  # "sdn paringin 1 " matches exactly
    assert first.birth_year == 1985
    assert first.position == "Guru"
    assert Person.objects.get(name="SITI AMINAH NOMOR 4").gender == "L"  # "l "
    person_2 = Person.objects.get(name="Siti Aminah Nomor 2")
    assert person_2.gender == "L"  # "Laki-laki"
    assert person_2.phone == "+6281200000002"  # typed as a number
    person_3 = Person.objects.get(name="Siti Aminah Nomor 3")
    assert person_3.gender == "P"  # "PEREMPUAN"
    assert person_3.phone == "+6281200000003"  # "62 812-..."
    assert person_3.other_organisation == "Dinas Perikanan Balangan"
    assert person_3.institution is None
    assert person_3.birth_year == 1990  # "5 Agustus 1990"
    assert Person.objects.get(name="Siti Aminah Nomor 6").gender == "L"  # "pria"
    assert Person.objects.get(name="Siti Aminah Nomor 7").gender == "P"  # "Wanita"
    # Even rows are men, odd rows women; all broken rows but 275 are even.
    assert Person.objects.filter(gender="L").count() == 150 - 5
    assert Person.objects.filter(gender="P").count() == 150 - 1

    participant = Participant.objects.get(person=first)
    assert participant.pre_score == Decimal("51.5")  # "51,5"
    assert participant.post_score == Decimal("71")
    day2 = training.days.all()[1]
    assert Attendance.objects.get(participant=participant, day=day2).present is True
    third = Participant.objects.get(person=person_3)
    assert not Attendance.objects.filter(participant=third, day=day2).exists()  # "-"


@pytest.mark.django_db
def test_importing_the_same_sheet_again_creates_no_duplicates(
    training, institutions, balangan_admin
):
    rows = messy_rows()
    import_participants(
        xlsx(rows), training=training, user=balangan_admin, commit=True, valid_only=True
    )

    again = import_participants(
        xlsx(rows), training=training, user=balangan_admin, commit=True, valid_only=True
    )

    assert again.report.created_count == 0
    assert again.report.unchanged_count == 300 - len(BROKEN)
    assert Person.objects.count() == 300 - len(BROKEN)


@pytest.mark.django_db
def test_nothing_is_written_when_a_row_is_rejected_unless_valid_rows_only_is_asked(
    training, balangan_admin
):
    rows = [["Nama", "JK"], ["Ahmad", "L"], ["Budi", "?"]]

    preview = import_participants(xlsx(rows), training=training, user=balangan_admin, commit=True)

    assert preview.report.rejected[0].errors == [str(GENDER_UNREADABLE % {"value": "?"})]
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_it_reads_the_usual_header_variants_from_csv(training, institutions, balangan_admin):
    data = (
        b"Nama Peserta;JK;Lembaga;No. WA;Nilai Pre;Nilai Post;Email;Sektor\n"
        b"Rina Marlina;P;Puskesmas Juai;081299990000;60;85;RINA@Example.id;Puskesmas\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    import_participants(
        SimpleUploadedFile("daftar.csv", data),
        training=training,
        user=balangan_admin,
        commit=True,
    )

    person = Person.objects.get()
    assert (person.name, person.gender, person.phone, person.email) == (
        "Rina Marlina",
        "P",
        "+6281299990000",
        "rina@example.id",
    )
    assert person.institution == institutions["pkm"]
    assert person.sector_id == "puskesmas"
    assert Participant.objects.get().post_score == 85


@pytest.mark.django_db
def test_a_sector_that_contradicts_the_institution_is_rejected(training, institutions):
    rows = [["Nama", "Instansi", "Sektor"], ["Ahmad", "Puskesmas Juai", "Sekolah"]]

    preview = read_participants(xlsx(rows), training=training)

    assert preview.report.rejected[0].errors == [
        "sektor 'Sekolah' tidak cocok dengan sektor lembaga Puskesmas Juai (Puskesmas)"
    ]


@pytest.mark.django_db
def test_task_force_rows_link_to_members_and_unknown_members_are_rejected(
    training, task_force, balangan_admin
):
    rows = [["Nama", "Sektor"], ["RAHMADI", "Gugus Tugas"], ["Orang Asing", "gugus tugas KLA"]]

    preview = import_participants(
        xlsx(rows), training=training, user=balangan_admin, commit=True, valid_only=True
    )

    assert preview.report.rejected[0].errors == [str(MEMBER_UNKNOWN % {"name": "Orang Asing"})]
    assert Person.objects.get().member.name == "Rahmadi"


@pytest.mark.django_db
def test_the_same_person_twice_in_one_sheet_is_rejected_the_second_time(training):
    rows = [["Nama", "No HP"], ["Ahmad", "0812 1111 2222"], ["Ahmad Fauzi", "+6281211112222"]]

    preview = read_participants(xlsx(rows), training=training)

    assert preview.report.rejected[0].number == 3
    assert preview.report.rejected[0].errors == [str(DUPLICATE_ROW % {"row": 2})]


@pytest.mark.django_db
def test_close_institution_names_are_offered_and_the_pick_is_used(
    training, institutions, balangan_admin
):
    rows = [["Nama", "Instansi"], ["Ahmad", "SDN Paringin 01"]]

    preview = read_participants(xlsx(rows), training=training)
    [question] = preview.questions
    assert question.matches == [institutions["sdn1"]]
    assert preview.report.rows[0].detail.endswith("instansi dicatat sebagai organisasi lain")

    import_participants(
        xlsx(rows),
        training=training,
        user=balangan_admin,
        picks={question.param: str(institutions["sdn1"].pk)},
        commit=True,
    )
    assert Person.objects.get().institution == institutions["sdn1"]


@pytest.mark.django_db
def test_unrecognised_headers_can_be_mapped_to_fields(training, balangan_admin):
    rows = [["Daftar"], ["Peserta", "Gender", "Asal", "Skor Awal"], ["Ahmad", "L", "Bappeda", 55]]
    with pytest.raises(SheetError):
        read_participants(xlsx(rows), training=training)
    assert candidate_headers(xlsx(rows)) == ["Peserta", "Gender", "Asal", "Skor Awal"]

    preview = import_participants(
        xlsx(rows),
        training=training,
        user=balangan_admin,
        mapping={"Peserta": "name", "Asal": "institution", "Skor Awal": "pre_score"},
        commit=True,
    )

    assert preview.columns == {
        "name": "Peserta",
        "gender": "Gender",
        "institution": "Asal",
        "pre_score": "Skor Awal",
    }
    person = Person.objects.get()
    assert (person.name, person.other_organisation) == ("Ahmad", "Bappeda")
    assert Participant.objects.get().pre_score == 55


@pytest.mark.django_db
def test_the_exported_list_imports_back_as_updates(training, institutions, balangan_admin):
    rows = [
        ["Nama", "JK", "Instansi", "No HP", "Pre Test", "Hari 1"],
        ["Ahmad Fauzi", "L", "SDN Paringin 1", "081211112222", 50, 1],
        ["Siti Aminah", "P", "Dinas Sosial", "081233334444", 60, 0],
    ]
    import_participants(xlsx(rows), training=training, user=balangan_admin, commit=True)
    exported = load_workbook(io.BytesIO(export_participants(training)))
    sheet = exported.active

    unchanged = read_participants(_upload(exported), training=training)
    assert unchanged.report.unchanged_count == 2
    header = [c.value for c in sheet[4]]
    sheet.cell(row=5, column=header.index("Post Test") + 1, value=90)  # Ahmad Fauzi
    sheet.cell(row=6, column=header.index("Hari 2 (20/08/2025)") + 1, value=1)  # Siti Aminah
    preview = import_participants(
        _upload(exported), training=training, user=balangan_admin, commit=True
    )

    assert (preview.report.updated_count, preview.report.unchanged_count) == (2, 0)
    assert Person.objects.count() == 2
    assert Participant.objects.get(person__name="Ahmad Fauzi").post_score == 90
    siti = Participant.objects.get(person__name="Siti Aminah")
    assert [a.day.date.day for a in siti.attendance.filter(present=True)] == [20]


def _upload(book):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("ekspor.xlsx", buffer.getvalue())


@pytest.mark.django_db
def test_the_command_previews_by_default_and_writes_with_commit(training, balangan_admin, tmp_path):
    path = tmp_path / "peserta.xlsx"
    path.write_bytes(xlsx([["Nama", "JK"], ["Ahmad", "L"], ["Budi", "?"]]).read())
    out = io.StringIO()

    call_command("import_participants", str(path), "--training", str(training.pk), stdout=out)
    assert Person.objects.count() == 0
    text = out.getvalue()
    assert "1 dibuat, 0 diperbarui, 0 tidak berubah, 1 ditolak" in text
    assert "baris 3: ditolak - Budi: jenis kelamin '?' tidak terbaca (pakai L atau P)" in text
    assert "tidak ada yang disimpan" in text

    out = io.StringIO()
    call_command(
        "import_participants", str(path), "--training", str(training.pk), "--commit", stdout=out
    )
    assert list(Person.objects.values_list("name", flat=True)) == ["Ahmad"]
    assert "Disimpan: 1 dibuat, 0 diperbarui; 1 ditolak tidak disimpan." in out.getvalue()

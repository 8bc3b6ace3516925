"""Indicators 25 and 26 from the kecamatan and desa answers: the shares against values
worked out by hand, the Excel sheets with their bad rows, who may report for which area,
and the question rows kept equal to a recomputation (``indicators/areas.py``)."""

import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from indicators import area_demo, areas, workflow
from indicators.models import AreaAnswer, Assessment, AssessmentFigures, ItemAssessment, ItemStatus
from kla_portal.models import District, Membership, Role, Village
from kla_portal.spreadsheets import SheetError
from tests.conftest import make_user
from tests.indicators.filling import fill

pytestmark = pytest.mark.django_db

BALANGAN_KECAMATAN = [f"63.11.0{n}" for n in range(1, 9)]
BALANGAN_DESA = 157
JUAI, PARINGIN = "63.11.01", "63.11.06"


@pytest.fixture(scope="module")
def world(module_db):
    """Balangan's 2026 draft on the 2024 instrument, its admin, a task-force member and
    the operator of Kecamatan Paringin, built once for the module."""
    with module_db():
        balangan = District.objects.get(code="63.11")
        admin = make_user("balangan", Role.DISTRICT_ADMIN, district=balangan)
        member = make_user("gugus.balangan", Role.TASK_FORCE_MEMBER, district=balangan)
        operator = make_user("kec.paringin")
        Membership.objects.create(
            user=operator,
            role=Role.KECAMATAN_OPERATOR,
            district=balangan,
            subdistrict_id=PARINGIN,
        )
        assessment = workflow.start_assessment(district=balangan, year=2026, user=admin)
        return {"assessment": assessment, "admin": admin, "member": member, "operator": operator}


@pytest.fixture
def assessment(world):
    return Assessment.objects.select_related("district", "framework").get(pk=world["assessment"].pk)


def fresh(user):
    """The user without the memberships cached on the shared instance."""
    return type(user).objects.get(pk=user.pk)


def row(assessment, code) -> ItemAssessment:
    indicator, question = code.split(".")
    return ItemAssessment.objects.select_related("item__indicator", "assessment__district").get(
        assessment=assessment, item__indicator__code=indicator, item__code=question
    )


def xlsx(rows, name="laporan.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.worksheets[0]
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def balangan_desa() -> list[str]:
    return list(
        Village.objects.filter(subdistrict__district="63.11")
        .order_by("code")
        .values_list("code", flat=True)
    )


# A kecamatan sheet: seven good rows, a bad value, an unknown code, a kecamatan of HST.
KECAMATAN_SHEET = [
    ["Laporan Kelana 2026"],
    [],
    ["Kode", "Kecamatan", "25.2", "25.4", "25.7a"],
    ["63.11.01", "Juai", "Ya", "Ya", "Ya"],
    ["63.11.02", "Halong", "ya", "Tidak", "Ya"],
    ["63.11.03", "Awayan", "Ya", 1, "1"],
    ["631104", "Batu Mandi", "Y", 0, "Ya"],
    ["63.11.05", "Lampihong", "Ya", "Ya", "Ya"],
    ["63.11.06", "Paringin", "Tidak", "Tidak", "Ya"],
    ["63.11.07", "Paringin Selatan", None, "Ya", "Ya"],
    ["63.11.08", "Tebing Tinggi", "mungkin", "Ya", "Ya"],
    ["63.11.99", "Tidak ada", "Ya", "Ya", "Ya"],
    ["63.07.01", "Haruyan", "Ya", "Ya", "Ya"],
]
KECAMATAN_REASONS = {
    11: ["25.2: 'mungkin' bukan Ya atau Tidak"],
    12: ["kode kecamatan '63.11.99' tidak dikenal"],
    13: [
        "kecamatan Haruyan (63.07.01) ada di Kabupaten Hulu Sungai Tengah, bukan di "
        "Kabupaten Balangan"
    ],
}


def test_every_question_of_25_and_26_is_answered_per_area_but_the_screening_one(assessment):
    rows = areas.area_questions(assessment)

    kecamatan = [r.item.full_code for r in rows if areas.level_of(r.item) == areas.KECAMATAN]
    desa = [r.item.full_code for r in rows if areas.level_of(r.item) == areas.DESA]
    assert kecamatan == [
        "25.2", "25.3", "25.4", "25.5", "25.6", "25.7a", "25.7b", "25.7c", "25.7d", "25.8",
        "25.9", "25.10", "25.11", "25.12", "25.13",
    ]  # fmt: skip
    assert len(desa) == 19 and "26.17" not in desa and desa[-1] == "26.18"


def test_the_kecamatan_sheet_preview_lists_the_bad_rows_and_writes_nothing(world, assessment):
    preview = areas.preview_area_import(
        assessment=assessment,
        user=world["admin"],
        file=xlsx(KECAMATAN_SHEET),
        level=areas.KECAMATAN,
    )

    report = preview.report
    assert {r.number: r.errors for r in report.rejected} == KECAMATAN_REASONS
    assert (report.created_count, report.updated_count, report.rejected_count) == (7, 0, 3)
    assert [r.label for r in report.rows][:2] == ["63.11.01 Juai", "63.11.02 Halong"]
    assert AreaAnswer.objects.count() == 0
    assert row(assessment, "25.2").figure_current is None


def test_a_sheet_with_bad_rows_is_not_written_unless_only_the_valid_rows_are_asked_for(
    world, assessment
):
    report, written = areas.apply_area_import(
        assessment=assessment,
        user=world["admin"],
        file=xlsx(KECAMATAN_SHEET),
        level=areas.KECAMATAN,
        only_valid=False,
    )

    assert not written and report.rejected_count == 3
    assert AreaAnswer.objects.count() == 0
    assert row(assessment, "25.4").self_status == ""


def test_the_kecamatan_shares_are_the_hand_computed_ones(world, assessment):
    _report, written = areas.apply_area_import(
        assessment=assessment,
        user=world["admin"],
        file=xlsx(KECAMATAN_SHEET),
        level=areas.KECAMATAN,
        only_valid=True,
    )

    assert written
    # 25.2: Ya in Juai, Halong, Awayan, Batu Mandi, Lampihong (5 of 8); Tebing Tinggi's
    # row was rejected and Paringin Selatan left it blank: 62.50%, a half.
    # 25.4: Juai, Awayan, Lampihong, Paringin Selatan (4 of 8): 50.00%, a half.
    # 25.7a (yes/no): 7 of 8, Tebing Tinggi not reported: 87.50%, "Tidak".
    expected = {
        "25.2": (Decimal("62.50"), ItemStatus.PARTLY),
        "25.4": (Decimal("50.00"), ItemStatus.PARTLY),
        "25.7a": (Decimal("87.50"), ItemStatus.NOT_MET),
    }
    for code, answer in expected.items():
        found = row(assessment, code)
        assert (found.figure_current, found.self_status) == answer, code
    share = next(s for s in areas.shares(assessment) if s.code == "25.2")
    assert (share.total, share.meeting, share.reported) == (8, 5, 6)
    assert [line.name for line in share.not_met] == ["Paringin"]
    assert [line.name for line in share.missing] == ["Paringin Selatan", "Tebing Tinggi"]
    assert AreaAnswer.objects.filter(item=row(assessment, "25.2")).count() == 6

    areas.record_area_answers(
        item=row(assessment, "25.7a"), user=world["admin"], answers={"63.11.08": (True, "")}
    )

    found = row(assessment, "25.7a")
    assert (found.figure_current, found.self_status) == (Decimal("100.00"), ItemStatus.MET)
    assert found.updated_by == world["admin"]


def test_the_desa_shares_are_the_hand_computed_ones_and_bad_rows_are_listed(world, assessment):
    codes = balangan_desa()
    assert len(codes) == BALANGAN_DESA
    # 26.2: the first 118 desa Ya (118/157 = 75.16%: 3/4); 26.15: the first 40 Ya, the
    # others Tidak (40/157 = 25.48%: 1/4); 26.4: the first 39 (24.84%: 0), the rest blank.
    rows = [["Kode", "Kecamatan", "Desa/Kelurahan", "26.2", "26.4", "26.15"]]
    for n, code in enumerate(codes):
        rows.append([code, "", "", "Ya" if n < 118 else "Tidak", "Ya" if n < 39 else None, n < 40])
    rows += [
        ["63.11.01.2999", "", "Tidak ada", "Ya", "Ya", "Ya"],
        ["64.71.01.1001", "", "Manggar", "Ya", "Ya", "Ya"],
        [codes[0], "", "", "Tidak", "Tidak", "Tidak"],
        [JUAI, "", "Juai", "Ya", "Ya", "Ya"],
    ]
    sheet = xlsx(rows)
    preview = areas.preview_area_import(
        assessment=assessment, user=world["admin"], file=sheet, level=areas.DESA
    )

    last = BALANGAN_DESA + 1
    assert {r.number: r.errors for r in preview.report.rejected} == {
        last + 1: ["kode desa/kelurahan '63.11.01.2999' tidak dikenal"],
        last + 2: [
            "desa/kelurahan Manggar (64.71.01.1001) ada di Kota Balikpapan, bukan di "
            "Kabupaten Balangan"
        ],
        last + 3: ["kode yang sama dengan baris 2"],
        last + 4: ["kode desa/kelurahan '63.11.01' tidak dikenal"],
    }
    assert AreaAnswer.objects.count() == 0

    _report, written = areas.apply_area_import(
        assessment=assessment, user=world["admin"], file=sheet, level=areas.DESA, only_valid=True
    )

    assert written
    expected = {
        "26.2": (Decimal("75.16"), ItemStatus.THREE_QUARTERS),
        "26.15": (Decimal("25.48"), ItemStatus.QUARTER),
        "26.4": (Decimal("24.84"), ItemStatus.NOT_MET),
    }
    for code, answer in expected.items():
        found = row(assessment, code)
        assert (found.figure_current, found.self_status) == answer, code
    share = next(s for s in areas.shares(assessment) if s.code == "26.4")
    assert (share.total, share.meeting, share.reported, len(share.missing)) == (157, 39, 39, 118)


def test_a_kecamatan_operator_reports_for_its_kecamatan_and_its_desa_only(world, assessment):
    operator = fresh(world["operator"])
    paringin_desa = Village.objects.filter(subdistrict=PARINGIN).order_by("code").first()
    juai_desa = Village.objects.filter(subdistrict=JUAI).order_by("code").first()

    areas.record_sheet_answers(
        assessment=assessment,
        user=operator,
        answers={
            row(assessment, "25.2").pk: {PARINGIN: (True, "Forum Anak Kecamatan aktif")},
            row(assessment, "26.2").pk: {paringin_desa.code: (True, None)},
        },
    )

    assert row(assessment, "25.2").figure_current == Decimal("12.50")  # 1 of 8
    stored = AreaAnswer.objects.get(subdistrict=PARINGIN)
    assert (stored.notes, stored.updated_by, stored.history.get().history_user) == (
        "Forum Anak Kecamatan aktif",
        operator,
        operator,
    )
    for answers in (
        {row(assessment, "25.2").pk: {JUAI: (True, "")}},
        {row(assessment, "26.2").pk: {juai_desa.code: (True, "")}},
        # One area of its own beside one that is not: nothing of it is written.
        {row(assessment, "25.3").pk: {PARINGIN: (True, ""), JUAI: (False, "")}},
    ):
        with pytest.raises(PermissionDenied):
            areas.record_sheet_answers(assessment=assessment, user=operator, answers=answers)
    assert AreaAnswer.objects.count() == 2
    with pytest.raises(PermissionDenied):
        areas.record_area_answers(
            item=row(assessment, "25.2"),
            user=fresh(world["member"]),
            answers={PARINGIN: (False, "")},
        )


def test_a_code_outside_the_district_or_a_question_not_per_area_is_refused(world, assessment):
    with pytest.raises(ValidationError) as refused:
        areas.record_area_answers(
            item=row(assessment, "25.2"), user=world["admin"], answers={"63.07.01": (True, "")}
        )
    assert refused.value.messages == ["63.07.01 bukan kode kecamatan di Kabupaten Balangan."]
    with pytest.raises(ValidationError) as refused:
        areas.record_area_answers(
            item=row(assessment, "26.17"), user=world["admin"], answers={JUAI: (True, "")}
        )
    assert refused.value.messages == ["26.17 tidak dijawab per kecamatan atau per desa/kelurahan."]


def test_after_submission_only_a_returned_question_takes_answers(world, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    ItemAssessment.objects.filter(pk=row(assessment, "25.3").pk).update(is_returned=True)
    operator = fresh(world["operator"])

    with pytest.raises(ValidationError) as refused:
        areas.record_area_answers(
            item=row(assessment, "25.2"), user=operator, answers={PARINGIN: (True, "")}
        )
    areas.record_area_answers(
        item=row(assessment, "25.3"), user=operator, answers={PARINGIN: (True, "")}
    )

    assert refused.value.messages == [
        "25.2: pertanyaan ini tidak dapat diubah pada tahap penilaian sekarang."
    ]
    assert row(assessment, "25.3").figure_current == Decimal("12.50")


def test_the_question_rows_and_the_score_equal_a_recomputation(world, assessment):
    before = AssessmentFigures.objects.get(assessment=assessment).total
    answers = dict.fromkeys(BALANGAN_KECAMATAN, (True, ""))
    areas.record_area_answers(item=row(assessment, "25.4"), user=world["admin"], answers=answers)
    areas.record_area_answers(
        item=row(assessment, "25.4"), user=world["admin"], answers={JUAI: (False, "")}
    )

    kept = AssessmentFigures.objects.get(assessment=assessment).total
    assert kept == before + Decimal("4") * Decimal("0.75")  # 25.4: 4 points, 7 of 8: 3/4
    assert areas.refresh_shares(assessment=assessment) == []
    for share in areas.shares(assessment):
        assert (share.row.figure_current, share.row.self_status) == (
            share.percent,
            share.status,
        ), share.code
    call_command("refresh_figures", stdout=StringIO())
    assert AssessmentFigures.objects.get(assessment=assessment).total == kept


def test_answering_again_the_same_writes_nothing(world, assessment):
    item = row(assessment, "25.5")
    areas.record_area_answers(item=item, user=world["admin"], answers={JUAI: (True, "a")})
    version = row(assessment, "25.5").updated_at

    saved = areas.record_area_answers(
        item=row(assessment, "25.5"), user=world["admin"], answers={JUAI: (True, None)}
    )

    assert (saved.changed, saved.unchanged) == (0, 1)
    assert row(assessment, "25.5").updated_at == version
    assert AreaAnswer.objects.get(item=item).history.count() == 1


def test_the_template_lists_the_district_with_its_answers_and_imports_back_unchanged(
    world, assessment
):
    areas.record_area_answers(
        item=row(assessment, "26.3"),
        user=world["admin"],
        answers={balangan_desa()[0]: (True, ""), balangan_desa()[1]: (False, "")},
    )

    data = areas.template_workbook(assessment, areas.DESA)

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[2][:4] == ("Kode", "Kecamatan", "Desa/Kelurahan", "26.2")
    assert len(values) == 3 + BALANGAN_DESA
    assert values[3][:5] == ("63.11.01.2001", "Juai", "Muara Ninian", None, "Ya")
    assert values[4][4] == "Tidak"
    preview = areas.preview_area_import(
        assessment=assessment,
        user=world["admin"],
        file=SimpleUploadedFile("templat.xlsx", data),
        level=areas.DESA,
    )
    report = preview.report
    assert (report.unchanged_count, report.created_count + report.updated_count) == (157, 0)
    assert len(preview.questions) == 19


def test_a_sheet_without_question_columns_is_refused_whole(world, assessment):
    with pytest.raises(SheetError) as refused:
        areas.preview_area_import(
            assessment=assessment,
            user=world["admin"],
            file=xlsx([["Kode", "Kecamatan", "Forum Anak"], [JUAI, "Juai", "Ya"]]),
            level=areas.KECAMATAN,
        )
    assert str(refused.value).startswith(
        "Tidak ada kolom pertanyaan di berkas. Judul kolomnya nomor pertanyaan: 25.2, 25.3,"
    )


@pytest.mark.parametrize(
    ("cell", "meets"),
    [("Ya", True), ("TIDAK", False), (1, True), (0.0, False), ("✓", True), (None, None),
     (" ", None), (True, True), ("Tdk", False), ("ada", True),
     # The template downloaded in English writes Yes/No.
     ("Yes", True), ("No", False)],
)  # fmt: skip
def test_a_cell_reads_as_an_answer(cell, meets):
    assert areas.parse_meets(cell) is meets


def test_a_cell_that_is_not_yes_or_no_is_an_error():
    with pytest.raises(ValueError):
        areas.parse_meets("sebagian")


def test_a_code_typed_without_dots_is_read_as_one():
    assert areas.normalize_code(" 6311012001 ") == "63.11.01.2001"
    assert areas.normalize_code("631101") == "63.11.01"
    assert areas.normalize_code("63.11.01") == "63.11.01"


def test_the_demo_reports_every_kecamatan_and_keeps_the_answers_the_plan_gave(world, assessment):
    planned = {
        "25.2": ItemStatus.MET,
        "25.3": ItemStatus.THREE_QUARTERS,
        "25.4": ItemStatus.PARTLY,
        "25.5": ItemStatus.QUARTER,
        "25.7a": ItemStatus.NOT_MET,
        "26.2": ItemStatus.PARTLY,
        "26.7": ItemStatus.MET,
        "26.15": ItemStatus.QUARTER,
    }
    fill(assessment, planned)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.VERIFIED)
    balangan = District.objects.get(code="63.11")

    lines = area_demo.seed_area_answers(balangan, 2026)

    assert lines and lines[0].startswith("kecamatan/desa Balangan 2026: ")
    found = {s.code: s for s in areas.shares(assessment)}
    for code, status in planned.items():
        assert (found[code].row.self_status, found[code].status) == (status, status), code
    assert all(s.percent is not None and s.row.figure_current == s.percent for s in found.values())
    assert AreaAnswer.objects.filter(subdistrict__isnull=False).count() == 8 * 15
    assert found["25.4"].meeting == 4 and not found["25.4"].missing
    assert not found["26.7"].missing and found["26.2"].missing  # some desa still to report
    operator = AreaAnswer.objects.filter(subdistrict=PARINGIN).first().updated_by
    assert operator.username == "kec.paringin"
    assert area_demo.seed_area_answers(balangan, 2026) == []

"""The steps every import shares: rows checked in sheet order, a preview, a commit that
writes the whole file or, when asked, only its valid rows, in one transaction."""

import pytest
from django.core.management.base import CommandError

from kla_portal.imports import (
    FILE_MISSING,
    NOTHING_WRITTEN,
    USER_UNKNOWN,
    Preview,
    PreviewRow,
    RowChange,
    SeenRows,
    changed_values,
    check_rows,
    command_report,
    commit_preview,
    create_or_update,
    importing_user,
)
from kla_portal.models import Province
from kla_portal.spreadsheets import Row, RowResult, SheetError, Table


def table(*names):
    return Table(
        columns={"name": "Nama"},
        rows=[Row(number=n, values={"name": name}) for n, name in enumerate(names, start=3)],
        ignored_headers=["No"],
    )


def check(row):
    """A row check as each import writes one: a blank name rejects its row."""
    name = row.values["name"]
    if not name:
        return PreviewRow(RowResult(row.number, "reject", errors=["nama kosong"]))
    action = "unchanged" if name == "Lama" else "create"
    return PreviewRow(RowResult(row.number, action, label=name), RowChange({"name": name}))


def test_every_row_is_checked_in_sheet_order_and_the_preview_keeps_the_headers():
    preview = check_rows(table("Siti", None, "Lama", "Ahmad"), check, Preview())

    assert [(r.result.number, r.result.action) for r in preview.rows] == [
        (3, "create"),
        (4, "reject"),
        (5, "unchanged"),
        (6, "create"),
    ]
    assert (preview.columns, preview.ignored_headers) == ({"name": "Nama"}, ["No"])
    assert preview.report.summary() == "2 dibuat, 0 diperbarui, 1 tidak berubah, 1 ditolak"
    assert [r.change.values["name"] for r in preview.rows_to_write] == ["Siti", "Ahmad"]


@pytest.mark.django_db
def test_a_file_with_rejected_rows_is_written_only_when_the_user_leaves_them_out():
    preview = check_rows(table("Siti", None, "Lama"), check, Preview())
    written = []

    assert commit_preview(preview, written.append, only_valid=False) is False
    assert written == []

    assert commit_preview(preview, written.append, only_valid=True) is True
    [rows] = written
    assert [r.result.label for r in rows] == ["Siti"]


@pytest.mark.django_db
def test_a_file_without_rejected_rows_is_written_whole():
    preview = check_rows(table("Siti", "Ahmad"), check, Preview())
    written = []

    assert commit_preview(preview, written.append, only_valid=False) is True
    assert [r.result.label for r in written[0]] == ["Siti", "Ahmad"]


@pytest.mark.django_db
def test_a_writer_that_fails_halfway_leaves_nothing_written():
    preview = check_rows(table("Siti"), check, Preview())

    def write(rows):
        Province.objects.create(code="99", name="Provinsi Uji")
        raise RuntimeError("the database refused a row")

    with pytest.raises(RuntimeError):
        commit_preview(preview, write, only_valid=False)
    assert not Province.objects.filter(code="99").exists()


def test_a_repeated_row_names_the_first_row_that_had_any_of_its_keys():
    seen = SeenRows()

    assert seen.repeat_of(2, "siti", "+628123") is None
    assert seen.repeat_of(3, "ahmad") is None
    assert seen.repeat_of(4, "rina", "+628123") == 2
    # A rejected repeat claims none of its keys: a later row is named after the first.
    assert seen.repeat_of(5, "rina") is None


def test_a_blank_cell_leaves_the_stored_value_alone():
    stored = Province(code="63", name="Kalimantan Selatan")

    assert changed_values(stored, {"code": "", "name": None}) == {}
    assert changed_values(stored, {"code": "63", "name": "Kalsel"}) == {"name": "Kalsel"}


def test_a_matched_row_updates_what_it_changes_and_names_those_fields():
    stored = Province(code="63", name="Kalimantan Selatan")

    update = create_or_update(RowResult(2, "reject"), {"name": "Kalsel"}, stored)
    same = create_or_update(RowResult(3, "reject", detail="cocok"), {"name": ""}, stored)
    new = create_or_update(RowResult(4, "reject"), {"name": "Kaltim"}, None)

    assert (update.result.action, update.result.detail) == ("update", "nama")
    assert update.change == RowChange({"name": "Kalsel"}, stored, {"name": "Kalsel"})
    assert (same.result.action, same.result.detail) == ("unchanged", "cocok")
    assert (new.result.action, new.change) == ("create", RowChange({"name": "Kaltim"}))


def test_a_row_may_bring_its_own_changes():
    stored = Province(code="63", name="Kalimantan Selatan")

    row = create_or_update(RowResult(2, "reject"), {}, stored, {"code": "64", "name": "X"})

    assert (row.result.action, row.result.detail) == ("update", "kode, nama")


def test_the_refusal_names_how_many_rows_were_rejected():
    assert str(NOTHING_WRITTEN % {"count": 3}) == (
        "Tidak ada yang disimpan: 3 baris ditolak. Perbaiki berkasnya, atau centang "
        "'impor hanya baris yang valid'."
    )


@pytest.mark.django_db
def test_a_command_records_the_user_it_is_told_or_none(balangan_admin):
    assert importing_user("balangan") == balangan_admin
    assert importing_user(None) is None
    with pytest.raises(CommandError) as refused:
        importing_user("tidak.ada")
    assert str(refused.value) == USER_UNKNOWN % {"username": "tidak.ada"}


def test_a_command_is_a_dry_run_unless_told_to_commit():
    preview = check_rows(table("Siti", None), check, Preview())
    committed = preview.report
    options = {"file": "lembaga.xlsx", "user": None}

    def apply(path, user):
        return committed, True

    dry = command_report({**options, "commit": False}, preview=lambda path: preview, apply=apply)
    done = command_report({**options, "commit": True}, preview=lambda path: preview, apply=apply)

    assert dry.summary() == preview.report.summary()
    assert done is committed


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (SheetError("Berkas kosong."), "Berkas kosong."),
        (FileNotFoundError("lembaga.xlsx"), FILE_MISSING % {"path": "lembaga.xlsx"}),
    ],
)
def test_a_command_says_what_is_wrong_with_the_file_instead_of_a_traceback(error, message):
    def preview(path):
        raise error

    with pytest.raises(CommandError) as refused:
        command_report(
            {"file": "lembaga.xlsx", "commit": False, "user": None}, preview=preview, apply=None
        )
    assert str(refused.value) == message

from kla_portal.history import history_of
from stakeholders.models import Institution


def test_history_shows_who_changed_which_field_and_keeps_zero_and_empty_apart(
    balangan, balangan_admin, sectors
):
    school = Institution(district=balangan, sector=sectors["sekolah"], name="SDN 1 Juai")
    school._history_user = balangan_admin
    school.save()
    school.stage = 1
    school.address = "Jl. Ahmad Yani"
    school._history_user = balangan_admin
    school.save()

    changed, created = history_of(school)

    assert (created.action, created.who) == ("dibuat", "balangan")
    assert changed.action == "diubah"
    assert {(c.field, c.old, c.new) for c in changed.changes} == {
        ("tahap", 0, 1),
        ("alamat", "", "Jl. Ahmad Yani"),
    }

"""The one save of every write function: checked first, only the named fields, and a
history record that names who acted."""

import pytest
from django.core.exceptions import ValidationError

from kla_portal.history import save_with_history
from stakeholders.models import Institution

pytestmark = pytest.mark.django_db


def test_it_records_who_saved_and_writes_only_the_named_fields(balangan, balangan_admin, sectors):
    school = Institution(district=balangan, sector=sectors["sekolah"], name="SDN 1 Juai")
    save_with_history(school, user=balangan_admin)
    school.address = "Jl. Ahmad Yani"
    school.name = "Nama yang tidak disimpan"

    save_with_history(school, user=balangan_admin, fields=["address"])

    school.refresh_from_db()
    assert (school.name, school.address) == ("SDN 1 Juai", "Jl. Ahmad Yani")
    assert [r.history_user for r in school.history.all()] == [balangan_admin, balangan_admin]


def test_it_refuses_a_value_the_model_refuses_before_writing_anything(
    balangan, balangan_admin, sectors
):
    school = Institution(district=balangan, sector=sectors["sekolah"], name="x" * 201)

    with pytest.raises(ValidationError) as refused:
        save_with_history(school, user=balangan_admin)

    assert list(refused.value.message_dict) == ["name"]
    assert not Institution.objects.exists()


def test_a_write_that_checked_its_rows_itself_can_skip_the_check(balangan, balangan_admin, sectors):
    # A blank name fails full_clean, but every database stores it.
    school = Institution(district=balangan, sector=sectors["sekolah"], name="")

    save_with_history(school, user=balangan_admin, clean=False)

    assert school.history.get().history_user == balangan_admin

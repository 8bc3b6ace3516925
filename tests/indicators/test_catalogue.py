"""The earlier draft framework and the loader (indicators/catalogue.py); the 2024
instrument is tested in test_instrument.py."""

from decimal import Decimal

from django.db.models import Sum

from indicators import catalogue, derived
from indicators.models import ChecklistItem, Framework, Indicator
from kla_portal.models import Cluster


def test_it_loads_the_24_indicators_of_perpres_25_2021_worth_1000_points(framework):
    indicators = Indicator.objects.filter(framework=framework)

    assert indicators.count() == 24
    assert indicators.aggregate(total=Sum("max_points"))["total"] == Decimal(1000)
    sizes = {c: indicators.filter(cluster=c).count() for c, _label in Cluster.choices}
    assert sizes == {"K": 3, "I": 3, "II": 4, "III": 6, "IV": 4, "V": 4}
    assert framework.points_provisional
    assert framework.first_year == 2021


def test_every_indicator_has_three_to_six_weighted_butir(framework):
    for indicator in Indicator.objects.filter(framework=framework).prefetch_related("items"):
        items = list(indicator.items.all())
        assert 3 <= len(items) <= 6, indicator
        assert all(i.weight > 0 and i.text for i in items)


def test_indicators_the_reference_marks_provisional_are_flagged(framework):
    provisional = set(
        Indicator.objects.filter(framework=framework, is_provisional=True).values_list(
            "number", flat=True
        )
    )
    assert provisional == {13, 15, 17, 18, 21, 22, 23, 24}


def test_indicator_2_covers_the_task_force_decree_structure_meetings_and_rad_kla(framework):
    items = list(
        ChecklistItem.objects.filter(indicator__framework=framework, indicator__number=2).order_by(
            "order"
        )
    )

    assert items[0].derived_source == "task_force_decree"
    assert items[1].derived_source == "task_force_structure"
    assert "4 kali" in items[3].text and items[3].kind == ChecklistItem.Kind.GRADED
    assert "RAD KLA" in items[4].text


def test_every_derived_source_code_has_a_rule(framework):
    codes = set(
        ChecklistItem.objects.exclude(derived_source="").values_list("derived_source", flat=True)
    )
    assert {"task_force_decree", "sector_stage:sekolah", "rtl_completion:19"} <= codes
    assert all(derived.is_known(code) for code in codes)


def test_reloading_adds_only_what_is_missing_and_keeps_a_superusers_edits(framework):
    item = ChecklistItem.objects.get(indicator__framework=framework, indicator__number=2, order=1)
    item.weight = Decimal("3.50")
    item.save()
    ChecklistItem.objects.filter(
        indicator__framework=framework, indicator__number=24, order=4
    ).delete()

    lines = catalogue.load()

    assert lines == [
        "kerangka perpres-25-2021: sudah ada, indikator: 0 baru, butir: 1 baru",
        "kerangka kla-2024: sudah ada",
    ]
    assert ChecklistItem.objects.get(pk=item.pk).weight == Decimal("3.50")
    assert ChecklistItem.objects.filter(indicator__framework=framework).count() == 97
    assert Framework.objects.count() == 2


def test_superusers_edit_the_framework_in_the_admin_with_its_butir_inline(
    client_for, superuser, framework
):
    indicator = Indicator.objects.get(framework=framework, number=2)

    page = client_for(superuser).get(f"/admin/indicators/indicator/{indicator.pk}/change/")

    assert page.status_code == 200
    assert "SK Gugus Tugas KLA yang masih berlaku" in page.content.decode()
    assert "task_force_decree" in page.content.decode()

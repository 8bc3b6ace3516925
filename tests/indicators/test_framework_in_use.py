"""A framework that assessments were submitted on keeps its points (issue 20, finding 4).

Raising one indicator's maximum in the admin used to re-score a locked assessment. Now
the admin refuses any change to the points of a framework a submitted, verified or
locked assessment uses, pointing to a new version, and every such assessment's totals
(its figures row and its stages' frozen totals) are what they were. A framework whose
indicator maxima do not add up to its total cannot be saved at all. The category bands
are the framework's own.
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.admin import site
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from indicators import instrument, scoring
from indicators.admin import FRAMEWORK_IN_USE, MAXIMA_NOT_TOTAL
from indicators.models import (
    BANDS_INVALID,
    Assessment,
    AssessmentFigures,
    AssessmentStage,
    Framework,
    Indicator,
    default_bands,
)
from kla_portal.models import District
from tests.conftest import make_user
from tests.indicators.exports.conftest import make_assessment
from tests.test_authorization_matrix import signed_in


@pytest.fixture(scope="module")
def world(module_db):
    with module_db():
        framework = Framework.objects.get(code="kla-2024")
        locked = make_assessment(District.objects.get(code="63.11"), framework)
        Assessment.objects.filter(pk=locked.pk).update(status=Assessment.Status.LOCKED)
        spare = Framework.objects.create(
            code="uji", name="Kerangka uji", first_year=2031, total_points=Decimal(100)
        )
        for number, points in ((1, 40), (2, 60)):
            Indicator.objects.create(
                framework=spare,
                number=number,
                code=str(number),
                cluster="K",
                name=f"Indikator {number}",
                name_en=f"Indicator {number}",
                max_points=Decimal(points),
            )
        root = make_user("root", is_superuser=True, is_staff=True)
        return SimpleNamespace(framework=framework, spare=spare, root=root, session=signed_in(root))


def admin(world) -> Client:
    client = Client()
    client.cookies["sessionid"] = world.session
    return client


def totals() -> list:
    """Every figure row and every frozen stage total of the locked and submitted ones."""
    return [
        *AssessmentFigures.objects.order_by("pk").values_list(
            "pk", "total", "verified", "clusters"
        ),
        *AssessmentStage.objects.order_by("pk").values_list("pk", "stage", "total", "category"),
    ]


def _form_values(form, data: dict):
    """The fields as the page posts them, with the hidden initial value the page holds
    for a field whose default is a callable (the bands)."""
    for field in form:
        value = field.value()
        names = [field.html_name]
        if field.field.show_hidden_initial:
            names.append(field.html_initial_name)
        for name in names:
            if value is True:
                data[name] = "on"
            elif value is not False and value is not None:
                data[name] = str(value)


def validate(world, obj, edit) -> list:
    """What the admin's change page would say of these edits (``edit`` changes the data
    the page would post back unchanged): the errors of its form and inlines, as
    ``ModelAdmin._changeform_view`` checks them, without rendering a page of 31 rows."""
    model_admin = site._registry[type(obj)]
    request = RequestFactory().post("/")
    request.user = world.root
    Form = model_admin.get_form(request, obj, change=True)
    sets = [
        (FormSet, FormSet.get_default_prefix())
        for FormSet, _ in model_admin.get_formsets_with_inlines(request, obj)
    ]
    data: dict = {}
    _form_values(Form(instance=obj), data)
    for FormSet, prefix in sets:
        unbound = FormSet(instance=obj, prefix=prefix)
        _form_values(unbound.management_form, data)
        for form in unbound.forms:
            _form_values(form, data)
    edit(data)
    form = Form(data, instance=type(obj).objects.get(pk=obj.pk))
    parent = model_admin.save_form(request, form, change=True) if form.is_valid() else form.instance
    errors = [str(e) for e in form.non_field_errors()]
    for FormSet, prefix in sets:
        formset = FormSet(data, instance=parent, prefix=prefix)
        formset.is_valid()
        errors.extend(str(e) for e in formset.non_form_errors())
        for form_errors in formset.errors:
            errors.extend(str(e) for e in form_errors.get("__all__", []))
    return errors


def in_use(framework) -> str:
    return FRAMEWORK_IN_USE % {"code": framework.code}


@pytest.mark.django_db
def test_raising_an_indicators_maximum_of_a_framework_in_use_is_refused(world):
    """The issue's own steps, through the admin's page."""
    indicator = world.framework.indicators.get(number=1)
    path = f"/admin/indicators/indicator/{indicator.pk}/change/"
    client = admin(world)
    page = client.get(path)
    data: dict = {}
    _form_values(page.context["adminform"].form, data)
    for inline in page.context["inline_admin_formsets"]:
        _form_values(inline.formset.management_form, data)
        for form in inline.formset.forms:
            _form_values(form, data)
    before = totals()

    response = client.post(path, {**data, "max_points": "100"})

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [in_use(world.framework)]
    indicator.refresh_from_db()
    assert indicator.max_points != Decimal(100)
    assert totals() == before


@pytest.mark.django_db
def test_the_frameworks_page_refuses_new_maxima_weights_or_bands_for_it(world):
    before = totals()
    edits = {
        "maximum": lambda data: data.update({"indicators-0-max_points": "100"}),
        "total": lambda data: data.update(total_points="1100"),
        "bands": lambda data: data.update(bands='[["0", "none"], ["100", "kla"]]'),
    }
    removal = lambda data: data.update({"indicators-0-DELETE": "on"})  # noqa: E731

    results = {name: validate(world, world.framework, edit) for name, edit in edits.items()}

    assert {name: in_use(world.framework) in errors for name, errors in results.items()} == (
        dict.fromkeys(edits, True)
    )
    # Removing an indicator that answers point to is refused too (the answers protect it).
    assert validate(world, world.framework, removal) != []
    assert totals() == before


@pytest.mark.django_db
def test_its_wording_can_still_be_corrected(world):
    errors = validate(world, world.framework, lambda data: data.update(notice="Teks resmi."))

    assert errors == []


@pytest.mark.django_db
def test_importing_new_points_for_it_is_refused(world):
    spec = instrument.check(instrument.as_data(world.framework))

    with pytest.raises(instrument.InstrumentError, match="versi baru"):
        instrument.import_spec(spec)


@pytest.mark.django_db
def test_maxima_that_do_not_add_up_to_the_total_cannot_be_saved(world):
    spare, first = world.spare, world.spare.indicators.get(number=1)
    maxima = MAXIMA_NOT_TOTAL % {"sum": "110,00", "total": "100,00"}

    inline = validate(world, spare, lambda d: d.update({"indicators-0-max_points": "50"}))
    alone = validate(world, first, lambda d: d.update(max_points="50"))
    total = validate(world, spare, lambda d: d.update(total_points="90"))
    both = validate(
        world, spare, lambda d: d.update({"indicators-0-max_points": "50", "total_points": "110"})
    )

    assert inline == [maxima]
    assert alone == [maxima]
    assert total == [MAXIMA_NOT_TOTAL % {"sum": "100,00", "total": "90,00"}]
    assert both == []


def test_the_category_follows_the_frameworks_own_bands():
    strict = [["0", "none"], ["900", "pratama"], ["950", "kla"]]
    indicator = SimpleNamespace(
        pk=1,
        number=1,
        cluster="K",
        name="Indikator 1",
        max_points=Decimal(1000),
        framework=SimpleNamespace(scoring="weighted", bands=strict),
        items=[SimpleNamespace(pk=1, order=1, code="", text="", kind="graded", weight=1)],
    )
    items = type("Items", (list,), {"all": lambda self: self})(indicator.items)
    indicator.items = items

    card = scoring.score([indicator], {1: "met"})

    assert (card.total, card.category) == (Decimal("1000.00"), "kla")
    assert scoring.score([indicator], {1: "partly"}).category == "none"
    assert scoring.category_for(Decimal("600.01")) == "madya"  # the default: Permen 12/2022
    assert default_bands()[2] == ["600.01", "madya"]


@pytest.mark.django_db
def test_the_2024_instrument_totals_1000_in_the_bands_of_permen_12_2022(world):
    shipped = Framework.objects.get(pk=world.framework.pk)

    assert (shipped.total_points, shipped.bands) == (Decimal(1000), default_bands())


def test_bands_out_of_order_or_of_unknown_categories_are_refused():
    for bands in (
        [["0", "none"], ["500", "emas"]],
        [["0", "none"], ["700", "madya"], ["600", "nindya"]],
        [["100", "pratama"]],
        [["0", "none"], ["500", "none"]],
        "0-500",
    ):
        with pytest.raises(ValidationError) as refused:
            Framework(bands=bands).clean()
        assert refused.value.message_dict == {"bands": [str(BANDS_INVALID)]}, bands
    Framework(bands=default_bands()).clean()

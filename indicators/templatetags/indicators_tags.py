from django import template

from indicators.dashboard import district_summary
from indicators.models import Category, ItemStatus

register = template.Library()

CATEGORY_CSS = {
    Category.NONE: "secondary",
    Category.PRATAMA: "info",
    Category.MADYA: "primary",
    Category.NINDYA: "success",
    Category.UTAMA: "warning",
    Category.KLA: "danger",
}
STATUS_CSS = {ItemStatus.MET: "success", ItemStatus.PARTLY: "warning", ItemStatus.NOT_MET: "danger"}


@register.simple_tag(takes_context=True)
def indicators_summary(context, district):
    """The latest score and award for the district hub card, as the reader may see them."""
    return district_summary(district, context["request"].user)


@register.filter
def category_label(value) -> str:
    return Category(value).label if value else ""


@register.filter
def category_css(value) -> str:
    return CATEGORY_CSS.get(value, "secondary")


@register.filter
def status_label(value) -> str:
    return ItemStatus(value).label if value else ""


@register.filter
def status_css(value) -> str:
    return STATUS_CSS.get(value, "light")


@register.filter
def points(value) -> str:
    """1234.5 -> "1.234,50" is the page locale's job; here only two decimals, always."""
    if value is None:
        return "—"
    return f"{value:.2f}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None

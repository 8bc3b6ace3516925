from django import template

register = template.Library()


@register.filter
def verbose_name_of(obj) -> str:
    """The model's human name, for lists that mix records of several types."""
    return str(obj._meta.verbose_name)

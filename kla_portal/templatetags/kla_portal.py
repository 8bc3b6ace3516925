from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from kla_portal.lockouts import lock_duration_text

register = template.Library()


@register.filter
def verbose_name_of(obj) -> str:
    """The model's human name, for lists that mix records of several types."""
    return str(obj._meta.verbose_name)


@register.filter
def lock_duration(duration) -> str:
    """A sign-in lock's length in words ("1 jam"); empty when locks never expire."""
    return lock_duration_text(duration) if duration else ""


@register.filter
def select_options(field) -> SafeString:
    """A choice field's ``<option>`` list, the current value selected. Django draws each
    option through a template of its own: the sixty options of the RTL board's filter took
    longer that way than the board's fifty rows."""
    value = field.value()
    current = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
    selected = mark_safe(" selected")
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((v, selected if str(v) in current else "", label) for v, label in field.field.choices),
    )

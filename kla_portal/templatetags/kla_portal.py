from django import template

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

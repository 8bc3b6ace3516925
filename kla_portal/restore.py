from kla_portal import figures
from kla_portal.activity import logged_models


def district_code_of(obj) -> str:
    """The district a deactivated record belongs to, by the path its activity log reads
    (an agency's own district, a member's through its task force)."""
    _model, path = logged_models()[obj._meta.label_lower]
    return type(obj)._default_manager.filter(pk=obj.pk).values_list(path, flat=True).get()


@figures.write("obj")
def restore_record(*, obj, user) -> None:
    """Reactivate a deactivated record; simple_history records who did it."""
    obj.is_active = True
    obj._history_user = user
    obj.save(update_fields=["is_active"])

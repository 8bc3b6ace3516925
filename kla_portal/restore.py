from kla_portal import figures


@figures.write("obj")
def restore_record(*, obj, user) -> None:
    """Reactivate a deactivated record; simple_history records who did it."""
    obj.is_active = True
    obj._history_user = user
    obj.save(update_fields=["is_active"])

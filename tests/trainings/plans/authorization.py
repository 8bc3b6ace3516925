"""The action-plan rows of the authorization matrix (tests/test_authorization_matrix.py)."""

from datetime import date

from django.core.files.base import ContentFile

from stakeholders.models import Member
from tests.authorization_rules import Entry
from trainings.plans.models import ActionItem, ActionPlan, Evidence, ProgressUpdate

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def add_plans(world):
    """A plan with an item assigned to Balangan's task-force member (in the own region)."""
    member = Member.objects.create(
        task_force=world.task_force,
        name="Penanggung jawab",
        user=world.cast["member"] if world.region == "own" else None,
    )
    world.plan = ActionPlan.objects.create(
        district=world.district, title="RTL", owner_institution=world.institution
    )
    world.item = ActionItem.objects.create(
        plan=world.plan, activity="Kegiatan", due_date=date(2030, 1, 1), responsible_member=member
    )
    update = ProgressUpdate.objects.create(
        item=world.item, date=date(2025, 1, 1), text="Sudah mulai", percent=10
    )
    world.evidence = Evidence.objects.create(
        update=update,
        file=ContentFile(PNG, name="bukti.png"),
        original_name="bukti.png",
        content_type="image/png",
        size=len(PNG),
    )
    return world


_POST_DONE = {("own", "admin"): 302, ("own", "superuser"): 302, ("foreign", "superuser"): 302}
PLANS_MATRIX = {
    "plans:plan_board": Entry("read", args=lambda w: [w.district.code]),
    "plans:plan_create": Entry("manage", args=lambda w: [w.district.code]),
    "plans:import_items": Entry("manage", args=lambda w: [w.district.code]),
    "plans:import_items_template": Entry("manage", args=lambda w: [w.district.code]),
    # every signed-in user has a (possibly empty) list of the items assigned to them
    "plans:my_items": Entry("account"),
    "plans:plan": Entry("read", args=lambda w: [w.plan.pk]),
    "plans:plan_edit": Entry("manage", args=lambda w: [w.plan.pk]),
    "plans:plan_deactivate": Entry(
        "manage", args=lambda w: [w.plan.pk], method="post", overrides=_POST_DONE
    ),
    "plans:plan_restore": Entry(
        "manage", args=lambda w: [w.plan.pk], method="post", overrides=_POST_DONE
    ),
    "plans:item_create": Entry("manage", args=lambda w: [w.plan.pk]),
    # "Buat kegiatan RTL" from the gap: without ?question= it lists the plans to choose from
    "plans:item_for_question": Entry("manage", args=lambda w: [w.district.code]),
    "plans:item": Entry("read", args=lambda w: [w.item.pk]),
    "plans:item_edit": Entry("manage", args=lambda w: [w.item.pk]),
    # the member the item is assigned to may post progress updates on it
    "plans:item_update": Entry(
        "manage", args=lambda w: [w.item.pk], overrides={("own", "member"): 200}
    ),
    "plans:evidence": Entry("read", args=lambda w: [w.evidence.pk]),
}

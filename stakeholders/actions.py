"""Every change to a task force, its members and the sector institutions.

Each write is a keyword-only function in a transaction (``@figures.write``, which
also brings the district's figure rows up to date before it commits) that names
who acted (``kla_portal.history.save_with_history``), so the history reads the
same whether the change came from a page, an import or the command line. A change to
a saved record takes its ``version`` first (``kla_portal.conflicts``): the version its
edit form was opened on, or none from an import, which still moves it on.

Linking a login to a member lets that login read the member's district, so only a
login the district already knows can be linked (``linkable_accounts``); anyone else is
invited (``stakeholders.invitations``).
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, QuerySet
from django.utils.translation import gettext_lazy as _

from kla_portal import conflicts, figures
from kla_portal.access import can_restore
from kla_portal.history import save_with_history
from kla_portal.models import Cluster, District, Membership, Role
from kla_portal.restore import district_code_of, restore_record
from stakeholders.models import (
    SCHOOL_SECTOR,
    Institution,
    InstitutionMilestone,
    Member,
    MilestoneDefinition,
    TaskForce,
    WorkingGroup,
)

TASK_FORCE_FIELDS = (
    "decree_number",
    "decree_date",
    "valid_from",
    "valid_until",
    "decree_file",
    "secretariat",
    "is_current",
)
MEMBER_FIELDS = (
    "name",
    "position",
    "agency",
    "agency_unit",
    "role",
    "working_group",
    "phone",
    "email",
    "active_from",
    "active_until",
    "user",
)
FILE_FIELDS = {"decree_file", "evidence"}
ACCOUNT_NOT_LINKABLE = _(
    "Akun ini tidak bisa ditautkan: tautkan hanya akun yang sudah terdaftar di "
    "kabupaten/kota ini. Orang yang belum punya akun di sini diundang lewat email dari "
    "halaman anggota."
)
INSTITUTION_FIELDS = (
    "sector",
    "subdistrict",
    "name",
    "school_level",
    "address",
    "official_id",
    "contact_person",
    "contact_phone",
    "is_tobacco_industry",
)


def _changes(obj, changes: dict, allowed: tuple) -> dict:
    """The allowed fields that differ from ``obj``, with their new values.

    A file field follows Django's file input: ``None`` keeps the stored file,
    ``False`` (the "clear" box) removes it.
    """
    wanted = {}
    for name, value in changes.items():
        if name not in allowed:
            raise TypeError(f"{type(obj).__name__} has no editable field {name!r}")
        if name in FILE_FIELDS:
            if value is None:
                continue
            value = value or ""
        if _differs(obj, name, value):
            wanted[name] = value
    return wanted


def _apply(obj, wanted: dict) -> list[str]:
    for name, value in wanted.items():
        setattr(obj, name, value)
    return list(wanted)


def _differs(obj, name, value) -> bool:
    field = obj._meta.get_field(name)
    if field.is_relation:  # compare keys: an unsaved object has no related row to fetch
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _unflag_previous(task_force: TaskForce, user):
    for old in TaskForce.objects.filter(
        district_id=task_force.district_id, is_current=True, is_active=True
    ).exclude(pk=task_force.pk):
        conflicts.claim(old, None)  # a form still open on it would flag it current again
        old.is_current = False
        save_with_history(old, user=user, fields=["is_current"])


def _coordinators_differ(task_force: TaskForce, coordinators: dict[str, str]) -> bool:
    stored = {g.cluster: g.coordinator_agency for g in task_force.working_groups.all()}
    return any(
        agency is not None and stored.get(cluster, "") != agency
        for cluster, agency in coordinators.items()
    )


def _set_coordinators(task_force: TaskForce, coordinators: dict[str, str], user):
    existing = {g.cluster: g for g in task_force.working_groups.all()}
    for cluster in Cluster.values:
        group = existing.get(cluster)
        agency = coordinators.get(cluster)
        if group is None:
            group = WorkingGroup(task_force=task_force, cluster=cluster)
            group.coordinator_agency = agency or ""
            save_with_history(group, user=user)
        elif agency is not None and group.coordinator_agency != agency:
            group.coordinator_agency = agency
            save_with_history(group, user=user, fields=["coordinator_agency"])


@figures.write("district")
def create_task_force(
    *,
    district,
    user,
    decree_number: str,
    decree_date: date,
    valid_from: date,
    valid_until: date | None = None,
    decree_file=None,
    secretariat: str = "",
    is_current: bool = True,
    coordinators: dict[str, str] | None = None,
) -> TaskForce:
    """Form a task force with its six working groups; a new current one retires the old flag."""
    task_force = TaskForce(
        district=district,
        decree_number=decree_number,
        decree_date=decree_date,
        valid_from=valid_from,
        valid_until=valid_until,
        decree_file=decree_file or "",
        secretariat=secretariat,
        is_current=is_current,
    )
    if is_current:
        _unflag_previous(task_force, user)
    save_with_history(task_force, user=user)
    _set_coordinators(task_force, coordinators or {}, user)
    return task_force


@figures.write("task_force")
def update_task_force(
    *,
    task_force: TaskForce,
    user,
    version: int | None = None,
    coordinators: dict[str, str] | None = None,
    **changes,
) -> TaskForce:
    """Change the decree and the working groups' coordinators (part of the same form, so a
    change to either moves the task force's version on)."""
    wanted = _changes(task_force, changes, TASK_FORCE_FIELDS)
    if wanted or _coordinators_differ(task_force, coordinators or {}):
        conflicts.claim(task_force, version)
    changed = _apply(task_force, wanted)
    if task_force.is_current and "is_current" in changed:
        _unflag_previous(task_force, user)
    if changed:
        save_with_history(task_force, user=user, fields=changed)
    _set_coordinators(task_force, coordinators or {}, user)
    return task_force


def _sync_account(member: Member, previous_user_id: int | None):
    """A linked account reads its district as a task-force member; an account no longer
    linked to any active member of the district loses that role."""
    district_id = member.task_force.district_id
    if member.user_id and member.is_active:
        Membership.objects.get_or_create(
            user_id=member.user_id, role=Role.TASK_FORCE_MEMBER, district_id=district_id
        )
    stale = {previous_user_id} - {member.user_id}
    if not member.is_active:
        stale.add(member.user_id)
    for account_id in stale - {None}:
        still_linked = Member.objects.filter(
            user_id=account_id, is_active=True, task_force__district_id=district_id
        ).exists()
        if not still_linked:
            Membership.objects.filter(
                user_id=account_id, role=Role.TASK_FORCE_MEMBER, district_id=district_id
            ).delete()


def linkable_accounts(district) -> QuerySet:
    """The logins a member of ``district`` may be linked to: active, not superusers, and
    holding a membership in the district already (its admins, operators, members)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False, memberships__district=district)
        .distinct()
    )


def _check_account(account, district, previous_user_id: int | None) -> None:
    """A newly linked login must be one of the district's (a link kept stays)."""
    if account is None or account.pk == previous_user_id:
        return
    if not linkable_accounts(district).filter(pk=account.pk).exists():
        raise ValidationError({"account": ACCOUNT_NOT_LINKABLE})


@figures.write("task_force")
def add_member(*, task_force: TaskForce, user, **fields) -> Member:
    """Add a member; ``fields`` are Member fields (``user`` there is the linked account,
    passed as ``account``)."""
    account = fields.pop("account", None)
    _check_account(account, task_force.district_id, None)
    member = Member(task_force=task_force, user=account)
    _apply(member, _changes(member, fields, MEMBER_FIELDS))
    save_with_history(member, user=user)
    _sync_account(member, None)
    return member


@figures.write("member")
def update_member(*, member: Member, user, version: int | None = None, **changes) -> Member:
    previous_user_id = member.user_id
    if "account" in changes:
        changes["user"] = changes.pop("account")
        _check_account(changes["user"], member.task_force.district_id, previous_user_id)
    wanted = _changes(member, changes, MEMBER_FIELDS)
    if wanted:
        conflicts.claim(member, version)
    changed = _apply(member, wanted)
    if changed:
        save_with_history(member, user=user, fields=changed)
    _sync_account(member, previous_user_id)
    return member


@figures.write("member")
def deactivate_member(*, member: Member, user) -> Member:
    member.is_active = False
    save_with_history(member, user=user, fields=["is_active"])
    _sync_account(member, member.user_id)
    return member


@figures.write("district")
def register_institution(*, district, user, **fields) -> Institution:
    institution = Institution(district=district)
    _apply(institution, _changes(institution, fields, INSTITUTION_FIELDS))
    save_with_history(institution, user=user)
    return institution


@figures.write("institution")
def update_institution(
    *, institution: Institution, user, version: int | None = None, **changes
) -> Institution:
    wanted = _changes(institution, changes, INSTITUTION_FIELDS)
    if wanted:
        conflicts.claim(institution, version)
    changed = _apply(institution, wanted)
    if "sector" in changed:
        if institution.school_level and institution.sector_id != SCHOOL_SECTOR:
            institution.school_level = ""  # a level means nothing outside the school sector
            changed.append("school_level")
        stage = _stage_reached(institution)
        if stage != institution.stage:
            institution.stage = stage
            changed.append("stage")
    if changed:
        save_with_history(institution, user=user, fields=[*changed, "updated_at"])
    return institution


@figures.write("institution")
def deactivate_institution(*, institution: Institution, user) -> Institution:
    institution.is_active = False
    save_with_history(institution, user=user, fields=["is_active", "updated_at"])
    return institution


def _stage_reached(institution: Institution) -> int:
    """The highest milestone order reached on the institution's own sector path."""
    return (
        institution.milestones.filter(definition__sector_id=institution.sector_id).aggregate(
            top=Max("definition__order")
        )["top"]
        or 0
    )


@figures.write("institution")
def record_milestone(
    *,
    institution: Institution,
    definition: MilestoneDefinition,
    achieved_on: date,
    user,
    evidence=None,
    notes: str = "",
) -> InstitutionMilestone:
    """Record (or correct) a milestone and move the institution's stage to match."""
    if definition.sector_id != institution.sector_id:
        raise ValueError("milestone of another sector")
    milestone = InstitutionMilestone.objects.filter(
        institution=institution, definition=definition
    ).first() or InstitutionMilestone(institution=institution, definition=definition)
    milestone.achieved_on = achieved_on
    milestone.notes = notes
    if evidence:
        milestone.evidence = evidence
    save_with_history(milestone, user=user)
    stage = _stage_reached(institution)
    if stage != institution.stage:
        institution.stage = stage
        save_with_history(institution, user=user, fields=["stage", "updated_at"])
    return milestone


def restore(*, obj, user) -> None:
    """Undo a deactivation: the district's admin, or a superuser."""
    if not can_restore(user, District(code=district_code_of(obj))):
        raise PermissionDenied
    restore_record(obj=obj, user=user)
    if isinstance(obj, Member):
        _sync_account(obj, None)

"""A district's agencies (perangkat daerah) and the operator logins that answer for them.

The Dinas PPPA loads the default catalogue (``fixtures/agency_catalogue.json``: one agency
per normalised name of the instrument's ``responsible`` lists), then renames, merges and
adds its own: districts name their offices differently (Disdikbud, Disdik) and merge them
differently (Disparpor). ``covers`` keeps which instrument names an agency answers for.

Operators are ordinary logins with one membership (an agency or a kecamatan of the
district), made by the district admin without knowing a password (``stakeholders.logins``).

None of these writes changes a district's figures, so they are plain transactions, not
``figures.write``.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kla_portal import conflicts
from kla_portal.history import save_with_history
from kla_portal.models import District, Membership, Role, Subdistrict
from stakeholders import logins
from stakeholders.models import Agency

CATALOGUE = Path(__file__).parent / "fixtures" / "agency_catalogue.json"

SHORT_NAME_TAKEN = _("Singkatan ini sudah dipakai perangkat daerah lain.")
MERGE_SAME_AGENCY = _("Pilih perangkat daerah lain sebagai tujuan penggabungan.")
MERGE_OTHER_DISTRICT = _("Hanya perangkat daerah dari kabupaten/kota yang sama yang bisa digabung.")
MERGE_INACTIVE = _("Perangkat daerah ini sudah digabung atau dinonaktifkan.")
OPERATOR_ONE_SCOPE = _("Seorang operator menjawab untuk satu perangkat daerah atau satu kecamatan.")
SCOPE_OTHER_DISTRICT = _("Perangkat daerah atau kecamatan ini bukan milik kabupaten/kota ini.")
AGENCY_INACTIVE = _("Perangkat daerah ini tidak aktif.")
NOT_AN_OPERATOR = _("Hanya akun operator yang dinonaktifkan di sini.")
KECAMATAN = _("Kecamatan %(name)s")

AGENCY_FIELDS = ("name", "short_name", "kind", "head", "phone", "email", "covers", "is_active")
OPERATOR_ROLES = (Role.AGENCY_OPERATOR, Role.KECAMATAN_OPERATOR)


@dataclass(frozen=True)
class DefaultAgency:
    short_name: str
    name: str
    kind: str
    covers: tuple[str, ...]


def _load_catalogue() -> tuple[DefaultAgency, ...]:
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    return tuple(
        DefaultAgency(
            short_name=row["short_name"],
            name=row["name"],
            kind=row["kind"],
            covers=tuple(row["covers"]),
        )
        for row in data["agencies"]
    )


DEFAULT_AGENCIES = _load_catalogue()
# The instrument's normalised names, in catalogue order: the choices of an agency's covers.
INSTRUMENT_NAMES = tuple(name for entry in DEFAULT_AGENCIES for name in entry.covers)

# Called as hook(keep=, merge=, user=) inside merge_agencies' transaction, by apps above this
# one that point at agencies (an assessment's question routes and answers): the layers keep
# this module from importing them.
MERGE_HOOKS: list[Callable[..., None]] = []


def _check_short_name(agency: Agency) -> None:
    taken = (
        Agency.objects.filter(district_id=agency.district_id, short_name__iexact=agency.short_name)
        .exclude(pk=agency.pk)
        .exists()
    )
    if taken:
        raise ValidationError({"short_name": SHORT_NAME_TAKEN})


def _covered_names(agencies) -> set[str]:
    return {name for agency in agencies for name in agency.covers}


@transaction.atomic
def create_agency(*, district: District, user, **fields) -> Agency:
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"Agency has no editable field {sorted(unknown)!r}")
    agency = Agency(district=district, **fields)
    _check_short_name(agency)
    save_with_history(agency, user=user)
    return agency


@transaction.atomic
def update_agency(*, agency: Agency, user, version: int | None = None, **changes) -> Agency:
    """Rename, re-describe or (de)activate an agency; only fields that differ are saved.

    ``version``: the one the edit form was opened on (``kla_portal.conflicts``).
    """
    unknown = set(changes) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"Agency has no editable field {sorted(unknown)!r}")
    changed = [name for name, value in changes.items() if getattr(agency, name) != value]
    if changed:
        conflicts.claim(agency, version)
    for name in changed:
        setattr(agency, name, changes[name])
    if "short_name" in changed:
        _check_short_name(agency)
    if changed:
        save_with_history(agency, user=user, fields=changed)
    return agency


@transaction.atomic
def create_default_agencies(*, district: District, user) -> list[Agency]:
    """Add the catalogue's agencies the district does not have yet; return those added.

    A catalogue entry is skipped when an agency of the district (active or not: a district
    that deactivated one does not want it back) already covers its name. An agency the
    district created under the catalogue's short name but without covers gets the name
    instead of a twin. A second call adds nothing.
    """
    existing = list(Agency.objects.filter(district=district))
    covered = _covered_names(existing)
    by_short_name = {agency.short_name.casefold(): agency for agency in existing}
    added = []
    for entry in DEFAULT_AGENCIES:
        missing = [name for name in entry.covers if name not in covered]
        if not missing:
            continue
        namesake = by_short_name.get(entry.short_name.casefold())
        if namesake is not None:
            update_agency(agency=namesake, user=user, covers=[*namesake.covers, *missing])
        else:
            agency = create_agency(
                district=district,
                user=user,
                name=entry.name,
                short_name=entry.short_name,
                kind=entry.kind,
                covers=list(entry.covers),
            )
            by_short_name[agency.short_name.casefold()] = agency
            added.append(agency)
        covered.update(missing)
    return added


@transaction.atomic
def merge_agencies(*, keep: Agency, merge: Agency, user) -> Agency:
    """Fold ``merge`` into ``keep``: its instrument names, task-force members, training
    participants and operators move over, and ``merge`` is deactivated."""
    if keep.pk == merge.pk:
        raise ValidationError(MERGE_SAME_AGENCY)
    if keep.district_id != merge.district_id:
        raise ValidationError(MERGE_OTHER_DISTRICT)
    if not (keep.is_active and merge.is_active):
        raise ValidationError(MERGE_INACTIVE)
    covers = [*keep.covers, *(name for name in merge.covers if name not in keep.covers)]
    update_agency(agency=keep, user=user, covers=covers)
    # Reverse accessors, not imports: people are trainings' records, above this app.
    for member in merge.members.all():
        member.agency_unit = keep
        save_with_history(member, user=user, fields=["agency_unit"], clean=False)
    for person in merge.people.all():
        person.agency_unit = keep
        save_with_history(person, user=user, fields=["agency_unit"], clean=False)
    Membership.objects.filter(agency=merge).update(agency=keep)
    for hook in MERGE_HOOKS:
        hook(keep=keep, merge=merge, user=user)
    update_agency(agency=merge, user=user, covers=[], is_active=False)
    return keep


@transaction.atomic
def create_operator(
    *,
    district: District,
    user,
    username: str,
    name: str,
    email: str = "",
    agency: Agency | None = None,
    subdistrict: Subdistrict | None = None,
):
    """An active login for an agency's or a kecamatan's operator, with no password yet.

    Returns the login and the path of its set-password link; the link is emailed when
    ``email`` is given (``account.password_link_emailed`` says whether that worked).
    """
    if (agency is None) == (subdistrict is None):
        raise ValidationError(OPERATOR_ONE_SCOPE)
    scope = agency or subdistrict
    if scope.district_id != district.code:
        raise ValidationError(SCOPE_OTHER_DISTRICT)
    if agency is not None and not agency.is_active:
        raise ValidationError(AGENCY_INACTIVE)
    account = logins.create_login(username=username, name=name, email=email)
    membership = Membership(
        user=account,
        district=district,
        role=Role.AGENCY_OPERATOR if agency is not None else Role.KECAMATAN_OPERATOR,
        agency=agency,
        subdistrict=subdistrict,
    )
    membership.full_clean()
    membership.save()
    path = logins.password_link(account)
    label = agency.name if agency is not None else KECAMATAN % {"name": scope.name}
    account.password_link_emailed = bool(account.email) and logins.email_link(
        account, path, district=district, template="stakeholders/operator_email.txt", scope=label
    )
    return account, path


def deactivate_operator(*, membership: Membership, user) -> None:
    """Close an operator's login (their sessions stop working with it); the membership
    stays, so the agency's page still says who answered for it."""
    if membership.role not in OPERATOR_ROLES:
        raise ValidationError(NOT_AN_OPERATOR)
    account = membership.user
    if account.is_active:
        account.is_active = False
        account.save(update_fields=["is_active"])

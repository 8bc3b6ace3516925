"""One person across all the trainings they attend: matching and merging.

A person is matched on their phone number (stored as +62...) or email, else on
their name (case- and space-insensitive) plus their institution. Two records
that still turn out to be the same person are merged by the officer.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kla_portal import figures
from trainings.models import Attendance, Certificate, Participant, Person

MERGE_SAME_PERSON = _("Pilih dua orang yang berbeda untuk digabung.")
MERGE_OTHER_DISTRICT = _("Hanya orang dari kabupaten/kota yang sama yang bisa digabung.")
MERGE_INACTIVE = _("Orang ini sudah digabung atau dinonaktifkan.")


def normalize_name(text) -> str:
    """'  SITI   aminah ' -> 'siti aminah': the key names are compared on."""
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def clean_name(text) -> str:
    """The name as typed, without stray spaces."""
    return re.sub(r"\s+", " ", str(text or "")).strip()


@dataclass
class PersonDetails:
    """What a page, a bulk line or an import row says about a person."""

    name: str
    gender: str = ""
    position: str = ""
    phone: str = ""  # already normalised to +62...
    email: str = ""
    birth_year: int | None = None
    sector: object = None
    institution: object = None
    member: object = None
    agency_unit: object = None
    other_organisation: str = ""

    def organisation_key(self):
        if self.institution is not None:
            return ("i", self.institution.pk)
        if self.member is not None:
            return ("m", self.member.pk)
        return ("o", normalize_name(self.other_organisation))


def organisation_key(person: Person):
    if person.institution_id:
        return ("i", person.institution_id)
    if person.member_id:
        return ("m", person.member_id)
    return ("o", normalize_name(person.other_organisation))


class PersonIndex:
    """The district's active people in memory, for matching many rows with one query."""

    def __init__(self, district, people=None):
        self.district = district
        self.by_phone, self.by_email, self.by_name = {}, {}, {}
        if people is None:
            people = Person.objects.filter(district=district, is_active=True).order_by("pk")
        for person in people:
            self.add(person)

    def add(self, person: Person):
        if person.phone:
            self.by_phone.setdefault(person.phone, person)
        if person.email:
            self.by_email.setdefault(person.email.lower(), person)
        self.by_name.setdefault((normalize_name(person.name), organisation_key(person)), person)

    def match(self, details: PersonDetails) -> Person | None:
        if details.phone and details.phone in self.by_phone:
            return self.by_phone[details.phone]
        if details.email and details.email.lower() in self.by_email:
            return self.by_email[details.email.lower()]
        candidate = self.by_name.get((normalize_name(details.name), details.organisation_key()))
        # Same name and institution but two different phone numbers: two people
        # until the officer says otherwise (merge).
        if candidate and details.phone and candidate.phone and candidate.phone != details.phone:
            return None
        return candidate


PERSON_FIELDS = (
    "name",
    "gender",
    "position",
    "phone",
    "email",
    "birth_year",
    "sector",
    "institution",
    "member",
    "agency_unit",
    "other_organisation",
)
_FOREIGN_KEYS = {
    "sector": "sector_id",
    "institution": "institution_id",
    "member": "member_id",
    "agency_unit": "agency_unit_id",
}


def person_changes(person: Person, details: PersonDetails) -> dict:
    """The fields the details would change: a blank value never erases a stored one.

    The name is kept as first recorded: a match by phone may come with a
    shortened or misspelt name ("A. Fauzi"), which must not replace it.
    """
    changes = {}
    for name in PERSON_FIELDS:
        new = getattr(details, name)
        if new in (None, "") or name == "name":
            continue
        if name in _FOREIGN_KEYS:  # compared by key, so the stored row is not fetched
            changed = getattr(person, _FOREIGN_KEYS[name]) != new.pk
        else:
            changed = getattr(person, name) != new
        if changed:
            changes[name] = new
    # A known institution or membership replaces a free-text organisation.
    known = details.institution is not None or details.member is not None
    if known and person.other_organisation:
        changes["other_organisation"] = ""
    return changes


def build_person(*, district, details: PersonDetails) -> Person:
    """A new, unsaved person with the details."""
    person = Person(district=district)
    details.name = clean_name(details.name)
    for name in PERSON_FIELDS:
        value = getattr(details, name)
        setattr(person, name, "" if value is None and name not in _NULLABLE else value)
    return person


def new_person(*, district, details: PersonDetails, user) -> Person:
    person = build_person(district=district, details=details)
    person._history_user = user
    person.full_clean()
    person.save()
    return person


_NULLABLE = {"birth_year", "sector", "institution", "member", "agency_unit"}
# Related rows the bulk paths take from lookups already read (the district's
# active institutions, the current task force, the sector catalogue), so they
# are not fetched again one by one to validate them.
_RELATED = ["district", "sector", "institution", "member", "agency_unit", "merged_into"]


def update_person(*, person: Person, changes: dict, user) -> bool:
    if not changes:
        return False
    for name, value in changes.items():
        setattr(person, name, value)
    person._history_user = user
    person.full_clean()
    person.save(update_fields=list(changes))
    return True


class PeopleChanges:
    """New and changed people of an import, checked and written in bulk at the end.

    The same checks as ``full_clean`` (lengths, choices, email) without its
    queries: related rows come from lookups already read and a person has no
    unique fields. A person created and then changed by a later row is written
    once, with its final values.
    """

    def __init__(self, *, user):
        self.user = user
        self.new = []
        self.changed = {}  # pk -> (person, changed field names)

    def add(self, *, district, details: PersonDetails) -> Person:
        person = build_person(district=district, details=details)
        self.new.append(person)
        return person

    def change(self, person: Person, changes: dict):
        for name, value in changes.items():
            setattr(person, name, value)
        if changes and person.pk is not None:
            self.changed.setdefault(person.pk, (person, set()))[1].update(changes)

    def save(self):
        changed = [person for person, _fields in self.changed.values()]
        for person in [*self.new, *changed]:
            person.clean_fields(exclude=_RELATED)
        bulk_create_with_user(Person, self.new, self.user)
        fields = set().union(*(fields for _person, fields in self.changed.values()))
        bulk_update_with_user(Person, changed, fields, self.user)


def bulk_create_with_user(model, objs: list, user):
    """Insert ``objs`` (pks set afterwards) and a history record for each, by ``user``."""
    if objs:
        bulk_create_with_history(objs, model, batch_size=BULK_BATCH, default_user=user)


def bulk_update_with_user(model, objs: list, fields, user):
    """Write ``fields`` of ``objs`` and a history record for each, by ``user``."""
    if objs and fields:
        bulk_update_with_history(
            objs, model, sorted(fields), batch_size=BULK_BATCH, default_user=user
        )


BULK_BATCH = 1000


@figures.write("district")
def find_or_create_person(*, district, details: PersonDetails, user) -> tuple[Person, bool]:
    """The matching active person (details fill in what they add), or a new one."""
    person = PersonIndex(district, _candidates(district, details)).match(details)
    if person is None:
        return new_person(district=district, details=details, user=user), True
    update_person(person=person, changes=person_changes(person, details), user=user)
    return person, False


def _candidates(district, details: PersonDetails):
    """The few people the details could match; stored names are already cleaned."""
    query = Q(name__iexact=clean_name(details.name))
    if details.phone:
        query |= Q(phone=details.phone)
    if details.email:
        query |= Q(email__iexact=details.email)
    return Person.objects.filter(query, district=district, is_active=True).order_by("pk")


@figures.write("keep")
def merge_people(*, keep: Person, merge: Person, user) -> Person:
    """Move ``merge``'s participations to ``keep`` and deactivate ``merge``.

    When both attended the same training, ``keep``'s participation stays and
    takes from the other whatever it lacks: scores, a certificate, days present.
    """
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    merge = Person.objects.select_for_update().get(pk=merge.pk)
    if keep.pk == merge.pk:
        raise ValidationError(MERGE_SAME_PERSON)
    if keep.district_id != merge.district_id:
        raise ValidationError(MERGE_OTHER_DISTRICT)
    if not keep.is_active or not merge.is_active:
        raise ValidationError(MERGE_INACTIVE)

    kept = {p.training_id: p for p in keep.participations.all()}
    for participation in merge.participations.prefetch_related("attendance"):
        target = kept.get(participation.training_id)
        participation._history_user = user
        if target is None:
            participation.person = keep
            participation.save(update_fields=["person"])
            continue
        _absorb(target, participation, user)

    # Fill the kept record's blanks from the merged one.
    changes = {
        name: getattr(merge, name)
        for name in PERSON_FIELDS
        if getattr(keep, name) in (None, "") and getattr(merge, name) not in (None, "")
    }
    update_person(person=keep, changes=changes, user=user)
    merge.is_active = False
    merge.merged_into = keep
    merge._history_user = user
    merge.save(update_fields=["is_active", "merged_into"])
    return keep


def _absorb(target: Participant, duplicate: Participant, user):
    fields = []
    for name in ("pre_score", "post_score", "certificate_code", "certificate_issued_on"):
        if getattr(target, name) is None and getattr(duplicate, name) is not None:
            setattr(target, name, getattr(duplicate, name))
            fields.append(name)
    if not target.is_active and duplicate.is_active:
        target.is_active = True
        fields.append("is_active")
    present_days = {a.day_id for a in duplicate.attendance.all() if a.present}
    for day_id in present_days:
        record, created = Attendance.objects.get_or_create(
            participant=target, day_id=day_id, defaults={"present": True}
        )
        if not created and not record.present:
            record.present = True
            record.absence = ""
            record._history_user = user
            record.save(update_fields=["present", "absence"])
    # The duplicate's certificate code moves to the kept record; free it first.
    code = duplicate.certificate_code
    duplicate.is_active = False
    duplicate.certificate_code = None
    duplicate._history_user = user
    duplicate.save(update_fields=["is_active", "certificate_code"])
    if "certificate_code" in fields:
        target.certificate_code = code
    # The certificates (valid or revoked) follow the person, so a printed code still
    # verifies after the merge. A row's holder is all that changes: no history needed.
    Certificate.objects.filter(participant=duplicate).update(participant=target)
    if fields:
        target._history_user = user
        target.save(update_fields=fields)

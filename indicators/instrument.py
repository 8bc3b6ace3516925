"""The evaluation instrument as a file: read, check, load, and write it back.

One shape for everything that carries a framework in or out of the app: the
file shipped in ``fixtures/instrument_kla_2024.json`` (made from the ministry
recap, see its ``provenance``), ``manage.py export_framework`` and
``manage.py import_framework``. JSON holds ``groups -> indicators -> questions``
as in ``../shared/domain/kla-2024-instrument.json``; an ``.xlsx`` holds the same
as one row per question (sheet "Pertanyaan") plus the framework's own fields
(sheet "Kerangka").

A damaged file (missing or negative points, duplicate codes, maxima that do not
add up) is refused whole with every problem listed: nothing is written.
"""

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Assessment, ChecklistItem, Framework, Group, Indicator

SHIPPED = Path(__file__).parent / "fixtures" / "instrument_kla_2024.json"

# The group codes of the ministry's file, and ours (``Group``).
GROUP_CODES = {
    "KELEMBAGAAN": Group.KELEMBAGAAN,
    "I": Group.I,
    "II": Group.II,
    "III": Group.III,
    "IV": Group.IV,
    "V": Group.V,
    "KELANA_DEKELA": Group.KELANA_DEKELA,
}
FRAMEWORK_FIELDS = ("code", "name", "legal_basis", "first_year", "last_year", "notice")
QUESTION_COLUMNS = (
    "group",
    "group_name",
    "group_max_points",
    "indicator",
    "indicator_name",
    "indicator_max_points",
    "question",
    "max_points",
    "kind",
    "figures",
    "for_kecamatan",
    "for_desa",
    "responsible",
    "summary",
    "evidence_hint",
    "derived_source",
)
# Assessments past these statuses fix their framework: it can no longer change.
OPEN_STATUSES = (Assessment.Status.DRAFT, Assessment.Status.REVIEWED)


class InstrumentError(Exception):
    """The file cannot be loaded; ``problems`` lists why, in the user's language."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Question:
    code: str
    max_points: Decimal
    kind: str
    figures: str
    for_kecamatan: bool
    for_desa: bool
    responsible: tuple[str, ...]
    summary: str
    evidence_hint: str
    derived_source: str


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    group: str
    max_points: Decimal
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Spec:
    """A checked instrument, ready to load."""

    code: str
    name: str
    legal_basis: str
    first_year: int
    last_year: int | None
    notice: str
    provenance: str
    indicators: tuple[IndicatorSpec, ...]

    @property
    def total(self) -> Decimal:
        return sum((i.max_points for i in self.indicators), Decimal(0))

    def structure(self):
        """Codes and points, what a used framework may never change."""
        return [
            (i.code, i.group, i.max_points, [(q.code, q.max_points, q.kind) for q in i.questions])
            for i in self.indicators
        ]


def _points(value, where, problems) -> Decimal | None:
    if value is None or value == "":
        problems.append(_("%(where)s: poin tidak diisi.") % {"where": where})
        return None
    try:
        points = Decimal(str(value))
    except InvalidOperation:
        problems.append(
            _("%(where)s: poin %(value)r bukan angka.") % {"where": where, "value": value}
        )
        return None
    if not points.is_finite() or points < 0:
        problems.append(
            _("%(where)s: poin tidak boleh negatif (%(value)s).") % {"where": where, "value": value}
        )
        return None
    return points


def check(data: dict) -> Spec:
    """The instrument in ``data`` (the JSON shape), or ``InstrumentError`` with every problem."""
    problems: list[str] = []
    kinds = set(ChecklistItem.Kind.values)
    figures = set(ChecklistItem.Figures.values)
    for field in ("code", "name", "first_year", "groups"):
        if not data.get(field):
            problems.append(_("Kolom kerangka %(field)s tidak diisi.") % {"field": field})
    if problems:
        raise InstrumentError(problems)
    indicators = []
    seen_indicators: set[str] = set()
    group_total = Decimal(0)
    for group in data["groups"]:
        code = GROUP_CODES.get(group.get("code"), group.get("code"))
        if code not in Group.values:
            problems.append(_("Kelompok %(code)r tidak dikenal.") % {"code": group.get("code")})
            continue
        group_max = _points(
            group.get("max_points"), _("Kelompok %(code)s") % {"code": code}, problems
        )
        group_sum = Decimal(0)
        for entry in group.get("indicators", []):
            icode = str(entry.get("code", "")).strip()
            where = _("Indikator %(code)s") % {"code": icode}
            if not icode:
                problems.append(
                    _("Ada indikator tanpa nomor di kelompok %(code)s.") % {"code": code}
                )
                continue
            if icode in seen_indicators:
                problems.append(_("Nomor indikator %(code)s dipakai dua kali.") % {"code": icode})
            seen_indicators.add(icode)
            imax = _points(entry.get("max_points"), where, problems)
            if imax is not None and imax <= 0:
                problems.append(
                    _("%(where)s: nilai maksimum harus lebih dari 0.") % {"where": where}
                )
            questions = []
            seen_questions: set[str] = set()
            for q in entry.get("questions", []):
                qcode = str(q.get("code", "")).strip()
                qwhere = _("Pertanyaan %(code)s") % {"code": f"{icode}.{qcode}"}
                if not qcode:
                    problems.append(_("%(where)s: ada pertanyaan tanpa nomor.") % {"where": where})
                    continue
                if qcode in seen_questions:
                    problems.append(_("%(where)s dipakai dua kali.") % {"where": qwhere})
                seen_questions.add(qcode)
                points = _points(q.get("max_points"), qwhere, problems)
                kind = q.get("kind") or (
                    ChecklistItem.Kind.SCREENING if points == 0 else ChecklistItem.Kind.QUARTERS
                )
                if kind not in kinds:
                    problems.append(
                        _("%(where)s: jenis %(kind)r tidak dikenal.")
                        % {"where": qwhere, "kind": kind}
                    )
                if q.get("figures", "") not in figures:
                    problems.append(
                        _("%(where)s: angka %(value)r tidak dikenal.")
                        % {"where": qwhere, "value": q.get("figures")}
                    )
                if not str(q.get("summary", "")).strip():
                    problems.append(_("%(where)s: teks pertanyaan kosong.") % {"where": qwhere})
                questions.append(
                    Question(
                        code=qcode,
                        max_points=points or Decimal(0),
                        kind=kind,
                        figures=q.get("figures", ""),
                        for_kecamatan=bool(q.get("for_kecamatan")),
                        for_desa=bool(q.get("for_desa")),
                        responsible=tuple(
                            str(r).strip() for r in q.get("responsible", []) if str(r).strip()
                        ),
                        summary=str(q.get("summary", "")).strip(),
                        evidence_hint=str(q.get("evidence_hint", "")).strip(),
                        derived_source=str(q.get("derived_source", "")).strip(),
                    )
                )
            if not questions:
                problems.append(_("%(where)s tidak punya pertanyaan.") % {"where": where})
            elif imax is not None:
                # The recap caps two indicators below their questions' sum (19 and 21B);
                # a maximum above it could never be reached.
                question_sum = sum((q.max_points for q in questions), Decimal(0))
                if imax > question_sum:
                    problems.append(
                        _(
                            "%(where)s: nilai maksimum %(max)s lebih besar dari jumlah poin "
                            "pertanyaannya (%(sum)s)."
                        )
                        % {"where": where, "max": imax, "sum": question_sum}
                    )
            group_sum += imax or 0
            indicators.append(
                IndicatorSpec(
                    icode,
                    str(entry.get("name", "")).strip(),
                    code,
                    imax or Decimal(0),
                    tuple(questions),
                )
            )
        if group_max is not None and group_max != group_sum:
            problems.append(
                _(
                    "Kelompok %(code)s: nilai maksimum %(max)s tidak sama dengan jumlah "
                    "indikatornya (%(sum)s)."
                )
                % {"code": code, "max": group_max, "sum": group_sum}
            )
        group_total += group_max or 0
    if data.get("total_points") is not None:
        total = _points(data["total_points"], _("Total kerangka"), problems)
        if total is not None and total != group_total:
            problems.append(
                _("Total kerangka %(total)s tidak sama dengan jumlah kelompoknya (%(sum)s).")
                % {"total": total, "sum": group_total}
            )
    try:
        first_year = int(data["first_year"])
        last_year = int(data["last_year"]) if data.get("last_year") else None
    except (TypeError, ValueError):
        problems.append(_("Tahun berlaku kerangka bukan angka."))
        first_year, last_year = 0, None
    if problems:
        raise InstrumentError(problems)
    return Spec(
        code=str(data["code"]).strip(),
        name=str(data["name"]).strip(),
        legal_basis=str(data.get("legal_basis", "")).strip(),
        first_year=first_year,
        last_year=last_year,
        notice=str(data.get("notice", "")).strip(),
        provenance=str(data.get("provenance") or data.get("source_note") or "").strip(),
        indicators=tuple(indicators),
    )


def _question_fields(question: Question) -> dict:
    return {
        "text": question.summary,
        "kind": question.kind,
        "max_points": question.max_points,
        "figures": question.figures,
        "for_kecamatan": question.for_kecamatan,
        "for_desa": question.for_desa,
        "responsible": list(question.responsible),
        "evidence_hint": question.evidence_hint,
        "derived_source": question.derived_source,
        "is_provisional": True,
    }


def _framework_fields(spec: Spec) -> dict:
    return {
        "name": spec.name,
        "legal_basis": spec.legal_basis,
        "first_year": spec.first_year,
        "last_year": spec.last_year,
        "notice": spec.notice,
        "provenance": spec.provenance,
        "total_points": spec.total,
        "scoring": Framework.Scoring.POINTS,
        "points_provisional": True,
    }


def _create(spec: Spec) -> Framework:
    framework = Framework.objects.create(code=spec.code, **_framework_fields(spec))
    for number, entry in enumerate(spec.indicators, start=1):
        indicator = Indicator.objects.create(
            framework=framework,
            number=number,
            code=entry.code,
            cluster=entry.group,
            name=entry.name,
            name_en=entry.name,
            max_points=entry.max_points,
            is_provisional=True,
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(indicator=indicator, order=order, code=q.code, **_question_fields(q))
            for order, q in enumerate(entry.questions, start=1)
        )
    return framework


def is_fixed(framework: Framework) -> bool:
    """Whether an assessment past its draft stages uses the framework: then it never changes."""
    return framework.assessments.exclude(status__in=OPEN_STATUSES).exists()


def structure_of(framework: Framework):
    """``Spec.structure()`` of a framework in the database."""
    return [
        (
            i.code,
            i.cluster,
            i.max_points,
            [(q.code, q.max_points, q.kind) for q in sorted(i.items.all(), key=lambda q: q.order)],
        )
        for i in framework.indicators.order_by("number").prefetch_related("items")
    ]


@transaction.atomic
def import_spec(spec: Spec) -> tuple[Framework, str]:
    """Create the framework, or update the wording of an unused one of the same code.

    Returns the framework and what was done ("created" or "updated"); refuses
    (``InstrumentError``) a change to a framework a submitted assessment uses, and
    a change of codes or points to any existing one: those need a new version.
    """
    framework = Framework.objects.filter(code=spec.code).first()
    if framework is None:
        return _create(spec), "created"
    if is_fixed(framework):
        raise InstrumentError(
            [
                _(
                    "Kerangka %(code)s sudah dipakai penilaian yang diajukan dan tidak bisa "
                    "diubah; impor sebagai versi baru dengan kode lain."
                )
                % {"code": spec.code}
            ]
        )
    if structure_of(framework) != spec.structure():
        raise InstrumentError(
            [
                _(
                    "Nomor atau poin kerangka %(code)s berbeda dengan yang tersimpan; "
                    "impor sebagai versi baru dengan kode lain."
                )
                % {"code": spec.code}
            ]
        )
    for field, value in _framework_fields(spec).items():
        setattr(framework, field, value)
    framework.save()
    indicators = {i.code: i for i in framework.indicators.prefetch_related("items")}
    for entry in spec.indicators:
        indicator = indicators[entry.code]
        indicator.name = entry.name
        indicator.save(update_fields=["name"])
        items = {q.code: q for q in indicator.items.all()}
        for question in entry.questions:
            item = items[question.code]
            for field, value in _question_fields(question).items():
                setattr(item, field, value)
            item.save()
    return framework, "updated"


def load_shipped() -> str:
    """Add the shipped 2024 instrument if it is missing (``load_catalogues``).

    An existing framework of that code is left as it is, a superuser's edits
    included: a second run changes nothing.
    """
    spec = check(json.loads(SHIPPED.read_text(encoding="utf-8")))
    if Framework.objects.filter(code=spec.code).exists():
        return f"kerangka {spec.code}: sudah ada"
    _create(spec)
    questions = sum(len(i.questions) for i in spec.indicators)
    return (
        f"kerangka {spec.code}: baru, {len(spec.indicators)} indikator, "
        f"{questions} pertanyaan, {spec.total} poin"
    )


# ---------------------------------------------------------------------------
# Out to a file, and back


def _number(value: Decimal):
    """96, not 96.00; 4.5 as 4.5 (the shared file's convention)."""
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def as_data(framework: Framework) -> dict:
    """The framework in the JSON shape ``check`` reads."""
    names: dict[str, str] = {str(value): str(label) for value, label in Group.choices}
    ours_to_file = {str(ours): theirs for theirs, ours in GROUP_CODES.items()}
    groups: dict[str, dict] = {}
    for indicator in framework.indicators.order_by("number").prefetch_related("items"):
        group = groups.setdefault(
            indicator.cluster,
            {
                "code": ours_to_file.get(indicator.cluster, indicator.cluster),
                "name": names.get(indicator.cluster, indicator.cluster),
                "max_points": Decimal(0),
                "indicators": [],
            },
        )
        group["max_points"] += indicator.max_points
        group["indicators"].append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "max_points": _number(indicator.max_points),
                "questions": [
                    {
                        "code": q.code or str(q.order),
                        "max_points": _number(q.max_points or Decimal(0)),
                        "for_kecamatan": q.for_kecamatan,
                        "for_desa": q.for_desa,
                        "responsible": list(q.responsible),
                        "summary": q.text,
                        "kind": q.kind,
                        "figures": q.figures,
                        "evidence_hint": q.evidence_hint,
                        "derived_source": q.derived_source,
                    }
                    for q in sorted(indicator.items.all(), key=lambda q: q.order)
                ],
            }
        )
    for group in groups.values():
        group["max_points"] = _number(group["max_points"])
    total = sum((Decimal(str(g["max_points"])) for g in groups.values()), Decimal(0))
    return {
        **{field: getattr(framework, field) for field in FRAMEWORK_FIELDS},
        "provenance": framework.provenance,
        "total_points": _number(total),
        "groups": list(groups.values()),
    }


def write(framework: Framework, path: Path) -> None:
    """``.json`` or ``.xlsx`` by the file's name."""
    data = as_data(framework)
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(data, path)
    else:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read(path: Path) -> dict:
    """The JSON shape from a ``.json`` or ``.xlsx`` file; ``InstrumentError`` if unreadable."""
    try:
        if path.suffix.lower() == ".xlsx":
            return _read_xlsx(path)
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError) as error:
        raise InstrumentError(
            [_("Berkas tidak bisa dibaca: %(error)s") % {"error": error}]
        ) from error
    if not isinstance(data, dict):
        raise InstrumentError([_("Berkas tidak berisi kerangka.")])
    return data


def _write_xlsx(data: dict, path: Path) -> None:
    """Two sheets through the app's one workbook writer (text never becomes a formula)."""
    from indicators.workbook import Sheet, xlsx_bytes

    fields = (*FRAMEWORK_FIELDS, "provenance", "total_points")
    rows = [
        [
            group["code"],
            group["name"],
            group["max_points"],
            indicator["code"],
            indicator["name"],
            indicator["max_points"],
            q["code"],
            q["max_points"],
            q["kind"],
            q["figures"],
            q["for_kecamatan"],
            q["for_desa"],
            ", ".join(q["responsible"]),
            q["summary"],
            q["evidence_hint"],
            q["derived_source"],
        ]
        for group in data["groups"]
        for indicator in group["indicators"]
        for q in indicator["questions"]
    ]
    path.write_bytes(
        xlsx_bytes(
            [
                Sheet("Kerangka", ["field", "value"], [[f, data.get(f)] for f in fields]),
                Sheet("Pertanyaan", list(QUESTION_COLUMNS), rows),
            ]
        )
    )


def _read_xlsx(path: Path) -> dict:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    if "Kerangka" not in book.sheetnames or "Pertanyaan" not in book.sheetnames:
        raise InstrumentError([_("Berkas harus punya lembar Kerangka dan Pertanyaan.")])
    data: dict = {
        str(row[0]): row[1] if len(row) > 1 else None
        for row in book["Kerangka"].iter_rows(min_row=2, values_only=True)
        if row and row[0]
    }
    rows = book["Pertanyaan"].iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, ())]
    missing = [c for c in QUESTION_COLUMNS if c not in header]
    if missing:
        raise InstrumentError([_("Kolom tidak ada: %(columns)s") % {"columns": ", ".join(missing)}])
    groups: dict[str, dict] = {}
    indicators: dict[str, dict] = {}
    for values in rows:
        if not any(v not in (None, "") for v in values):
            continue
        row = dict(zip(header, values, strict=False))
        group = groups.setdefault(
            str(row["group"]),
            {
                "code": str(row["group"]),
                "name": row["group_name"],
                "max_points": row["group_max_points"],
                "indicators": [],
            },
        )
        key = str(row["indicator"])
        if key not in indicators:
            indicators[key] = {
                "code": key,
                "name": row["indicator_name"],
                "max_points": row["indicator_max_points"],
                "questions": [],
            }
            group["indicators"].append(indicators[key])
        indicators[key]["questions"].append(
            {
                "code": str(row["question"] if row["question"] is not None else ""),
                "max_points": row["max_points"],
                "kind": row["kind"] or "",
                "figures": row["figures"] or "",
                "for_kecamatan": bool(row["for_kecamatan"]),
                "for_desa": bool(row["for_desa"]),
                "responsible": [
                    r.strip() for r in str(row["responsible"] or "").split(",") if r.strip()
                ],
                "summary": row["summary"] or "",
                "evidence_hint": row["evidence_hint"] or "",
                "derived_source": row["derived_source"] or "",
            }
        )
    data["groups"] = list(groups.values())
    return data

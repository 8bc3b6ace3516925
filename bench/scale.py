"""A synthetic national data set for benchmarks: ``bench/seed_scale.py``.

Every district gets institutions in its real kecamatan, a task force, yearly
trainings with participants, attendance and scores, action plans with progress,
and one assessment per year on the framework of that year (the 2024 instrument
from 2024, the earlier draft framework before), every question answered with an
answer its kind allows. All of it is drawn from ``random.Random`` seeded with the
run's seed and the district code: the same seed gives the same rows, and a
district's rows do not depend on which other districts were generated.

Rows are written with ``bulk_create`` (no per-row save, no history rows) a few
districts at a time. Each generated root row carries a marker (a title prefix,
a decree-number prefix, an e-mail domain ...) so ``delete_scale_data`` removes
exactly what was generated and never demo or real data.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from indicators import scoring, stages
from indicators.models import (
    Assessment,
    AssessmentFigures,
    AssessmentStage,
    Framework,
    ItemAssessment,
    ItemEvidence,
    ItemStatus,
    OfficialResult,
    RoundFigures,
)
from indicators.workflow import framework_for_year
from kla_portal import figures
from kla_portal.models import Cluster, District, Subdistrict
from stakeholders.models import (
    Institution,
    InstitutionMilestone,
    Member,
    MilestoneDefinition,
    Sector,
    TaskForce,
    WorkingGroup,
)
from trainings.models import (
    Attendance,
    Facilitator,
    Participant,
    Person,
    Training,
    TrainingDay,
    TrainingDocument,
)
from trainings.plans.models import ActionItem, ActionPlan, Evidence, ProgressUpdate

# The markers of generated rows. Children (days, participants, items ...) are
# found through their marked parent.
TITLE_PREFIX = "[skala] "  # trainings and action plans
DECREE_PREFIX = "SKALA/"  # task forces
OFFICIAL_ID_PREFIX = "SKALA-"  # institutions
EMAIL_DOMAIN = "@skala.invalid"  # people (.invalid is reserved: no mail can reach it)
SIGNATURE = "Ketua Gugus Tugas (data uji skala)"  # assessments
RESULT_SOURCE = "Data uji skala (seed_scale)"  # official results

SECTOR_CODES = (
    "sekolah",
    "puskesmas",
    "masjid",
    "pesantren",
    "lksa",
    "dunia_usaha",
    "media",
    "forum_anak",
    "puspaga",
)
# Relative number of institutions per sector in a typical district.
SECTOR_WEIGHTS = {
    "sekolah": 40,
    "masjid": 22,
    "puskesmas": 8,
    "pesantren": 8,
    "dunia_usaha": 8,
    "forum_anak": 6,
    "lksa": 4,
    "media": 3,
    "puspaga": 1,
}
# The share of an answer's draws that land on a middle step (3/4, 1/2, 1/4 where the
# question allows them; met or not met half each for a yes/no question).
MIDDLE = 0.3
# The share of answers short of not met that the verifier marks a step down.
OPTIMISM = 0.15
CHUNK_DISTRICTS = 8
BATCH_SIZE = 2000

REGIONS_MISSING = gettext_lazy("Wilayah belum dimuat: jalankan dulu `manage.py load_regions`.")
CATALOGUES_MISSING = gettext_lazy(
    "Katalog sektor belum lengkap: jalankan dulu `manage.py load_catalogues` "
    "(perlu sektor: %(codes)s)."
)
FRAMEWORK_MISSING = gettext_lazy(
    "Kerangka indikator dengan butir belum ada: jalankan dulu `manage.py load_catalogues`."
)
NO_FRAMEWORK_FOR_YEARS = gettext_lazy(
    "Tidak ada kerangka indikator dengan butir yang berlaku untuk tahun %(years)s."
)
NO_DISTRICTS = gettext_lazy("Tidak ada kabupaten/kota untuk provinsi %(province)s.")


class ScaleError(Exception):
    """A precondition that stops the run; the message is printed as is."""


@dataclass
class Plan:
    """What one run generates: which districts, which years, from which seed."""

    districts: list
    years: list
    seed: int
    today: date
    keep_current_task_forces: set = field(default_factory=set)
    taken_assessments: set = field(default_factory=set)
    taken_results: set = field(default_factory=set)


# ---------------------------------------------------------------------------
# Markers: which rows are generated


def scale_trainings():
    return Training.objects.filter(title__startswith=TITLE_PREFIX)


def scale_plans():
    return ActionPlan.objects.filter(title__startswith=TITLE_PREFIX)


def scale_task_forces():
    return TaskForce.objects.filter(decree_number__startswith=DECREE_PREFIX)


def scale_institutions():
    return Institution.objects.filter(official_id__startswith=OFFICIAL_ID_PREFIX)


def scale_people():
    return Person.objects.filter(email__endswith=EMAIL_DOMAIN)


def scale_assessments():
    return Assessment.objects.filter(signed_off_by=SIGNATURE)


def scale_results():
    return OfficialResult.objects.filter(source=RESULT_SOURCE)


def _roots():
    return [
        (Institution, scale_institutions()),
        (TaskForce, scale_task_forces()),
        (Training, scale_trainings()),
        (Person, scale_people()),
        (ActionPlan, scale_plans()),
        (Assessment, scale_assessments()),
        (OfficialResult, scale_results()),
    ]


def foreign_rows() -> dict[str, int]:
    """Rows the generator did not make (demo or real data), per model, where any exist."""
    counts = {}
    for model, generated in _roots():
        count = model.objects.exclude(pk__in=generated.values("pk")).count()
        if count:
            counts[model._meta.verbose_name_plural] = count
    return counts


def scale_rows_exist() -> bool:
    return any(generated.exists() for _model, generated in _roots())


def _raw_delete(queryset) -> int:
    # QuerySet.delete() would load every row to send signals (simple_history
    # listens to post_delete and would write a history row per deleted row):
    # hours for two million rows. Children are deleted first, so the plain
    # DELETE that Django itself uses for fast deletes is safe here.
    return queryset._raw_delete(queryset.db)


@transaction.atomic
def delete_scale_data() -> Counter:
    """Delete every generated row, children first; nothing else is touched."""
    deleted = Counter()
    plans = scale_plans()
    trainings = scale_trainings()
    task_forces = scale_task_forces()
    institutions = scale_institutions()
    assessments = scale_assessments()

    # Rows of real data that point at generated rows with SET_NULL lose the link,
    # as Django's own delete would do.
    ActionItem.objects.filter(responsible_member__task_force__in=task_forces).update(
        responsible_member=None
    )
    Person.objects.filter(member__task_force__in=task_forces).update(member=None)
    Person.objects.filter(institution__in=institutions).exclude(
        email__endswith=EMAIL_DOMAIN
    ).update(institution=None)

    steps = [
        Evidence.objects.filter(update__item__plan__in=plans),
        ProgressUpdate.objects.filter(item__plan__in=plans),
        ActionItem.objects.filter(plan__in=plans),
        plans,
        Attendance.objects.filter(participant__training__in=trainings),
        Participant.objects.filter(training__in=trainings),
        TrainingDay.objects.filter(training__in=trainings),
        Facilitator.objects.filter(training__in=trainings),
        TrainingDocument.objects.filter(training__in=trainings),
        trainings,
        # A generated person someone enrolled in a real training stays.
        scale_people().filter(participations__isnull=True),
        InstitutionMilestone.objects.filter(institution__in=institutions),
        institutions,
        Member.objects.filter(task_force__in=task_forces),
        WorkingGroup.objects.filter(task_force__in=task_forces),
        task_forces,
        ItemEvidence.objects.filter(item_assessment__assessment__in=assessments),
        ItemAssessment.objects.filter(assessment__in=assessments),
        AssessmentFigures.objects.filter(assessment__in=assessments),
        RoundFigures.objects.filter(assessment__in=assessments),
        AssessmentStage.objects.filter(assessment__in=assessments),
        assessments,
        scale_results(),
    ]
    for queryset in steps:
        count = _raw_delete(queryset)
        if count:
            deleted[queryset.model._meta.verbose_name_plural] += count
    figures.refresh_all()  # raw deletes: no write function kept the figures
    return deleted


# ---------------------------------------------------------------------------
# Preconditions and the plan of a run


def current_framework():
    return (
        Framework.objects.filter(indicators__items__isnull=False)
        .order_by("-first_year")
        .distinct()
        .first()
    )


def frameworks_for(years) -> dict[int, Framework]:
    """The framework each year's assessments are made under (``workflow.framework_for_year``),
    or ``ScaleError`` naming the years without one that has questions."""
    frameworks = {year: framework_for_year(year) for year in years}
    with_items = set(
        Framework.objects.filter(indicators__items__isnull=False).values_list("pk", flat=True)
    )
    missing = [str(y) for y, f in frameworks.items() if f is None or f.pk not in with_items]
    if missing:
        raise ScaleError(NO_FRAMEWORK_FOR_YEARS % {"years": ", ".join(missing)})
    return frameworks


def check_catalogues() -> None:
    if not District.objects.exists() or not Subdistrict.objects.exists():
        raise ScaleError(str(REGIONS_MISSING))
    present = set(
        Sector.objects.filter(milestones__isnull=False).values_list("code", flat=True).distinct()
    )
    if not present.issuperset(SECTOR_CODES):
        raise ScaleError(CATALOGUES_MISSING % {"codes": ", ".join(SECTOR_CODES)})
    if current_framework() is None:
        raise ScaleError(str(FRAMEWORK_MISSING))


def plan_run(
    *,
    districts: int,
    years: int,
    seed: int,
    province: str | None = None,
    until_year: int | None = None,
    today: date | None = None,
) -> Plan:
    """The first ``districts`` districts by code (of ``province`` if given)."""
    today = today or timezone.localdate()
    until_year = until_year or today.year
    chosen = District.objects.order_by("code")
    if province:
        chosen = chosen.filter(province_id=province)
    chosen = list(chosen[:districts])
    if districts and not chosen:
        raise ScaleError(NO_DISTRICTS % {"province": province})
    codes = [d.code for d in chosen]
    run_years = list(range(until_year - years + 1, until_year + 1))
    frameworks_for(run_years)
    return Plan(
        districts=chosen,
        years=run_years,
        seed=seed,
        today=today,
        keep_current_task_forces=set(
            TaskForce.objects.filter(district__in=codes, is_current=True, is_active=True)
            .values_list("district_id", flat=True)
            .distinct()
        ),
        taken_assessments=set(
            Assessment.objects.filter(district__in=codes).values_list("district_id", "year")
        ),
        taken_results=set(
            OfficialResult.objects.filter(district__in=codes).values_list("district_id", "year")
        ),
    )


# ---------------------------------------------------------------------------
# Names and words

MALE = [
    "Ahmad",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Gilang",
    "Hendra",
    "Irfan",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Muhammad",
    "Nanang",
    "Oki",
    "Putra",
    "Rahmat",
    "Rizky",
    "Sigit",
    "Taufik",
    "Umar",
    "Wahyu",
    "Yusuf",
    "Zainal",
    "Agus",
    "Bambang",
    "Dimas",
    "Fikri",
    "Hadi",
    "Ilham",
    "Rudi",
    "Syahrul",
    "Andi",
    "Arif",
    "Dani",
    "Firman",
    "Haris",
    "Iwan",
    "Maulana",
    "Reza",
    "Slamet",
]
FEMALE = [
    "Ani",
    "Bunga",
    "Citra",
    "Dewi",
    "Eka",
    "Fitri",
    "Gita",
    "Hana",
    "Indah",
    "Juwita",
    "Kartika",
    "Lestari",
    "Maya",
    "Nur",
    "Putri",
    "Ratna",
    "Sari",
    "Siti",
    "Tuti",
    "Umi",
    "Wulan",
    "Yuni",
    "Zahra",
    "Aisyah",
    "Dian",
    "Erna",
    "Fauziah",
    "Halimah",
    "Intan",
    "Lina",
    "Mega",
    "Nadia",
    "Rina",
    "Sri",
    "Yanti",
    "Annisa",
    "Ayu",
    "Desi",
    "Novi",
    "Rahmawati",
]
SURNAMES = [
    "Saputra",
    "Wijaya",
    "Hidayat",
    "Santoso",
    "Pratama",
    "Kusuma",
    "Nugroho",
    "Siregar",
    "Nasution",
    "Harahap",
    "Lubis",
    "Simanjuntak",
    "Tanjung",
    "Rahman",
    "Hakim",
    "Maulida",
    "Setiawan",
    "Suryani",
    "Hasibuan",
    "Syahputra",
    "Utami",
    "Permata",
    "Wulandari",
    "Ramadhan",
    "Fitriani",
    "Anggraini",
    "Firmansyah",
    "Gunawan",
    "Hartono",
    "Iskandar",
    "Kurnia",
    "Mahendra",
    "Purnomo",
    "Sembiring",
    "Sinaga",
    "Situmorang",
    "Susanti",
    "Yulianti",
    "Zulkifli",
    "Noor",
    "Aulia",
    "Fadillah",
    "Rizki",
    "Hasan",
    "Mulyadi",
    "Sulistyo",
    "Rahayu",
    "Effendi",
    "Pohan",
]
MOSQUES = [
    "Al-Ikhlas",
    "Al-Falah",
    "Nurul Huda",
    "Baiturrahman",
    "Al-Muhajirin",
    "At-Taqwa",
    "Al-Hidayah",
]
PESANTREN = [
    "Darul Ulum",
    "Nurul Iman",
    "Al-Amin",
    "Darussalam",
    "Miftahul Huda",
    "Raudhatul Jannah",
]
AGENCIES = [
    "Bappeda",
    "Dinas PPPA",
    "Disdukcapil",
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Sosial",
    "Diskominfo",
    "Kantor Kemenag",
    "Polres (Unit PPA)",
    "Dinas Lingkungan Hidup",
    "Dinas PUPR",
    "Dinas Pemuda dan Olahraga",
    "APSAI",
    "PWI",
    "Forum Anak",
    "PKK",
]
POSITIONS = ["Kepala Seksi", "Kepala Bidang", "Staf", "Analis Kebijakan", "Sekretaris Dinas"]
ACTIVITIES = [
    "Sosialisasi KHA kepada warga sekolah",
    "Pembentukan tim ramah anak",
    "Penyusunan SK tim pelaksana",
    "Penyediaan ruang laktasi",
    "Penyediaan ruang bermain anak",
    "Pelatihan konvensi hak anak bagi staf",
    "Pemasangan papan kawasan tanpa rokok",
    "Penyusunan kebijakan anti kekerasan",
    "Musyawarah anak tingkat kecamatan",
    "Pendataan anak tanpa akta kelahiran",
    "Penyusunan profil anak",
    "Evaluasi mandiri komponen ramah anak",
    "Pendampingan pesantren ramah anak",
    "Kampanye pencegahan perkawinan anak",
    "Pelaporan kegiatan ke gugus tugas",
]
TARGET_GROUPS = ["Guru dan tenaga kependidikan", "Orang tua", "Anak", "Tenaga kesehatan", "Warga"]
BUDGET_SOURCES = ["APBD", "DAK", "BOS", "Dana desa", "CSR", "Swadaya"]
TRAINING_TOPICS = [
    "Pelatihan Konvensi Hak Anak",
    "Bimtek Satuan Pendidikan Ramah Anak",
    "Bimtek Puskesmas Ramah Anak",
    "Sosialisasi Kabupaten/Kota Layak Anak",
    "Pelatihan Fasilitator KHA",
    "Bimtek Masjid Ramah Anak",
]
KIND_FOR_TOPIC = {
    "Pelatihan": Training.Kind.PELATIHAN,
    "Bimtek": Training.Kind.BIMTEK,
    "Sosialisasi": Training.Kind.SOSIALISASI,
}


def _person_name(rng: random.Random, gender: str) -> str:
    first = rng.choice(MALE if gender == Person.Gender.MALE else FEMALE)
    return f"{first} {rng.choice(SURNAMES)}"


def _phone(rng: random.Random) -> str:
    return f"+628{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}"


def _institution_name(rng: random.Random, sector: str, kecamatan: str, district) -> str:
    n = rng.randint(1, 12)
    if sector == "sekolah":
        level = rng.choice(["SD Negeri", "SD Negeri", "SMP Negeri", "SMA Negeri", "MI", "MTs"])
        return f"{level} {n} {kecamatan}"
    if sector == "puskesmas":
        return f"Puskesmas {kecamatan}" if n < 8 else f"Puskesmas {kecamatan} {n}"
    if sector == "masjid":
        return f"Masjid {rng.choice(MOSQUES)} {kecamatan}"
    if sector == "pesantren":
        return f"Pondok Pesantren {rng.choice(PESANTREN)} {kecamatan}"
    if sector == "lksa":
        return f"LKSA Panti Asuhan {rng.choice(PESANTREN)} {kecamatan}"
    if sector == "dunia_usaha":
        return f"{rng.choice(['PT', 'CV', 'Koperasi'])} {rng.choice(SURNAMES)} {kecamatan}"
    if sector == "media":
        return f"{rng.choice(['Radio', 'Harian', 'Portal Berita'])} {district.short_name} {n}"
    if sector == "forum_anak":
        return f"Forum Anak Kecamatan {kecamatan}"
    return f"PUSPAGA {district.short_name}" if n < 10 else f"PUSPAGA {kecamatan}"


def _day_in(rng: random.Random, year: int, first_month: int = 1, last_month: int = 12) -> date:
    start = date(year, first_month, 1)
    end = date(year + (last_month == 12), last_month % 12 + 1, 1) - timedelta(days=1)
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _aware(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


# ---------------------------------------------------------------------------
# Generation


@dataclass
class FrameworkRows:
    """One framework's questions in order, and its indicators as ``scoring.score`` takes
    them (with their framework and questions)."""

    framework: Framework
    questions: list
    indicators: list

    @classmethod
    def load(cls, framework: Framework) -> "FrameworkRows":
        indicators = scoring.framework_indicators(framework.pk)
        questions = [
            question
            for indicator in sorted(indicators, key=lambda i: i.number)
            for question in sorted(indicator.items.all(), key=lambda q: q.order)
        ]
        return cls(framework=framework, questions=questions, indicators=indicators)


class Catalogue:
    """The reference rows a run draws from, read once: the sectors, the kecamatan, and the
    framework of each of the run's years."""

    def __init__(self, years):
        self.sectors = {s.code: s for s in Sector.objects.filter(code__in=SECTOR_CODES)}
        self.milestones = {code: [] for code in SECTOR_CODES}
        for definition in MilestoneDefinition.objects.filter(sector__in=SECTOR_CODES).order_by(
            "sector", "order"
        ):
            self.milestones[definition.sector_id].append(definition)
        loaded: dict[int, FrameworkRows] = {}
        self.frameworks = {}
        for year, framework in frameworks_for(years).items():
            if framework.pk not in loaded:
                loaded[framework.pk] = FrameworkRows.load(framework)
            self.frameworks[year] = loaded[framework.pk]
        # Action items work on the indicators of the latest year's framework.
        latest = self.frameworks[max(years)] if years else None
        self.indicators = sorted(latest.indicators, key=lambda i: i.number) if latest else []
        self.subdistricts = {}
        for code, district_id, name in Subdistrict.objects.order_by("code").values_list(
            "code", "district_id", "name"
        ):
            self.subdistricts.setdefault(district_id, []).append((code, name))


class Batch:
    """Unsaved rows of a few districts, written level by level (parents first)."""

    ORDER = [
        Institution,
        TaskForce,
        Training,
        Assessment,
        InstitutionMilestone,
        WorkingGroup,
        TrainingDay,
        Member,
        Person,
        Participant,
        ActionPlan,
        Attendance,
        ActionItem,
        ProgressUpdate,
        ItemAssessment,
        AssessmentStage,
        OfficialResult,
    ]

    def __init__(self):
        self.rows = {model: [] for model in self.ORDER}

    def add(self, obj):
        self.rows[type(obj)].append(obj)
        return obj

    def flush(self, counts: Counter) -> None:
        with transaction.atomic():
            for model in self.ORDER:
                objs = self.rows[model]
                if objs:
                    # bulk_create fills in each FK from its parent object, whose
                    # primary key the previous level's bulk_create returned.
                    model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
                    counts[model.__name__] += len(objs)
        self.rows = {model: [] for model in self.ORDER}


class DistrictBuilder:
    """Everything one district gets, from its own random stream."""

    def __init__(self, plan: Plan, catalogue: Catalogue, district, batch: Batch):
        self.plan = plan
        self.cat = catalogue
        self.district = district
        self.batch = batch
        self.rng = random.Random(f"{plan.seed}:{district.code}")
        # How far along the district is: drives stages, item statuses and scores.
        self.maturity = self.rng.uniform(0.3, 0.86)
        self.digits = district.code.replace(".", "")
        self.person_seq = 0

    def build(self) -> None:
        self.institutions = self.build_institutions()
        self.members, self.groups = self.build_task_force()
        self.people = []
        for year_index, year in enumerate(self.plan.years):
            for number in range(self.rng.randint(2, 4)):
                self.build_training(year, year_index * 10 + number)
            self.build_assessment(year, year_index)

    # -- institutions -------------------------------------------------------

    def build_institutions(self) -> dict:
        rng, district = self.rng, self.district
        kecamatan = self.cat.subdistricts.get(district.code) or [(None, district.short_name)]
        count = rng.randint(60, 200)
        codes = ["puspaga", "forum_anak"] + rng.choices(
            list(SECTOR_WEIGHTS), weights=list(SECTOR_WEIGHTS.values()), k=count - 2
        )
        advance = 0.3 + 0.55 * self.maturity
        first_year = self.plan.years[0]
        by_sector = {code: [] for code in SECTOR_CODES}
        for number, code in enumerate(codes, start=1):
            sub_code, sub_name = rng.choice(kecamatan)
            steps = self.cat.milestones[code]
            stage = 0
            while stage < len(steps) and rng.random() < advance:
                stage += 1
            institution = self.batch.add(
                Institution(
                    district=district,
                    subdistrict_id=sub_code,
                    sector=self.cat.sectors[code],
                    name=_institution_name(rng, code, sub_name, district),
                    address=f"Jl. {rng.choice(SURNAMES)} No. {rng.randint(1, 150)}, {sub_name}",
                    official_id=f"{OFFICIAL_ID_PREFIX}{self.digits}-{number:04d}",
                    contact_person=_person_name(rng, rng.choice(Person.Gender.values)),
                    contact_phone=_phone(rng),
                    stage=stage,
                )
            )
            day = _day_in(rng, first_year)
            for definition in steps[:stage]:
                day += timedelta(days=rng.randint(20, 300))
                self.batch.add(
                    InstitutionMilestone(
                        institution=institution,
                        definition=definition,
                        achieved_on=min(day, self.plan.today),
                    )
                )
            by_sector[code].append(institution)
        return by_sector

    # -- task force ---------------------------------------------------------

    def build_task_force(self):
        rng, district = self.rng, self.district
        decree_date = _day_in(rng, self.plan.years[0], 1, 6)
        task_force = self.batch.add(
            TaskForce(
                district=district,
                decree_number=f"{DECREE_PREFIX}188.45/{rng.randint(100, 999)}/{decree_date.year}",
                decree_date=decree_date,
                valid_from=decree_date,
                secretariat="Dinas PPPA",
                # A district that already has a real current task force keeps it.
                is_current=district.code not in self.plan.keep_current_task_forces,
            )
        )
        groups = [
            self.batch.add(
                WorkingGroup(
                    task_force=task_force,
                    cluster=cluster,
                    coordinator_agency=rng.choice(AGENCIES),
                )
            )
            for cluster in Cluster.values
        ]
        roles = [Member.Role.KETUA, Member.Role.WAKIL_KETUA, Member.Role.SEKRETARIS]
        roles += [Member.Role.KOORDINATOR] * len(groups)
        roles += [Member.Role.ANGGOTA] * (rng.randint(17, 23) - len(roles))
        members = []
        for index, role in enumerate(roles):
            gender = rng.choice(Person.Gender.values)
            group = None
            if role == Member.Role.KOORDINATOR:
                group = groups[index - 3]
            elif role == Member.Role.ANGGOTA:
                group = rng.choice(groups)
            members.append(
                self.batch.add(
                    Member(
                        task_force=task_force,
                        working_group=group,
                        name=_person_name(rng, gender),
                        position=rng.choice(POSITIONS),
                        agency=group.coordinator_agency if group else rng.choice(AGENCIES[:2]),
                        role=role,
                        phone=_phone(rng),
                        active_from=decree_date,
                    )
                )
            )
        return members, groups

    # -- trainings, participants, action plans ------------------------------

    def new_person(self):
        rng = self.rng
        self.person_seq += 1
        gender = rng.choice(Person.Gender.values)
        sector = rng.choice(SECTOR_CODES[:7])
        institution = member = None
        other = ""
        roll = rng.random()
        if roll < 0.7 and self.institutions[sector]:
            institution = rng.choice(self.institutions[sector])
        elif roll < 0.8:
            member = rng.choice(self.members)
        else:
            other = rng.choice(AGENCIES)
        person = self.batch.add(
            Person(
                district=self.district,
                name=_person_name(rng, gender),
                gender=gender,
                position=rng.choice(POSITIONS),
                phone=_phone(rng),
                email=f"p{self.digits}.{self.person_seq}{EMAIL_DOMAIN}",
                birth_year=rng.randint(1965, 2002),
                sector=self.cat.sectors[sector],
                institution=institution,
                member=member,
                other_organisation=other,
            )
        )
        self.people.append(person)
        return person

    def build_training(self, year: int, number: int) -> None:
        rng, today = self.rng, self.plan.today
        topic = rng.choice(TRAINING_TOPICS)
        length = rng.choice([1, 2, 3, 3, 3])
        start = _day_in(rng, year, 2, 11)
        end = start + timedelta(days=length - 1)
        if end >= today:
            status = Training.Status.PLANNED
        else:
            status = rng.choice([Training.Status.HELD, Training.Status.REPORTED])
        training = self.batch.add(
            Training(
                district=self.district,
                title=f"{TITLE_PREFIX}{topic} {self.district.short_name} {year} #{number % 10 + 1}",
                kind=KIND_FOR_TOPIC.get(topic.split()[0], Training.Kind.TOF),
                start_date=start,
                end_date=end,
                venue=f"Aula {rng.choice(AGENCIES[:6])}",
                organiser="Dinas PPPA",
                funding_source=rng.choice(BUDGET_SOURCES[:3]),
                hours=length * 10,
                status=status,
            )
        )
        days = [
            self.batch.add(TrainingDay(training=training, date=start + timedelta(days=offset)))
            for offset in range(length)
        ]
        held = status != Training.Status.PLANNED
        enrolled = set()
        for seat in range(rng.randint(25, 40)):
            person = None
            if self.people and rng.random() < 0.15:
                person = rng.choice(self.people)
                if id(person) in enrolled:
                    person = None
            person = person or self.new_person()
            enrolled.add(id(person))
            pre = post = None
            if held:
                pre = max(0.0, min(100.0, rng.gauss(55, 14)))
                post = max(0.0, min(100.0, pre + rng.gauss(17, 9)))
                pre, post = Decimal(f"{pre:.2f}"), Decimal(f"{post:.2f}")
            participant = self.batch.add(
                Participant(training=training, person=person, pre_score=pre, post_score=post)
            )
            if held:
                present_days = 0
                for day in days:
                    present = rng.random() < 0.93
                    present_days += present
                    self.batch.add(Attendance(participant=participant, day=day, present=present))
                if status == Training.Status.REPORTED and present_days == length:
                    participant.certificate_code = f"S{self.digits}-{number:02d}{seat:02d}"
                    participant.certificate_issued_on = end + timedelta(days=7)
        if held:
            for _plan in range(rng.randint(4, 8)):
                self.build_action_plan(training)

    def build_action_plan(self, training) -> None:
        rng, today = self.rng, self.plan.today
        if rng.random() < 0.7:
            sector = rng.choice(SECTOR_CODES[:7])
            owners = self.institutions[sector] or self.institutions["puspaga"]
            institution, group = rng.choice(owners), None
            title = f"{TITLE_PREFIX}RTL {institution.name}"
        else:
            institution, group = None, rng.choice(self.groups)
            title = f"{TITLE_PREFIX}RTL Pokja {group.cluster} {training.start_date.year}"
        plan = self.batch.add(
            ActionPlan(
                district=self.district,
                training=training,
                owner_institution=institution,
                owner_working_group=group,
                title=title,
            )
        )
        for _item in range(rng.randint(3, 7)):
            start = training.end_date + timedelta(days=rng.randint(7, 60))
            due = start + timedelta(days=rng.randint(30, 300))
            member = rng.choice(self.members) if rng.random() < 0.5 else None
            roll = rng.random()
            if due < today:  # overdue unless done or cancelled
                status = (
                    ActionItem.Status.DONE
                    if roll < 0.55
                    else ActionItem.Status.IN_PROGRESS
                    if roll < 0.75
                    else ActionItem.Status.PLANNED
                    if roll < 0.92
                    else ActionItem.Status.CANCELLED
                )
            elif start > today:
                status = ActionItem.Status.PLANNED
            else:
                status = (
                    ActionItem.Status.IN_PROGRESS
                    if roll < 0.6
                    else ActionItem.Status.PLANNED
                    if roll < 0.9
                    else ActionItem.Status.DONE
                )
            percent = {
                ActionItem.Status.DONE: 100,
                ActionItem.Status.IN_PROGRESS: rng.randrange(10, 95, 5),
            }.get(status, 0)
            item = self.batch.add(
                ActionItem(
                    plan=plan,
                    activity=rng.choice(ACTIVITIES),
                    objective="Meningkatkan pemenuhan hak anak",
                    target_group=rng.choice(TARGET_GROUPS),
                    indicator=rng.choice(self.cat.indicators) if rng.random() < 0.7 else None,
                    start_date=start,
                    due_date=due,
                    responsible_member=member,
                    responsible_name="" if member else rng.choice(AGENCIES),
                    budget_source=rng.choice(BUDGET_SOURCES),
                    budget_amount=Decimal(rng.randrange(0, 50_000_000, 500_000)),
                    success_measure="Laporan kegiatan dan dokumentasi",
                    status=status,
                    cancel_reason=(
                        "Anggaran dialihkan" if status == ActionItem.Status.CANCELLED else ""
                    ),
                    percent=percent,
                )
            )
            if percent:
                last = min(today, due) if status == ActionItem.Status.DONE else today
                span = max(1, (last - start).days)
                updates = rng.randint(1, 3)
                for step in range(1, updates + 1):
                    self.batch.add(
                        ProgressUpdate(
                            item=item,
                            date=start + timedelta(days=span * step // updates),
                            text=rng.choice(
                                [
                                    "Rapat koordinasi sudah dilaksanakan.",
                                    "Kegiatan berjalan sesuai rencana.",
                                    "Menunggu pencairan anggaran.",
                                    "Dokumentasi kegiatan sudah diunggah.",
                                ]
                            ),
                            percent=percent * step // updates,
                        )
                    )

    # -- assessments --------------------------------------------------------

    def build_assessment(self, year: int, year_index: int) -> None:
        rng = self.rng
        # Drawn whether or not the assessment is written, so that a skipped year
        # does not shift the rest of this district's random stream.
        level = min(0.97, self.maturity + 0.02 * year_index + rng.uniform(-0.04, 0.04))
        if (self.district.code, year) in self.plan.taken_assessments:
            return
        current = year == self.plan.years[-1]
        if current:
            status = rng.choice(
                [
                    Assessment.Status.DRAFT,
                    Assessment.Status.REVIEWED,
                    Assessment.Status.SUBMITTED,
                ]
            )
        else:
            status = rng.choice([Assessment.Status.VERIFIED, Assessment.Status.LOCKED])
        verified = status in (Assessment.Status.VERIFIED, Assessment.Status.LOCKED)
        assessment = self.batch.add(
            Assessment(
                district=self.district,
                year=year,
                framework=self.cat.frameworks[year].framework,
                status=status,
                signed_off_by=SIGNATURE,
                submitted_at=None if status in ("draft", "reviewed") else _aware(date(year, 4, 30)),
                verified_at=_aware(date(year, 6, 30)) if verified else None,
            )
        )
        rows = self.cat.frameworks[year]
        own_statuses, found_statuses = {}, {}
        for question in rows.questions:
            own = _answer(rng, question.kind, level)
            own_statuses[question.pk] = own
            found = ""
            if verified:
                found = own
                if own != ItemStatus.NOT_MET and rng.random() < OPTIMISM:
                    found = _step_down(question.kind, own)  # self-assessment optimism
                found_statuses[question.pk] = found
            self.batch.add(
                ItemAssessment(
                    assessment=assessment,
                    item=question,
                    self_status=own,
                    verified_status=found,
                    notes="",
                )
            )
        self.add_stages(assessment, rows, own_statuses, found_statuses if verified else None)
        if verified and (self.district.code, year) not in self.plan.taken_results:
            # The ministry's award for a verified year, from the verified answers.
            score = scoring.score(rows.indicators, found_statuses).total
            self.batch.add(
                OfficialResult(
                    district=self.district,
                    year=year,
                    category=scoring.category_for(score),
                    score=score,
                    source=RESULT_SOURCE,
                )
            )

    def add_stages(self, assessment, rows, own: dict, found: dict | None) -> None:
        """The assessment's stages as its status says (``indicators.stages``): a submitted
        one has its EM completed and its VA running, a verified one its VA completed and
        the ministry's review running; the totals frozen as completion freezes them."""
        done = {"draft": 0, "reviewed": 0, "submitted": 1}.get(assessment.status, 2)
        totals = [scoring.score(rows.indicators, own).total]
        if found is not None:
            totals.append(scoring.score(rows.indicators, found).total)
        for index, stage in enumerate(stages.ORDER):
            row = AssessmentStage(assessment=assessment, stage=stage)
            if index < done:
                row.status = AssessmentStage.Status.COMPLETED
                row.total = totals[index]
                row.category = scoring.category_for(row.total)
                row.completed_at = assessment.verified_at if index else assessment.submitted_at
            elif index == done:
                row.status = AssessmentStage.Status.IN_PROGRESS
            self.batch.add(row)


def _answer(rng: random.Random, kind: str, level: float) -> str:
    """An answer the kind allows whose expected share of the points is ``level``.

    Full with probability ``level - MIDDLE / 2``, a middle step (on average half the
    points) with probability ``MIDDLE``, none otherwise: districts spread over every
    category band as their level does.
    """
    steps = scoring.allowed(kind)  # best first
    roll = rng.random()
    if roll < level - MIDDLE / 2:
        return steps[0]
    if roll < level + MIDDLE / 2:
        middle = steps[1:-1] or [steps[0], steps[-1]]  # a yes/no: either, half each
        return rng.choice(middle)
    return steps[-1]


def _step_down(kind: str, status: str) -> str:
    """The next lower answer the kind allows (a yes/no question: none)."""
    steps = scoring.allowed(kind)
    return steps[min(steps.index(status) + 1, len(steps) - 1)]


def generate(plan: Plan, *, progress=None) -> Counter:
    """Write the plan's rows; ``progress(done, total)`` is called after each chunk."""
    catalogue = Catalogue(plan.years)
    counts = Counter()
    total = len(plan.districts)
    for start in range(0, total, CHUNK_DISTRICTS):
        batch = Batch()
        for district in plan.districts[start : start + CHUNK_DISTRICTS]:
            DistrictBuilder(plan, catalogue, district, batch).build()
        batch.flush(counts)
        # Rows written in bulk go around the write functions: refresh their figures here.
        with transaction.atomic():
            figures.refresh(
                [district.code for district in plan.districts[start : start + CHUNK_DISTRICTS]]
            )
        if progress:
            progress(min(start + CHUNK_DISTRICTS, total), total)
    if connection.vendor == "postgresql":
        # Autovacuum would analyze the fresh tables only some minutes later; until
        # then the planner thinks they are small and scans them whole.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def visible_scale_rows(user) -> dict[str, int]:
    """How many generated rows of each kind ``user`` may read (used by the tests and bench)."""
    return {
        "institutions": scale_institutions().visible_to(user).count(),
        "task_forces": scale_task_forces().visible_to(user).count(),
        "trainings": scale_trainings().visible_to(user).count(),
        "people": scale_people().visible_to(user).count(),
        "participants": Participant.objects.filter(training__in=scale_trainings())
        .visible_to(user)
        .count(),
        "action_items": ActionItem.objects.filter(plan__in=scale_plans()).visible_to(user).count(),
        "assessments": scale_assessments().visible_to(user).count(),
    }

"""The sector catalogue's corrections, for databases loaded before them.

``load_catalogues`` only adds what is missing, so rows shipped earlier are fixed
here: the puskesmas programme is PRAP (Pelayanan Ramah Anak di Puskesmas; "PRA"
is Kemenag's Pesantren Ramah Anak), mosques become houses of worship (Rumah
Ibadah Ramah Anak, counted under indicator 20), the school path gains the SRA
decree step ("SK Sekolah Ramah Anak") after the KHA-trained step, and the decree
steps are flagged. A value a superuser has already changed is left alone: only
the text shipped before is replaced. Schools at or past the new step move up one
stage (their records and history alike), so a school that was at the end of the
path still is, and its recorded milestones keep their meaning.
"""

from django.db import migrations
from django.db.models import F

# (sector, field, shipped before, shipped now)
SECTOR_FIELDS = [
    (
        "puskesmas",
        "programme",
        "Puskesmas Ramah Anak (PRA)",
        "Pelayanan Ramah Anak di Puskesmas (PRAP)",
    ),
    ("masjid", "name", "Masjid", "Rumah ibadah"),
    ("masjid", "name_en", "Mosques", "Houses of worship"),
    (
        "masjid",
        "programme",
        "Masjid Ramah Anak (MRA)",
        "Rumah Ibadah Ramah Anak (RIRA; Masjid Ramah Anak untuk masjid), indikator 20",
    ),
    ("masjid", "identifier_label", "ID SIMAS", "ID SIMAS (masjid)"),
]
# (sector, order, shipped before, shipped now, is the decree step)
MILESTONES = [
    ("puskesmas", 1, "Penanggung jawab PRA ditunjuk", "Penanggung jawab PRAP ditunjuk", False),
    (
        "puskesmas",
        2,
        "50% tenaga kesehatan terlatih KHA",
        "Minimal 2 tenaga kesehatan terlatih KHA",
        False,
    ),
    (
        "puskesmas",
        4,
        "Dinilai sebagai PRA",
        "Ditetapkan sebagai PRAP (SK kepala daerah atau Dinas Kesehatan)",
        True,
    ),
    (
        "masjid",
        1,
        "Sosialisasi/pelatihan MRA",
        "Sosialisasi RIRA dan pelatihan KHA pengurus",
        False,
    ),
    (
        "masjid",
        2,
        "Persyaratan terpenuhi (struktur pengurus, terdaftar di SIMAS)",
        "Persyaratan terpenuhi (struktur pengurus, rekening, NPWP, akta; SIMAS untuk masjid)",
        False,
    ),
    ("masjid", 3, "Ditetapkan sebagai MRA", "Ditetapkan sebagai RIRA dengan SK", True),
    ("forum_anak", 1, "SK pembentukan", "SK pembentukan", True),
    ("puspaga", 1, "SK pembentukan", "SK pembentukan", True),
]
SCHOOLS = "sekolah"
SRA_DECREE = "SK Sekolah Ramah Anak"
SRA_DECREE_ORDER = 4  # after "Minimal 2 guru/tenaga kependidikan terlatih KHA"


def _replace(model, filters, field, old, new):
    model.objects.filter(**filters, **{field: old}).update(**{field: new})


def forward(apps, schema_editor):
    Sector = apps.get_model("stakeholders", "Sector")
    MilestoneDefinition = apps.get_model("stakeholders", "MilestoneDefinition")
    for code, field, old, new in SECTOR_FIELDS:
        _replace(Sector, {"code": code}, field, old, new)
    for code, order, old, new, is_decree in MILESTONES:
        _replace(MilestoneDefinition, {"sector_id": code, "order": order}, "name", old, new)
        if is_decree:
            MilestoneDefinition.objects.filter(sector_id=code, order=order, name=new).update(
                is_decree=True
            )
    _insert_sra_decree(apps)


def _insert_sra_decree(apps):
    MilestoneDefinition = apps.get_model("stakeholders", "MilestoneDefinition")
    Institution = apps.get_model("stakeholders", "Institution")
    HistoricalInstitution = apps.get_model("stakeholders", "HistoricalInstitution")
    path = MilestoneDefinition.objects.filter(sector_id=SCHOOLS)
    if not path.exists() or path.filter(name=SRA_DECREE).exists():
        return
    order = min(SRA_DECREE_ORDER, path.count() + 1)
    # One step at a time from the end: (sector, order) is unique at every moment.
    for step in path.filter(order__gte=order).order_by("-order"):
        step.order += 1
        step.save(update_fields=["order"])
    MilestoneDefinition.objects.create(
        sector_id=SCHOOLS, order=order, name=SRA_DECREE, is_decree=True
    )
    for model in (Institution, HistoricalInstitution):
        model.objects.filter(sector_id=SCHOOLS, stage__gte=order).update(stage=F("stage") + 1)


def backward(apps, schema_editor):
    Sector = apps.get_model("stakeholders", "Sector")
    MilestoneDefinition = apps.get_model("stakeholders", "MilestoneDefinition")
    InstitutionMilestone = apps.get_model("stakeholders", "InstitutionMilestone")
    Institution = apps.get_model("stakeholders", "Institution")
    HistoricalInstitution = apps.get_model("stakeholders", "HistoricalInstitution")
    decree = MilestoneDefinition.objects.filter(sector_id=SCHOOLS, name=SRA_DECREE).first()
    if decree is not None:
        order = decree.order
        InstitutionMilestone.objects.filter(definition=decree).delete()
        decree.delete()
        for step in MilestoneDefinition.objects.filter(sector_id=SCHOOLS, order__gt=order).order_by(
            "order"
        ):
            step.order -= 1
            step.save(update_fields=["order"])
        for model in (Institution, HistoricalInstitution):
            model.objects.filter(sector_id=SCHOOLS, stage__gte=order).update(stage=F("stage") - 1)
    for code, order, old, new, _is_decree in MILESTONES:
        _replace(MilestoneDefinition, {"sector_id": code, "order": order}, "name", new, old)
    for code, field, old, new in SECTOR_FIELDS:
        _replace(Sector, {"code": code}, field, new, old)


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0002_school_level_tobacco_flag_decree_step")]

    operations = [migrations.RunPython(forward, backward)]

"""Demo follow-up plans (RTL) for Balangan and Hulu Sungai Tengah.

Plans come from the demo trainings when they exist (Balangan's KHA training of
August 2025, HST's bimtek of December 2023), are owned by institutions of several
sectors and by task-force working groups, and hold items done, in progress, due
this week and overdue, with dates relative to today. A few Balangan items are
assigned to the member linked to ``gugus.balangan``. Idempotent: plans are found
by (district, title) and items by (plan, activity); nothing existing is changed.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from kla_portal.models import Cluster, District
from stakeholders.models import Institution, Member, WorkingGroup
from trainings.models import Training
from trainings.plans import actions as plans
from trainings.plans.models import ActionItem, ActionPlan

BALANGAN = "63.11"
HULU_SUNGAI_TENGAH = "63.07"

# Who is responsible, for the item specs below.
LINKED = "linked"  # the member linked to gugus.balangan
MEMBER = "member"  # another member of the district's task force

# (owner: ("sector", code) or ("group", cluster), title suffix, items)
# item: (activity, days from today to the due date, indicator number, responsible,
#        progress updates as (days ago, percent, text), or "cancel: reason")
BALANGAN_PLANS = [
    (
        ("sector", "sekolah"),
        "Sekolah Ramah Anak",
        [
            (
                "Pembentukan Tim SRA dengan SK kepala sekolah",
                -40,
                19,
                LINKED,
                [
                    (55, 50, "Draf SK tim disusun bersama komite sekolah."),
                    (42, 100, "SK Tim SRA ditandatangani kepala sekolah."),
                ],
            ),
            (
                "Sosialisasi KHA kepada seluruh guru dan tenaga kependidikan",
                20,
                19,
                LINKED,
                [(6, 50, "Sosialisasi tahap 1 untuk 18 guru kelas sudah dilaksanakan.")],
            ),
            ("Penilaian mandiri 6 komponen SRA", 4, 19, LINKED, []),
            ("Deklarasi Sekolah Ramah Anak bersama orang tua murid", 60, 19, MEMBER, []),
        ],
    ),
    (
        ("sector", "puskesmas"),
        "Puskesmas Ramah Anak",
        [
            (
                "Penyediaan ruang laktasi dan ruang bermain anak",
                -10,
                14,
                LINKED,
                [(15, 40, "Ruang bekas gudang dikosongkan; menunggu pengecatan.")],
            ),
            ("Pelatihan KHA bagi 50% tenaga kesehatan", 45, 14, MEMBER, []),
        ],
    ),
    (
        ("sector", "masjid"),
        "Masjid Ramah Anak",
        [
            ("Penyediaan pojok baca dan area bermain anak di serambi masjid", -5, 10, "", []),
            (
                "Lomba azan anak tingkat kecamatan",
                -20,
                6,
                "",
                "cancel: Anggaran dialihkan ke peringatan Hari Anak Nasional.",
            ),
            ("Pendaftaran masjid di SIMAS", 3, 3, MEMBER, []),
        ],
    ),
    (
        ("group", Cluster.IV),
        "Kelompok Kerja Klaster IV",
        [
            (
                "Pendataan sekolah yang sudah deklarasi SRA",
                -15,
                19,
                MEMBER,
                [(16, 100, "Rekap 42 sekolah per kecamatan diserahkan ke sekretariat.")],
            ),
            ("Rapat koordinasi Klaster IV triwulan IV", 2, 17, MEMBER, []),
        ],
    ),
    (
        ("group", Cluster.KELEMBAGAAN),
        "Kelompok Kerja Kelembagaan",
        [
            (
                "Penyusunan profil anak Kabupaten Balangan",
                -3,
                2,
                MEMBER,
                [(10, 70, "Data Disdukcapil dan Dinas Kesehatan sudah masuk.")],
            ),
        ],
    ),
]

HST_PLANS = [
    (
        ("group", Cluster.III),
        "Kelompok Kerja Klaster III",
        [
            (
                "Sosialisasi PMBA di posyandu",
                -30,
                13,
                MEMBER,
                [(31, 100, "Sosialisasi di 12 posyandu selesai.")],
            ),
            ("Pendampingan puskesmas menuju Puskesmas Ramah Anak", -7, 14, MEMBER, []),
        ],
    ),
    (
        ("sector", "sekolah"),
        "Sekolah Ramah Anak",
        [
            (
                "Deklarasi Sekolah Ramah Anak",
                6,
                19,
                MEMBER,
                [(4, 60, "Undangan deklarasi dikirim ke orang tua murid.")],
            ),
        ],
    ),
    (
        ("sector", "dunia_usaha"),
        "Dunia Usaha Sahabat Anak",
        [("Penandatanganan komitmen perusahaan sahabat anak", 30, 3, "", [])],
    ),
]


def _training(district, year, month, *words):
    trainings = Training.objects.filter(
        district=district, start_date__year=year, start_date__month=month
    )
    for word in words:
        found = trainings.filter(title__icontains=word).first()
        if found:
            return found
    return trainings.first()


def _owner(district, owner):
    kind, code = owner
    if kind == "sector":
        institution = (
            Institution.objects.filter(district=district, sector_id=code, is_active=True)
            .order_by("name")
            .first()
        )
        return institution and {"owner_institution": institution}
    group = WorkingGroup.objects.filter(
        task_force__district=district,
        task_force__is_current=True,
        task_force__is_active=True,
        cluster=code,
    ).first()
    return group and {"owner_working_group": group}


def _seed_district(district, user, training, specs, linked, members, indicators, today):
    made_plans = made_items = 0
    for owner, suffix, items in specs:
        owner_fields = _owner(district, owner)
        if not owner_fields:
            continue  # the stakeholders demo has not made this owner: skip its plan
        owner_obj = next(iter(owner_fields.values()))
        title = f"RTL {suffix}"
        if owner[0] == "sector":
            title = f"RTL {suffix}: {owner_obj.name}"
        plan = ActionPlan.objects.filter(district=district, title=title).first()
        if plan is None:
            plan = plans.create_plan(
                district=district, user=user, title=title, training=training, **owner_fields
            )
            made_plans += 1
        existing = set(plan.items.values_list("activity", flat=True))
        for index, (activity, due_in, number, who, progress) in enumerate(items):
            if activity in existing:
                continue
            responsible = linked if who == LINKED else None
            if who == MEMBER and members:
                responsible = members[index % len(members)]
            item = plans.add_item(
                plan=plan,
                user=user,
                activity=activity,
                due_date=today + timedelta(days=due_in),
                start_date=today + timedelta(days=min(due_in, 0) - 60),
                indicator=indicators.get(number),
                responsible_member=responsible,
                responsible_name="" if responsible else str(owner_obj),
                budget_source="APBD" if index % 2 == 0 else "",
                target_group="",
            )
            made_items += 1
            if isinstance(progress, str):
                plans.set_status(
                    item=item,
                    user=user,
                    version=item.version,
                    status=ActionItem.Status.CANCELLED,
                    reason=progress.removeprefix("cancel: "),
                )
                continue
            author = responsible.user if responsible and responsible.user else user
            for days_ago, percent, text in progress:
                item.refresh_from_db()
                plans.post_progress_update(
                    item=item,
                    user=author,
                    date=today - timedelta(days=days_ago),
                    text=text,
                    percent=percent,
                )
    return made_plans, made_items


def seed():
    User = get_user_model()
    today = timezone.localdate()
    indicators = plans.current_indicators()
    lines = []
    for code, username, (year, month, words), specs in (
        (BALANGAN, "balangan", (2025, 8, ("KHA", "Hak Anak")), BALANGAN_PLANS),
        (HULU_SUNGAI_TENGAH, "hst", (2023, 12, ("Bimbingan", "bimtek")), HST_PLANS),
    ):
        district = District.objects.get(code=code)
        user = User.objects.get(username=username)
        training = _training(district, year, month, *words)
        linked = Member.objects.filter(
            user__username="gugus.balangan", task_force__district=district, is_active=True
        ).first()
        members = list(
            Member.objects.filter(
                task_force__district=district, task_force__is_current=True, is_active=True
            )
            .exclude(pk=linked.pk if linked else None)
            .order_by("name")[:4]
        )
        made_plans, made_items = _seed_district(
            district, user, training, specs, linked, members, indicators, today
        )
        lines.append(
            f"RTL {district.short_name}: {made_plans} RTL baru, {made_items} kegiatan baru"
        )
    return lines

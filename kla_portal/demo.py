"""Demo accounts: one per role, over Kalimantan Selatan, Balangan and Hulu Sungai Tengah.

``manage.py seed_demo`` runs ``seed()`` of each app's ``demo`` module in
INSTALLED_APPS order; this one comes first so the others find their users.
"""

from django.contrib.auth import get_user_model

from kla_portal.models import District, Membership, Province, Role

DEMO_PASSWORD = "demo-kla-2025"
BALANGAN = "63.11"
HULU_SUNGAI_TENGAH = "63.07"
KALIMANTAN_SELATAN = "63"
DEMO_DISTRICTS = (BALANGAN, HULU_SUNGAI_TENGAH)

# username, full name, role, region code (None for the whole country)
DEMO_USERS = [
    ("admin", "Administrator Sistem", None, None),
    ("evaluator", "Evaluator KemenPPPA", Role.EVALUATOR, None),
    ("kalsel", "Koordinator DP3A Kalimantan Selatan", Role.PROVINCE_COORDINATOR, "63"),
    ("balangan", "Dian Dinilia (Bidang PPPA Balangan)", Role.DISTRICT_ADMIN, BALANGAN),
    ("gugus.balangan", "Anggota Gugus Tugas Balangan", Role.TASK_FORCE_MEMBER, BALANGAN),
    ("hst", "Dinsos PPKB-PPPA Hulu Sungai Tengah", Role.DISTRICT_ADMIN, HULU_SUNGAI_TENGAH),
    ("gugus.hst", "Anggota Gugus Tugas HST", Role.TASK_FORCE_MEMBER, HULU_SUNGAI_TENGAH),
]


def seed():
    User = get_user_model()
    lines = []
    for username, full_name, role, region in DEMO_USERS:
        first, _, last = full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.kla.id",
                "is_superuser": role is None,
                "is_staff": role is None,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role == Role.PROVINCE_COORDINATOR:
            Membership.objects.get_or_create(
                user=user, role=role, province=Province.objects.get(code=region)
            )
        elif role in (Role.DISTRICT_ADMIN, Role.TASK_FORCE_MEMBER):
            Membership.objects.get_or_create(
                user=user, role=role, district=District.objects.get(code=region)
            )
        elif role == Role.EVALUATOR:
            Membership.objects.get_or_create(user=user, role=role)
        label = Role(role).label if role else "superuser"
        lines.append(f"  {username:<16} {DEMO_PASSWORD:<15} {label} {region or ''}")
    return ["Login demo (username, password, peran):", *lines]

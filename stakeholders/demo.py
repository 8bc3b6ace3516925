"""Demo task forces and sector institutions for Balangan (63.11) and Hulu Sungai Tengah (63.07).

Names of people are invented; agencies, kecamatan and the programme's milestones are
real. Balangan's decree is valid; HST's ends within 90 days of the first seeding so the
warning shows. Everything goes through the write functions, as the district admin, and
only what is missing is added: a second run changes nothing.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from kla_portal.demo import BALANGAN, DEMO_PASSWORD, HULU_SUNGAI_TENGAH
from kla_portal.models import District, Membership, Role
from stakeholders import catalogue, letterhead_demo
from stakeholders.actions import add_member, create_task_force, record_milestone, update_member
from stakeholders.actions import register_institution as register
from stakeholders.agencies import create_default_agencies, create_operator, update_agency
from stakeholders.models import (
    SCHOOL_SECTOR,
    Agency,
    Institution,
    Member,
    MilestoneDefinition,
    SchoolLevel,
    Sector,
    TaskForce,
)

KETUA, WAKIL, SEKRETARIS = Member.Role.KETUA, Member.Role.WAKIL_KETUA, Member.Role.SEKRETARIS
KOORD, ANGGOTA = Member.Role.KOORDINATOR, Member.Role.ANGGOTA

# name, position, agency, role, working group (None: the task force's leadership), phone
BALANGAN_MEMBERS = [
    (
        "Drs. H. Akhmad Rizani, M.Si",
        "Sekretaris Daerah",
        "Sekretariat Daerah",
        KETUA,
        None,
        "081251100101",
    ),
    (
        "Ir. H. Muhammad Noor, M.T",
        "Kepala Bappelitbangda",
        "Bappelitbangda",
        WAKIL,
        None,
        "081251100102",
    ),
    (
        "Hj. Siti Rahmah, S.Sos, M.AP",
        "Kepala Dinas PPKBPPPA",
        "Dinas PPKBPPPA",
        SEKRETARIS,
        None,
        "081251100103",
    ),
    ("Noor Aisyah, S.E", "Kepala Bidang PPPA", "Dinas PPKBPPPA", ANGGOTA, "K", "081251100104"),
    (
        "Aulia Rahman, S.T",
        "Kepala Bidang Pemerintahan dan Pembangunan Manusia",
        "Bappelitbangda",
        KOORD,
        "K",
        "081251100105",
    ),
    ("H. Khairil Anwar, S.H", "Kepala Dinas", "Disdukcapil", KOORD, "I", "081251100106"),
    (
        "Fahrurrazi, S.Kom",
        "Kepala Bidang Informasi dan Komunikasi Publik",
        "Diskominfo",
        ANGGOTA,
        "I",
        "081251100107",
    ),
    (
        "Nadia Putri Lestari",
        "Ketua Forum Anak Kabupaten Balangan",
        "Forum Anak Balangan",
        ANGGOTA,
        "I",
        "",
    ),
    (
        "Hairiyah, S.Sos",
        "Kepala Bidang Rehabilitasi Sosial",
        "Dinas Sosial",
        KOORD,
        "II",
        "081251100109",
    ),
    (
        "H. Ahmad Jaelani, S.Ag",
        "Kepala Seksi Bimas Islam",
        "Kantor Kementerian Agama",
        ANGGOTA,
        "II",
        "081251100110",
    ),
    (
        "dr. Fitriani",
        "Kepala Bidang Kesehatan Masyarakat",
        "Dinas Kesehatan",
        KOORD,
        "III",
        "081251100111",
    ),
    (
        "Yusran, S.Hut",
        "Kepala Bidang Pengendalian Pencemaran",
        "Dinas Lingkungan Hidup",
        ANGGOTA,
        "III",
        "081251100112",
    ),
    (
        "Normilawati, S.Pd, M.Pd",
        "Kepala Bidang Pembinaan Sekolah Dasar",
        "Dinas Pendidikan dan Kebudayaan",
        KOORD,
        "IV",
        "081251100113",
    ),
    ("Supiani, S.Pd", "Kepala Bidang Kepemudaan", "Disporapar", ANGGOTA, "IV", "081251100114"),
    (
        "Ipda Rina Wulandari",
        "Kepala Unit PPA Satreskrim",
        "Polres Balangan",
        KOORD,
        "V",
        "081251100115",
    ),
    ("Mahyuni, S.Psi", "Kepala UPTD PPA", "Dinas PPKBPPPA", ANGGOTA, "V", "081251100116"),
]
HST_MEMBERS = [
    (
        "Ir. H. Ahmad Syaukani, M.M",
        "Kepala Bappelitbangda",
        "Bappelitbangda",
        KETUA,
        None,
        "081348200101",
    ),
    (
        "H. Rusmadi, S.Sos",
        "Asisten Pemerintahan dan Kesejahteraan Rakyat",
        "Sekretariat Daerah",
        WAKIL,
        None,
        "081348200102",
    ),
    (
        "Hj. Rusmini, S.Sos, M.Si",
        "Kepala Dinsos PPKB-PPPA",
        "Dinsos PPKB-PPPA",
        SEKRETARIS,
        None,
        "081348200103",
    ),
    ("Iis Sugiarti, S.E", "Kepala Bidang PPPA", "Dinsos PPKB-PPPA", ANGGOTA, "K", "081348200104"),
    (
        "Gusti Rahmadi, S.T, M.T",
        "Kepala Bidang Sosial Budaya",
        "Bappelitbangda",
        KOORD,
        "K",
        "081348200105",
    ),
    ("Syahrani, S.H", "Kepala Dinas", "Disdukcapil", KOORD, "I", "081348200106"),
    (
        "M. Ridha Fauzi, S.Kom",
        "Pranata Humas Ahli Muda",
        "Diskominfo",
        ANGGOTA,
        "I",
        "081348200107",
    ),
    (
        "Zahra Amelia",
        "Ketua Forum Anak Kabupaten Hulu Sungai Tengah",
        "Forum Anak HST",
        ANGGOTA,
        "I",
        "",
    ),
    (
        "Rahmawati, S.Sos",
        "Kepala Bidang Rehabilitasi Sosial",
        "Dinsos PPKB-PPPA",
        KOORD,
        "II",
        "081348200109",
    ),
    (
        "H. Muhammad Ilmi, S.Ag",
        "Kepala Seksi Bimas Islam",
        "Kantor Kementerian Agama",
        ANGGOTA,
        "II",
        "081348200110",
    ),
    (
        "dr. Nurul Hidayah",
        "Kepala Bidang Kesehatan Masyarakat",
        "Dinas Kesehatan",
        KOORD,
        "III",
        "081348200111",
    ),
    (
        "Akhmad Fauzan, S.Pd",
        "Kepala Bidang Pembinaan SMP",
        "Dinas Pendidikan",
        KOORD,
        "IV",
        "081348200112",
    ),
    (
        "Hj. Salmah, S.Pd.I",
        "Kepala Seksi Pendidikan Madrasah",
        "Kantor Kementerian Agama",
        ANGGOTA,
        "IV",
        "081348200113",
    ),
    (
        "Aiptu Dewi Kartika",
        "Kepala Unit PPA Satreskrim",
        "Polres Hulu Sungai Tengah",
        KOORD,
        "V",
        "081348200114",
    ),
    ("Nor Hasanah, S.Psi", "Kepala UPTD PPA", "Dinsos PPKB-PPPA", ANGGOTA, "V", "081348200115"),
]

# sector code, name, kecamatan, identifier, stage to reach ("all" = the whole path)
BALANGAN_INSTITUTIONS = [
    ("sekolah", "SD Negeri Paringin 1", "Paringin", "30304201", "all"),
    ("sekolah", "SD Negeri Paringin 2", "Paringin", "30304202", 3),
    ("sekolah", "SMP Negeri 1 Paringin", "Paringin", "30304211", "all"),
    ("sekolah", "SMA Negeri 1 Paringin", "Paringin", "30304221", 2),
    ("sekolah", "SD Negeri Batu Piring", "Paringin Selatan", "30304231", 1),
    ("sekolah", "SMP Negeri 2 Paringin", "Paringin Selatan", "30304232", 3),
    ("sekolah", "MIN 1 Balangan", "Paringin Selatan", "60728101", 2),
    ("sekolah", "SD Negeri Juai 1", "Juai", "30304241", 2),
    ("sekolah", "SMP Negeri 1 Juai", "Juai", "30304242", 0),
    ("sekolah", "SD Negeri Halong 1", "Halong", "30304251", 1),
    ("sekolah", "SMA Negeri 1 Halong", "Halong", "30304252", 0),
    ("sekolah", "SD Negeri Awayan 1", "Awayan", "30304261", 4),
    ("sekolah", "SD Negeri Batumandi 1", "Batu Mandi", "30304271", 2),
    ("sekolah", "MTsN 1 Balangan", "Batu Mandi", "60728102", 1),
    ("sekolah", "SD Negeri Lampihong 1", "Lampihong", "30304281", 3),
    ("sekolah", "SD Negeri Tebing Tinggi 1", "Tebing Tinggi", "30304291", 0),
    ("puskesmas", "UPT Puskesmas Paringin", "Paringin", "P6311060101", "all"),
    ("puskesmas", "UPT Puskesmas Paringin Selatan", "Paringin Selatan", "P6311070101", 3),
    ("puskesmas", "UPT Puskesmas Juai", "Juai", "P6311010101", 2),
    ("puskesmas", "UPT Puskesmas Halong", "Halong", "P6311020101", 1),
    ("puskesmas", "UPT Puskesmas Awayan", "Awayan", "P6311030101", 2),
    ("puskesmas", "UPT Puskesmas Batumandi", "Batu Mandi", "P6311040101", 1),
    ("puskesmas", "UPT Puskesmas Lampihong", "Lampihong", "P6311050101", 2),
    ("puskesmas", "UPT Puskesmas Tebing Tinggi", "Tebing Tinggi", "P6311080101", 0),
    ("masjid", "Masjid Agung Paringin", "Paringin", "01.2.22.11.06.000001", "all"),
    ("masjid", "Masjid Al-Muhajirin", "Paringin Selatan", "01.2.22.11.07.000003", 2),
    ("masjid", "Masjid Nurul Iman Juai", "Juai", "01.2.22.11.01.000002", 1),
    ("masjid", "Masjid Baiturrahman Halong", "Halong", "", 1),
    ("masjid", "Masjid Al-Ikhlas Lampihong", "Lampihong", "", 0),
    ("masjid", "Masjid Jami Batumandi", "Batu Mandi", "", 0),
    ("pesantren", "Pondok Pesantren Darul Ulum Paringin", "Paringin", "510063110001", 3),
    ("pesantren", "Pondok Pesantren Nurul Huda Awayan", "Awayan", "510063110002", 2),
    ("pesantren", "Pondok Pesantren Al-Falah Lampihong", "Lampihong", "510063110003", 1),
    ("lksa", "Panti Asuhan Al-Hidayah Paringin", "Paringin", "460/012/DINSOS/2022", "all"),
    ("lksa", "Panti Asuhan Nurul Amin", "Batu Mandi", "460/027/DINSOS/2023", 2),
    ("lksa", "LKSA Darul Aitam Halong", "Halong", "460/031/DINSOS/2023", 1),
    ("dunia_usaha", "PT Adaro Indonesia", "Paringin", "8120000123451", "all"),
    ("dunia_usaha", "Bank Kalsel Cabang Paringin", "Paringin", "9120000123452", 2),
    (
        "dunia_usaha",
        "PT Pertamina Patra Niaga SPBU Paringin",
        "Paringin Selatan",
        "8120000123453",
        2,
    ),
    ("dunia_usaha", "Koperasi Sawit Makmur Juai", "Juai", "9120000123454", 2),
    ("dunia_usaha", "CV Berkah Karet Halong", "Halong", "8120000123455", 1),
    ("media", "LPPL Radio Suara Balangan", "Paringin", "", 3),
    ("media", "Kalimantan Post Biro Balangan", "Paringin", "", 2),
    ("media", "Portal Berita Balangan Today", "Paringin Selatan", "", 1),
    ("forum_anak", "Forum Anak Kabupaten Balangan", "Paringin", "188.45/201/Kum/2023", "all"),
    ("forum_anak", "Forum Anak Kecamatan Paringin", "Paringin", "", 2),
    ("forum_anak", "Forum Anak Kecamatan Awayan", "Awayan", "", 1),
    ("puspaga", "PUSPAGA Kabupaten Balangan", "Paringin", "188.45/288/Kum/2022", 2),
    ("pka", "Pusat Kreativitas Anak Kabupaten Balangan", "Paringin", "188.45/310/Kum/2024", 2),
]
HST_INSTITUTIONS = [
    ("sekolah", "SD Negeri Barabai Barat 1", "Barabai", "30304601", "all"),
    ("sekolah", "SMP Negeri 1 Barabai", "Barabai", "30304611", 3),
    ("sekolah", "SMA Negeri 1 Barabai", "Barabai", "30304621", 2),
    ("sekolah", "SD Negeri Haruyan 1", "Haruyan", "30304631", 1),
    ("sekolah", "SMP Negeri 1 Haruyan", "Haruyan", "30304632", 2),
    ("sekolah", "SD Negeri Pagat", "Batu Benawa", "30304641", 1),
    ("sekolah", "MIN 2 Hulu Sungai Tengah", "Pandawan", "60728201", 2),
    ("sekolah", "SD Negeri Pandawan 1", "Pandawan", "30304651", 0),
    ("sekolah", "SMP Negeri 1 Labuan Amas Selatan", "Labuan Amas Selatan", "30304661", 1),
    ("sekolah", "SD Negeri Pantai Hambawang", "Labuan Amas Utara", "30304671", 0),
    ("sekolah", "SD Negeri Birayang 1", "Batang Alai Selatan", "30304681", 2),
    ("sekolah", "MTsN 3 Hulu Sungai Tengah", "Batang Alai Utara", "60728202", 1),
    ("sekolah", "SD Negeri Hantakan 1", "Hantakan", "30304691", 0),
    ("sekolah", "SD Negeri Limpasu 1", "Limpasu", "30304701", 1),
    ("puskesmas", "Puskesmas Barabai", "Barabai", "P6307060101", "all"),
    ("puskesmas", "Puskesmas Haruyan", "Haruyan", "P6307010101", 2),
    ("puskesmas", "Puskesmas Pagat", "Batu Benawa", "P6307020101", 1),
    ("puskesmas", "Puskesmas Pandawan", "Pandawan", "P6307050101", 2),
    ("puskesmas", "Puskesmas Birayang", "Batang Alai Selatan", "P6307070101", 1),
    ("puskesmas", "Puskesmas Hantakan", "Hantakan", "P6307090101", 0),
    ("puskesmas", "Puskesmas Limpasu", "Limpasu", "P6307110101", 0),
    ("masjid", "Masjid Agung Riyadhus Shalihin Barabai", "Barabai", "01.2.22.07.06.000001", "all"),
    ("masjid", "Masjid Al-Jihad Haruyan", "Haruyan", "01.2.22.07.01.000004", 1),
    ("masjid", "Masjid Nurul Falah Pandawan", "Pandawan", "", 1),
    ("masjid", "Masjid Jami Birayang", "Batang Alai Selatan", "", 0),
    ("masjid", "Masjid Al-Amin Limpasu", "Limpasu", "", 0),
    ("pesantren", "Pondok Pesantren Ibnul Amin Pamangkih", "Labuan Amas Utara", "510063070001", 2),
    ("pesantren", "Pondok Pesantren Al-Mujahidin Barabai", "Barabai", "510063070002", 1),
    ("pesantren", "Pondok Pesantren Darussalam Birayang", "Batang Alai Selatan", "510063070003", 0),
    ("lksa", "Panti Asuhan Budi Mulia Barabai", "Barabai", "460/044/DINSOS/2021", 2),
    ("lksa", "Panti Asuhan Al-Mabrur Pandawan", "Pandawan", "460/052/DINSOS/2022", 1),
    ("lksa", "LKSA Nurul Yatim Haruyan", "Haruyan", "", 0),
    ("dunia_usaha", "Bank Kalsel Cabang Barabai", "Barabai", "9120000223451", 1),
    ("dunia_usaha", "PT Antang Gunung Meratus", "Hantakan", "8120000223452", 0),
    ("dunia_usaha", "Koperasi Karet Murakata", "Batang Alai Selatan", "9120000223453", 1),
    ("dunia_usaha", "Toko Bangunan Sumber Rezeki", "Barabai", "8120000223454", 0),
    ("media", "LPPL Radio Murakata", "Barabai", "", 2),
    ("media", "Banjarmasin Post Biro Barabai", "Barabai", "", 1),
    ("media", "Portal Berita HST Terkini", "Barabai", "", 0),
    ("forum_anak", "Forum Anak Kabupaten Hulu Sungai Tengah", "Barabai", "188.45/177/2022", 2),
    ("forum_anak", "Forum Anak Kecamatan Barabai", "Barabai", "", 1),
    ("forum_anak", "Forum Anak Kecamatan Haruyan", "Haruyan", "", 0),
    ("puspaga", "PUSPAGA Murakata", "Barabai", "188.45/92/2021", 1),
    ("pka", "Pusat Kreativitas Anak Murakata", "Barabai", "", 0),
]
# The level of a demo school, from how its name starts.
LEVELS = [
    (("SD ", "MIN "), SchoolLevel.SD_MI),
    (("SMP ", "MTsN "), SchoolLevel.SMP_MTS),
    (("SMA ", "SMK ", "MAN "), SchoolLevel.SMA_MA_SMK),
]


def _school_level(code, name) -> str:
    if code != SCHOOL_SECTOR:
        return ""
    return next((level for starts, level in LEVELS if name.startswith(starts)), "")


# When each milestone of a sector's path was typically reached in the demo.
FIRST_STEP = date(2023, 8, 14)
STEP_GAP = timedelta(days=110)
APSAI_FORMED = date(2025, 7, 29)  # Balangan's district APSAI


def _milestone_date(sector_code, order, index, district_code):
    if sector_code == "dunia_usaha" and district_code == BALANGAN:
        return {
            1: date(2025, 5, 20) + timedelta(days=index * 3),
            2: APSAI_FORMED,
            3: date(2025, 10, 6) + timedelta(days=index * 5),
        }[order]
    return FIRST_STEP + STEP_GAP * (order - 1) + timedelta(days=index * 9)


def _task_force(district, admin, decree_number, decree_date, valid_until, secretariat, groups):
    existing = TaskForce.objects.filter(district=district, is_current=True, is_active=True).first()
    if existing:
        return existing, False
    return (
        create_task_force(
            district=district,
            user=admin,
            decree_number=decree_number,
            decree_date=decree_date,
            valid_from=decree_date,
            valid_until=valid_until,
            secretariat=secretariat,
            coordinators=groups,
        ),
        True,
    )


def _members(task_force, admin, rows, linked_name, account):
    groups = {g.cluster: g for g in task_force.working_groups.all()}
    added = 0
    for name, position, agency, role, group, phone in rows:
        if task_force.members.filter(name=name).exists():
            continue
        add_member(
            task_force=task_force,
            user=admin,
            name=name,
            position=position,
            agency=agency,
            role=role,
            working_group=groups.get(group),
            phone=f"+62{phone[1:]}" if phone else "",
            active_from=task_force.valid_from,
            account=account if name == linked_name else None,
        )
        added += 1
    return added


def _institutions(district, admin, rows):
    sectors = {s.code: s for s in Sector.objects.all()}
    paths = {}
    for d in MilestoneDefinition.objects.order_by("order"):
        paths.setdefault(d.sector_id, []).append(d)
    kecamatan = {s.name: s for s in district.subdistricts.all()}
    added = 0
    for index, (code, name, place, official_id, target) in enumerate(rows):
        sector = sectors[code]
        institution = Institution.objects.filter(
            district=district, sector=sector, name=name
        ).first()
        if institution is None:
            institution = register(
                district=district,
                user=admin,
                sector=sector,
                name=name,
                subdistrict=kecamatan[place],
                official_id=official_id,
                address=f"Kecamatan {place}",
                school_level=_school_level(code, name),
            )
            added += 1
        path = paths.get(code, [])
        reach = len(path) if target == "all" else min(target, len(path))
        done = set(institution.milestones.values_list("definition_id", flat=True))
        for step in path[:reach]:
            if step.pk not in done:
                record_milestone(
                    institution=institution,
                    definition=step,
                    achieved_on=_milestone_date(code, step.order, index % 7, district.code),
                    user=admin,
                )
    return added


# Balangan calls its education office Disdikbud: the catalogue's Disdik, renamed.
BALANGAN_RENAMES = {"Disdik": ("Disdikbud", "Dinas Pendidikan dan Kebudayaan")}
# username, full name, the instrument name of the agency (None: a kecamatan operator),
# kecamatan
BALANGAN_OPERATORS = [
    ("disdukcapil.balangan", "Rina Marlina (Disdukcapil Balangan)", "Disdukcapil", None),
    ("dinkes.balangan", "Hendra Saputra (Dinkes Balangan)", "Dinkes", None),
    ("kemenag.balangan", "Fitriani (Kemenag Balangan)", "Kemenag", None),
    ("kec.paringin.balangan", "Operator Kecamatan Paringin", None, "Paringin"),
]


def _covering(district, name) -> Agency:
    # In Python: SQLite has no JSON "contains" lookup.
    return next(a for a in Agency.objects.filter(district=district) if name in a.covers)


def _agencies(district, admin, renames) -> int:
    """The default catalogue, the district's own names, and its members pointed at them."""
    added = len(create_default_agencies(district=district, user=admin))
    for covered, (short_name, name) in renames.items():
        agency = _covering(district, covered)
        update_agency(agency=agency, user=admin, short_name=short_name, name=name)
    by_name = {}
    for agency in Agency.objects.filter(district=district, is_active=True):
        by_name[agency.short_name] = by_name[agency.name] = agency
    members = Member.objects.filter(
        task_force__district=district, agency_unit__isnull=True, agency__in=by_name
    )
    for member in members:
        update_member(member=member, user=admin, agency_unit=by_name[member.agency])
    return added


def _operators(district, admin, rows) -> int:
    User = get_user_model()
    added = 0
    for username, name, covered, kecamatan in rows:
        if User.objects.filter(username=username).exists():
            continue
        account, _link = create_operator(
            district=district,
            user=admin,
            username=username,
            name=name,
            email="",  # no email sent while seeding; set below, as for the other demo logins
            agency=_covering(district, covered) if covered else None,
            subdistrict=district.subdistricts.get(name=kecamatan) if kecamatan else None,
        )
        account.email = f"{username}@demo.kla.id"
        account.set_password(DEMO_PASSWORD)
        account.save(update_fields=["email", "password"])
        added += 1
    return added


def demo_logins() -> list[str]:
    """The operator logins, for seed_demo to print under kla_portal's."""
    lines = []
    for membership in Membership.objects.filter(
        user__username__in=[row[0] for row in BALANGAN_OPERATORS]
    ).select_related("user", "agency", "subdistrict", "district"):
        scope = membership.agency or membership.subdistrict
        lines.append(
            f"  {membership.user.username:<22} {DEMO_PASSWORD:<15} "
            f"{Role(membership.role).label} {scope} ({membership.district_id})"
        )
    return sorted(lines)


def seed():
    User = get_user_model()
    lines = []
    catalogue.load()  # the sectors and their paths, if load_catalogues has not run yet
    today = timezone.localdate()

    balangan = District.objects.get(code=BALANGAN)
    admin = User.objects.get(username="balangan")
    task_force, _ = _task_force(
        balangan,
        admin,
        "188.45/137/Kum/2024",
        date(2024, 3, 18),
        date(2027, 3, 17),
        "Dinas PPKBPPPA Kabupaten Balangan, Bidang PPPA",
        {
            "K": "Bappelitbangda",
            "I": "Disdukcapil",
            "II": "Dinas Sosial",
            "III": "Dinas Kesehatan",
            "IV": "Dinas Pendidikan dan Kebudayaan",
            "V": "Dinas PPKBPPPA (UPTD PPA)",
        },
    )
    members = _members(
        task_force,
        admin,
        BALANGAN_MEMBERS,
        "Noor Aisyah, S.E",
        User.objects.get(username="gugus.balangan"),
    )
    institutions = _institutions(balangan, admin, BALANGAN_INSTITUTIONS)
    lines.append(
        f"Gugus tugas dan lembaga Balangan: {members} anggota, {institutions} lembaga baru"
    )
    agencies = _agencies(balangan, admin, BALANGAN_RENAMES)
    operators = _operators(balangan, admin, BALANGAN_OPERATORS)
    lines.append(f"Perangkat daerah Balangan: {agencies} baru, {operators} akun operator baru")

    hst = District.objects.get(code=HULU_SUNGAI_TENGAH)
    admin = User.objects.get(username="hst")
    # Three years ending 60 days after the first seeding: the page warns it is about to lapse.
    until = today + timedelta(days=60)
    decreed = until - timedelta(days=3 * 365)
    task_force, _ = _task_force(
        hst,
        admin,
        f"188.45/214/{decreed.year}",
        decreed,
        until,
        "Dinsos PPKB-PPPA Kabupaten Hulu Sungai Tengah, Bidang PPPA",
        {
            "K": "Bappelitbangda",
            "I": "Disdukcapil",
            "II": "Dinsos PPKB-PPPA",
            "III": "Dinas Kesehatan",
            "IV": "Dinas Pendidikan",
            "V": "Dinsos PPKB-PPPA (UPTD PPA)",
        },
    )
    members = _members(
        task_force,
        admin,
        HST_MEMBERS,
        "Iis Sugiarti, S.E",
        User.objects.get(username="gugus.hst"),
    )
    institutions = _institutions(hst, admin, HST_INSTITUTIONS)
    lines.append(f"Gugus tugas dan lembaga HST: {members} anggota, {institutions} lembaga baru")
    lines.append(f"Perangkat daerah HST: {_agencies(hst, admin, {})} baru")
    lines += letterhead_demo.seed()
    return lines

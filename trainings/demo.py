"""Demo trainings: the two KHA trainings of the source articles, and one upcoming each.

Balangan's "Pelatihan Konvensi Hak Anak (KHA)", 19-21 August 2025 at Mahligai
Mayang Maurai, Paringin (the article quotes Rabu 20/8/2025 in the middle of
it), and Hulu Sungai Tengah's bimbingan teknis for the Gugus Tugas KLA,
8-10 December 2023. Participants come from the institutions and task-force
members stakeholders/demo.py created; whatever is missing is added here.
Idempotent: natural keys, and a fixed random seed for names and scores.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from kla_portal.models import District
from stakeholders.models import Institution, Member, Sector
from trainings import actions, catalogue, certificates
from trainings.models import (
    Attendance,
    Facilitator,
    Participant,
    ParticipantFunction,
    Person,
    Training,
)

BALANGAN = "63.11"
HST = "63.07"

# Institutions to fall back on when the stakeholders demo has none for a sector.
FALLBACK_INSTITUTIONS = {
    BALANGAN: {
        "sekolah": ["SDN Paringin 1", "SMPN 1 Paringin", "MIN 1 Balangan", "SMAN 1 Paringin"],
        "puskesmas": ["Puskesmas Paringin", "Puskesmas Juai", "Puskesmas Lampihong"],
        "masjid": ["Masjid Agung Al-Akbar Paringin", "Masjid Al-Istiqamah Juai"],
        "pesantren": [
            "Pondok Pesantren Nurul Hidayah Paringin",
            "Pondok Pesantren Al-Falah Awayan",
        ],
        "lksa": ["LKSA Panti Asuhan Nurul Iman Paringin"],
        "dunia_usaha": ["Bank Kalsel Cabang Paringin", "CV Mayang Maurai Sejahtera"],
        "media": ["Radio Suara Balangan", "Media Online Balangan Terkini"],
    },
}
TASK_FORCE_AGENCIES = [
    "Bappeda Balangan",
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Disdukcapil",
    "Dinas Sosial",
    "Diskominfo",
    "Kantor Kemenag Balangan",
]
# Balangan: how many participants each group sends (35 in all).
# The function (fungsi/peran) a demo participant attends in, by where they come from: the
# instrument's questions on the KHA training of named groups count them.
FUNCTIONS = {
    "gugus_tugas": "gugus_tugas",
    "sekolah": "pendidik_sra",
    "puskesmas": "sdm_faskes",
    "masjid": "pengelola_pka_rira",
    "pesantren": "pengasuh_lksa",
    "lksa": "pengasuh_lksa",
}
BALANGAN_MIX = [
    ("gugus_tugas", 7),
    ("sekolah", 6),
    ("puskesmas", 5),
    ("masjid", 4),
    ("pesantren", 4),
    ("lksa", 3),
    ("dunia_usaha", 3),
    ("media", 3),
]
MALE_NAMES = [
    "Ahmad Fauzi", "Muhammad Rizki", "Akhmad Syarifuddin", "Rahmadi", "Hendra Saputra",
    "Abdul Rasyid", "Fahrur Razi", "Muhammad Noor", "Syahrani", "Gusti Iskandar",
    "Yusuf Hidayat", "Ridwan Effendi", "H. Masrani", "Ilham Maulana", "Fathurrahman",
    "Supiansyah", "Budi Santoso", "Zainal Arifin", "Arbainah", "Taufik Hidayat",
]  # fmt: skip
FEMALE_NAMES = [
    "Siti Aminah", "Nurul Hidayah", "Rina Marlina", "Hj. Fatimah", "Dewi Lestari",
    "Rusmilawati", "Noor Jannah", "Halimatus Sa'diah", "Mariani", "Rahmawati",
    "Yuliana Sari", "Siti Rahmah", "Norhayati", "Fitriani", "Lailatul Qadriah",
    "Ernawati", "Sri Wahyuni", "Nurhasanah", "Mahmudah", "Aulia Rahmi",
]  # fmt: skip
POSITIONS = {
    "gugus_tugas": "Anggota Gugus Tugas KLA",
    "sekolah": "Guru",
    "puskesmas": "Bidan",
    "masjid": "Pengurus",
    "pesantren": "Ustadz/Ustadzah",
    "lksa": "Pengasuh",
    "dunia_usaha": "Staf CSR",
    "media": "Wartawan",
}


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def seed():
    if not Sector.objects.filter(is_core=True).exists():
        return ["pelatihan: katalog sektor belum dimuat (load_catalogues), dilewati"]
    catalogue.load()  # the participant functions, if load_catalogues has not run yet
    lines = ["Pelatihan KHA:"]
    balangan = District.objects.get(code=BALANGAN)
    hst = District.objects.get(code=HST)
    lines.append(_balangan_kha(balangan, _user("balangan")))
    lines.append(_hst_bimtek(hst, _user("hst")))
    for district, username in ((balangan, "balangan"), (hst, "hst")):
        lines.append(_upcoming(district, _user(username)))
    return lines


def _training(district, user, title, **values):
    training = Training.objects.filter(district=district, title=title).first()
    if training is None:
        training = actions.save_training(user=user, district=district, title=title, **values)
    return training


def _institutions(district, code, count):
    sector = Sector.objects.get(code=code)
    found = list(
        Institution.objects.filter(district=district, sector=sector, is_active=True).order_by(
            "name"
        )[:count]
    )
    if found:
        return found
    names = FALLBACK_INSTITUTIONS.get(district.code, {}).get(code) or [
        f"{sector.name} {district.short_name}"
    ]
    return [
        Institution.objects.get_or_create(district=district, sector=sector, name=name)[0]
        for name in names
    ]


def _members(district):
    return list(
        Member.objects.filter(
            task_force__district=district,
            task_force__is_current=True,
            task_force__is_active=True,
            is_active=True,
        ).order_by("name")
    )


def _person(
    district, user, *, name, gender, position, institution=None, member=None, other="", phone=""
):
    person, created = Person.objects.get_or_create(
        district=district,
        name=name,
        defaults={
            "gender": gender,
            "position": position,
            "institution": institution,
            "sector": institution.sector if institution else None,
            "member": member,
            "other_organisation": other,
            "phone": phone,
        },
    )
    if created:
        person._history_user = user
    return person


def _function(code):
    function = FUNCTIONS.get(code)
    return ParticipantFunction.objects.filter(code=function).first() if function else None


def _enrol(training, person, rng, *, days, missing_day=None, reason="", function=None):
    pre = Decimal(rng.randint(40, 70))
    post = min(Decimal(100), pre + rng.randint(8, 30))
    participant, created = Participant.objects.get_or_create(
        training=training,
        person=person,
        defaults={"pre_score": pre, "post_score": post, "function": function},
    )
    if created:
        # The day missed is recorded with its reason (izin, sakit), or not at all.
        records = []
        for number, day in enumerate(days, start=1):
            if number != missing_day:
                records.append(Attendance(participant=participant, day=day, present=True))
            elif reason:
                records.append(
                    Attendance(participant=participant, day=day, present=False, absence=reason)
                )
        Attendance.objects.bulk_create(records)
    return participant


def _names(rng, district_code):
    male, female = MALE_NAMES[:], FEMALE_NAMES[:]
    rng.shuffle(male)
    rng.shuffle(female)
    return male, female


def _balangan_kha(district, user):
    training = _training(
        district,
        user,
        "Pelatihan Konvensi Hak Anak (KHA)",
        kind=Training.Kind.PELATIHAN,
        start_date=date(2025, 8, 19),
        end_date=date(2025, 8, 21),
        venue="Mahligai Mayang Maurai, Paringin",
        organiser="Bidang PPPA, Dinas PPKBPPPA Kabupaten Balangan",
        funding_source="APBD Kabupaten Balangan 2025",
        hours=30,
        status=Training.Status.REPORTED,
        description=(
            "Pelatihan tiga hari bagi unsur Gugus Tugas KLA, sekolah, puskesmas, masjid, "
            "pondok pesantren, LKSA, dunia usaha, dan media massa. Setiap sektor menyusun "
            "rencana tindak lanjut (RTL) penerapan KLA di Balangan."
        ),
    )
    Facilitator.objects.get_or_create(
        training=training,
        name="Sudirman Latief",
        defaults={
            "organisation": "Yayasan Berlian Provinsi Riau",
            "is_certified": True,
            "topic": "Konvensi Hak Anak dan penerapannya di lembaga pemerintah dan nonpemerintah",
        },
    )
    Facilitator.objects.get_or_create(
        training=training,
        name="Dian Dinilia",
        defaults={
            "organisation": "Plt Kepala Bidang PPPA Kabupaten Balangan",
            "topic": "Kebijakan dan pelaksanaan Kabupaten Layak Anak di Balangan",
        },
    )
    rng = random.Random(20250819)
    days = list(training.days.all())
    male, female = _names(rng, district.code)
    members = _members(district)
    seat = 0
    for code, count in BALANGAN_MIX:
        places = [] if code == "gugus_tugas" else _institutions(district, code, count)
        function = _function(code)
        for i in range(count):
            seat += 1
            # Alternate women and men, with a lean towards women as in most KHA classes.
            gender = "P" if seat % 5 in (0, 1, 3) else "L"
            pool = female if gender == "P" else male
            name = pool.pop() if pool else f"Peserta {seat}"
            member = None
            if code == "gugus_tugas" and i < len(members):
                member = members[i]
                name = member.name
            person = _person(
                district,
                user,
                name=name,
                gender=gender,
                position=(member.position if member and member.position else POSITIONS[code]),
                institution=places[i % len(places)] if places else None,
                member=member,
                other="" if places or member else TASK_FORCE_AGENCIES[i % 7],
                phone=f"+62812{5100000 + seat * 7919:07d}",
            )
            # A few missed one day: they still count as trained, but get no certificate.
            missing, reason = {
                4: (3, "sakit"),
                11: (1, "izin"),
                19: (2, ""),
                27: (3, "izin"),
                33: (2, ""),
            }.get(seat, (None, ""))
            _enrol(
                training,
                person,
                rng,
                days=days,
                missing_day=missing,
                reason=reason,
                function=function,
            )
    issued = certificates.issue_certificates(
        training=training, user=user, on=training.end_date + timedelta(days=7)
    )
    total = training.participants.filter(is_active=True).count()
    return f"  {training.title} (Balangan): {total} peserta, {len(issued.issued)} sertifikat baru"


def _hst_bimtek(district, user):
    training = _training(
        district,
        user,
        "Bimbingan Teknis Konvensi Hak Anak bagi Gugus Tugas KLA",
        kind=Training.Kind.BIMTEK,
        start_date=date(2023, 12, 8),
        end_date=date(2023, 12, 10),
        organiser="Dinsos PPKB-PPPA Kabupaten Hulu Sungai Tengah",
        hours=24,
        status=Training.Status.HELD,
        description=(
            "Bimbingan teknis tiga hari bagi tim Gugus Tugas KLA tentang implementasi hak "
            "anak di tingkat daerah."
        ),
    )
    rng = random.Random(20231208)
    days = list(training.days.all())
    gugus = _function("gugus_tugas")
    male, female = _names(rng, district.code)
    members = _members(district)
    agencies = [
        "Bappelitbangda HST", "Dinsos PPKB-PPPA HST", "Dinas Pendidikan HST",
        "Dinas Kesehatan HST", "Disdukcapil HST", "Diskominfo HST", "Kemenag HST",
        "Polres HST", "DLH HST", "Forum Anak HST",
    ]  # fmt: skip
    for seat in range(1, 23):
        member = members[seat - 1] if seat <= len(members) else None
        gender = "P" if seat % 2 else "L"
        pool = female if gender == "P" else male
        name = member.name if member else (pool.pop() if pool else f"Peserta {seat}")
        person = _person(
            district,
            user,
            name=name,
            gender=gender,
            position=(member.position if member else "") or "Anggota Gugus Tugas KLA",
            member=member,
            other="" if member else agencies[seat % len(agencies)],
        )
        _enrol(
            training,
            person,
            rng,
            days=days,
            missing_day={5: 2, 14: 3}.get(seat),
            function=gugus if member else None,
        )
    issued = certificates.issue_certificates(training=training, user=user, on=date(2023, 12, 15))
    total = training.participants.filter(is_active=True).count()
    return f"  {training.title} (HST): {total} peserta, {len(issued.issued)} sertifikat baru"


def _upcoming(district, user):
    today = timezone.localdate()
    if district.code == BALANGAN:
        title = "Sosialisasi Satuan Pendidikan Ramah Anak bagi Guru"
        start, venue = today + timedelta(days=21), "Aula Dinas Pendidikan Balangan, Paringin"
        organiser = "Bidang PPPA, Dinas PPKBPPPA Kabupaten Balangan"
    else:
        title = "Pelatihan KHA bagi Tenaga Kesehatan Puskesmas"
        start, venue = today + timedelta(days=40), "Barabai"
        organiser = "Dinsos PPKB-PPPA Kabupaten Hulu Sungai Tengah"
    training = _training(
        district,
        user,
        title,
        kind=Training.Kind.SOSIALISASI if district.code == BALANGAN else Training.Kind.PELATIHAN,
        start_date=start,
        end_date=start + timedelta(days=1),
        venue=venue,
        organiser=organiser,
        status=Training.Status.PLANNED,
    )
    return f"  {training.title} ({district.short_name}): {training.start_date:%d/%m/%Y}"

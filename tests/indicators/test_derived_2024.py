"""Suggestions on the 2024 instrument's questions (indicators/derived.py).

The thirteen questions on KHA training of a named group count the people of that
participant function holding a certificate; others read the task force, the sector
registry (schools by level, PRAP, PKA, RIRA, LKSA, PUSPAGA, Forum Anak), the action
plans and the tobacco flag. One Balangan world, built once for the module, feeds
every rule; each suggestion's status is one its question allows.
"""

from datetime import date, timedelta
from itertools import count

import pytest

from indicators.derived import (
    TRAINED_MET,
    Suggestion,
    fit,
    suggestion_for_item,
    suggestions_for,
    suggestions_for_assessment,
)
from indicators.models import ChecklistItem, Indicator, ItemStatus
from indicators.workflow import start_assessment
from kla_portal.models import District, Role
from stakeholders.models import Institution, Member, SchoolLevel, Sector, TaskForce, WorkingGroup
from tests.conftest import make_user
from trainings import catalogue as function_catalogue
from trainings.models import Participant, ParticipantFunction, Person, Training
from trainings.plans.models import ActionItem, ActionPlan, ProgressUpdate

MET, Q3, HALF, Q1, NOT_MET = (
    ItemStatus.MET,
    ItemStatus.THREE_QUARTERS,
    ItemStatus.PARTLY,
    ItemStatus.QUARTER,
    ItemStatus.NOT_MET,
)
TODAY = date(2025, 6, 1)
YEAR = 2025  # assessed on the 2024 instrument
QUESTIONS = 274
DECREE = "188.45/137/Kum/2024"

# Function: (certified people, participants without a certificate), in the district's
# pelatihan and bimtek. Everything else the world holds must not count (see ``world``).
TRAINED = {
    "gugus_tugas": (5, 2),
    "registrasi_kelahiran": (1, 0),
    "petugas_ila": (0, 3),
    "forum_anak": (3, 1),
    "konselor_keluarga": (2, 2),
    "paud_hi": (0, 0),
    "pengasuh_lksa": (4, 0),
    "pengelola_rbra": (6, 1),
    "pelaksana_rass": (1, 5),
    "sdm_faskes": (2, 0),
    "pendidik_sra": (5, 0),  # one of them certified twice, in two trainings
    "pengelola_pka_rira": (3, 0),
    "perlindungan_khusus": (1, 1),
}
PER_PERSON = "orang bersertifikat (dari %s peserta dengan fungsi ini)."
# Question: (status, explanation) offered from TRAINED.
TRAINED_QUESTIONS = {
    "2.2": (MET, "Anggota Gugus Tugas KLA: 5 " + PER_PERSON % 7),
    "4.5": (HALF, "Petugas registrasi kelahiran (akta kelahiran, KIA): 1 " + PER_PERSON % 1),
    "5.6": (NOT_MET, "Petugas layanan Informasi Layak Anak (ILA): 0 " + PER_PERSON % 3),
    "6.4": (Q3, "Forum Anak (anggota, pengurus, pendamping): 3 " + PER_PERSON % 4),
    "8.5": (
        HALF,
        "Konselor dan staf layanan keluarga (PUSPAGA dan sejenisnya): 2 " + PER_PERSON % 4,
    ),
    "9.2": ("", "Belum ada peserta pelatihan KHA dengan fungsi SDM Pos PAUD-HI."),
    "10.4": (Q3, "Pengasuh LKSA dan lembaga pengasuhan sementara: 4 " + PER_PERSON % 4),
    "11.3": (MET, "Pengelola Ruang Bermain Ramah Anak (RBRA): 6 " + PER_PERSON % 7),
    "11.6": (HALF, "Pelaksana Rute Aman Selamat Sekolah (RASS): 1 " + PER_PERSON % 6),
    "15.4": (HALF, "SDM fasilitas kesehatan (PRAP): 2 " + PER_PERSON % 2),
    "19.4": (MET, "Pendidik dan tenaga kependidikan SRA: 5 " + PER_PERSON % 5),
    "20.4": (Q3, "Pengelola PKA dan Rumah Ibadah Ramah Anak (RIRA): 3 " + PER_PERSON % 3),
    "21A.8": (HALF, "SDM layanan perlindungan khusus anak: 1 " + PER_PERSON % 2),
}
# Sector: stages of the district's active institutions.
STAGES = {
    "puskesmas": [4, 4, 3, 1],  # PRAP decree is step 4 of 4
    "pka": [1, 0],  # decree is step 1
    "masjid": [3, 3, 3, 2],  # RIRA decree is step 3 of 3
    "forum_anak": [2],
    "puspaga": [1],
    "lksa": [3, 3, 1, 0],
    "dunia_usaha": [2, 2, 0],
}
# School level: stages (the SK Sekolah Ramah Anak is step 4 of 6).
SCHOOLS = {
    SchoolLevel.SD_MI: [6, 4, 3, 0],
    SchoolLevel.SMP_MTS: [5],
    SchoolLevel.SMA_MA_SMK: [4, 0, 0, 0],
    SchoolLevel.SLB: [0],
    "": [6],  # no level recorded
}
TOBACCO = "PT Tembakau Sejahtera"


def _training(district, title, kind=Training.Kind.PELATIHAN, *, active=True):
    return Training.objects.create(
        district=district,
        title=title,
        kind=kind,
        start_date=date(2025, 3, 1),
        end_date=date(2025, 3, 3),
        status=Training.Status.HELD,
        is_active=active,
    )


CODES = count(1)


def _enrol(training, person, function, *, certified, active=True):
    return Participant.objects.create(
        training=training,
        person=person,
        function=function,
        is_active=active,
        certificate_code=f"KHA-T{next(CODES):06d}" if certified else None,
        certificate_issued_on=date(2025, 3, 3) if certified else None,
    )


def _person(district, name, *, active=True):
    return Person.objects.create(district=district, name=name, is_active=active)


def _institutions(district, sector, stages, **fields):
    return [
        Institution.objects.create(
            district=district, sector=sector, name=f"{sector.code} {n}", stage=stage, **fields
        )
        for n, stage in enumerate(stages)
    ]


def _question(full_code):
    indicator, _dot, code = full_code.partition(".")
    return ChecklistItem.objects.select_related("indicator").get(
        indicator__framework__code="kla-2024", indicator__code=indicator, code=code
    )


@pytest.fixture(scope="module")
def world(module_db):
    with module_db():
        function_catalogue.load()
        balangan = District.objects.get(code="63.11")
        hst = District.objects.get(code="63.07")
        functions = {f.code: f for f in ParticipantFunction.objects.all()}
        sectors = {s.code: s for s in Sector.objects.all()}

        # Trainings: what counts, and beside it everything that must not.
        pelatihan = _training(balangan, "Pelatihan KHA")
        bimtek = _training(balangan, "Bimtek KHA", Training.Kind.BIMTEK)
        for code, (certified, uncertified) in TRAINED.items():
            for n in range(certified + uncertified):
                person = _person(balangan, f"{code} {n}")
                training = bimtek if code == "pendidik_sra" and n == certified - 1 else pelatihan
                _enrol(training, person, functions[code], certified=n < certified)
        twice = Person.objects.get(name="pendidik_sra 0")
        _enrol(bimtek, twice, functions["pendidik_sra"], certified=True)
        gugus = functions["gugus_tugas"]
        sosialisasi = _training(balangan, "Sosialisasi KHA", Training.Kind.SOSIALISASI)
        dropped = _training(balangan, "Pelatihan dihapus", active=False)
        elsewhere = _training(hst, "Pelatihan KHA HST")
        for n in range(3):
            _enrol(sosialisasi, _person(balangan, f"sosialisasi {n}"), gugus, certified=True)
            _enrol(dropped, _person(balangan, f"dihapus {n}"), gugus, certified=True)
            _enrol(elsewhere, _person(hst, f"hst {n}"), gugus, certified=True)
        _enrol(pelatihan, _person(balangan, "dikeluarkan"), gugus, certified=True, active=False)
        _enrol(pelatihan, _person(balangan, "digabung", active=False), gugus, certified=True)
        _enrol(pelatihan, _person(balangan, "tanpa fungsi"), None, certified=True)
        _enrol(pelatihan, _person(balangan, "lainnya"), functions["lainnya"], certified=True)

        # The sector registry.
        for code, stages in STAGES.items():
            _institutions(balangan, sectors[code], stages)
        for level, stages in SCHOOLS.items():
            for n, stage in enumerate(stages):
                Institution.objects.create(
                    district=balangan,
                    sector=sectors["sekolah"],
                    name=f"Sekolah {level or 'tanpa jenjang'} {n}",
                    school_level=level,
                    stage=stage,
                )
        Institution.objects.create(  # closed: never counted
            district=balangan,
            sector=sectors["sekolah"],
            name="SD tutup",
            school_level=SchoolLevel.SD_MI,
            stage=6,
            is_active=False,
        )
        tobacco = Institution.objects.create(
            district=balangan,
            sector=sectors["dunia_usaha"],
            name=TOBACCO,
            stage=3,
            is_tobacco_industry=True,
        )

        # The task force: decree valid, six working groups, three active members.
        task_force = TaskForce.objects.create(
            district=balangan,
            decree_number=DECREE,
            decree_date=date(2024, 3, 18),
            valid_from=date(2024, 3, 18),
            valid_until=date(2027, 3, 17),
        )
        groups = {
            cluster: WorkingGroup.objects.create(task_force=task_force, cluster=cluster)
            for cluster in ["K", "I", "II", "III", "IV", "V"]
        }
        for name in ["Ketua", "Sekretaris", "Anggota"]:
            Member.objects.create(task_force=task_force, name=name)
        Member.objects.create(task_force=task_force, name="Keluar", is_active=False)

        # Action plans: items on indicators of Kelembagaan, Klaster I and III (a cancelled
        # one on Klaster IV); one progress update this year, one two years back.
        indicators = {i.code: i for i in Indicator.objects.filter(framework__code="kla-2024")}
        plan = ActionPlan.objects.create(
            district=balangan, owner_working_group=groups["K"], title="RAD KLA 2025"
        )
        items = [
            ActionItem.objects.create(
                plan=plan,
                activity=f"Kegiatan indikator {code}",
                indicator=indicators[code],
                due_date=TODAY + timedelta(days=90),
            )
            for code in ["2", "6", "15"]
        ]
        ActionItem.objects.create(
            plan=plan,
            activity="Kegiatan batal",
            indicator=indicators["19"],
            due_date=TODAY,
            status=ActionItem.Status.CANCELLED,
            cancel_reason="Anggaran dialihkan",
        )
        ProgressUpdate.objects.create(
            item=items[0], date=TODAY - timedelta(days=30), text="Rapat", percent=40
        )
        ProgressUpdate.objects.create(
            item=items[1], date=TODAY - timedelta(days=400), text="Lama", percent=10
        )

        admin = make_user("admin.2024", Role.DISTRICT_ADMIN, district=balangan)
        assessment = start_assessment(district=balangan, year=YEAR, user=admin)
        yield {
            "assessment": assessment,
            "balangan": balangan,
            "pelatihan": pelatihan,
            "bimtek": bimtek,
            "tobacco": tobacco,
        }


def by_code(assessment, found):
    return {
        ia.item.full_code: found[ia.pk]
        for ia in assessment.items.select_related("item__indicator")
        if ia.pk in found
    }


@pytest.fixture
def offered(world, db):
    """{question code: Suggestion} for the world's 2024 assessment."""
    assessment = world["assessment"]
    return by_code(assessment, suggestions_for_assessment(assessment, today=TODAY))


def test_the_assessment_is_on_the_2024_instrument(world, db):
    assessment = world["assessment"]
    assert assessment.framework.code == "kla-2024"
    assert assessment.items.count() == QUESTIONS


def test_each_of_the_thirteen_questions_counts_the_certified_people_of_its_function(offered):
    found = {code: (offered[code].status, offered[code].explanation) for code in TRAINED_QUESTIONS}

    assert found == TRAINED_QUESTIONS


def test_the_function_catalogue_names_the_question_that_counts_it(world, db):
    functions = ParticipantFunction.objects.exclude(question="")

    assert sorted(f.question for f in functions) == sorted(TRAINED_QUESTIONS)
    for function in functions:
        assert _question(function.question).derived_source == f"trained_function:{function.code}"
    assert ParticipantFunction.objects.get(code="lainnya").question == ""


def test_the_certified_count_steps_up_to_met_at_the_threshold(offered):
    # 1 certified person: half; 3: three quarters; TRAINED_MET (5): full.
    assert offered["4.5"].status == HALF
    assert offered["6.4"].status == Q3
    assert TRAINED["gugus_tugas"][0] == TRAINED_MET and offered["2.2"].status == MET


def test_a_function_from_one_training_links_to_it_and_from_several_to_the_filtered_list(
    world, offered
):
    assert offered["2.2"].url == world["pelatihan"].get_absolute_url()
    assert offered["19.4"].url == "/kabupaten/63.11/pelatihan/?function=pendidik_sra"


def test_the_school_levels_count_the_schools_at_the_sra_decree(offered):
    assert (offered["19.2b"].status, offered["19.2b"].explanation) == (
        HALF,
        "2 dari 4 sekolah SD/MI sudah ber-SK SRA (50%).",
    )
    assert offered["19.2c"].status == MET  # the one SMP is past its decree
    assert offered["19.2d"].status == Q1  # 1 of 4: a quarter
    assert offered["19.2e"].status == NOT_MET
    assert (offered["19.2a"].status, offered["19.2a"].explanation) == (
        "",
        "Belum ada sekolah jenjang TK/RA tercatat. 1 sekolah belum diisi jenjangnya.",
    )
    assert "sector=sekolah&school_level=sd_mi" in offered["19.2b"].url


def test_prap_pka_and_rira_count_the_institutions_designated_by_decree(offered):
    assert (offered["15.1"].status, offered["15.1"].explanation) == (
        HALF,
        "2 dari 4 Puskesmas sudah ditetapkan dengan SK (50%).",
    )
    assert (offered["20.1"].status, offered["20.1"].explanation) == (
        HALF,
        "1 dari 2 Pusat Kreativitas Anak (PKA) sudah ditetapkan dengan SK (50%).",
    )
    assert (offered["20.2"].status, offered["20.2"].explanation) == (
        Q3,
        "3 dari 4 Rumah ibadah sudah ditetapkan dengan SK (75%).",
    )
    assert "sector=masjid" in offered["20.2"].url


def test_forum_anak_puspaga_and_lksa_follow_their_paths(offered):
    assert offered["6.1"].status == MET  # the forum has its decree and activities
    assert offered["8.1"].status == HALF  # PUSPAGA: decree only
    assert offered["8.3"].status == NOT_MET  # ...so not standardised
    assert offered["10.2"].status == HALF  # 2 of 4 LKSA accredited
    assert offered["10.2"].explanation.startswith("2 dari 4 LKSA (panti asuhan)")


def test_a_tobacco_company_never_counts_for_apsai_and_makes_17_6_not_met(world, offered):
    # Two of the three other businesses joined APSAI; the tobacco one (stage 3) is left out.
    assert (offered["3.2"].status, offered["3.2"].explanation) == (
        MET,
        "2 dari 3 perusahaan sudah anggota APSAI (67%). 1 perusahaan rokok tidak dihitung.",
    )
    assert (offered["17.6"].status, offered["17.6"].explanation) == (
        NOT_MET,
        f"Ada kerja sama dengan 1 perusahaan rokok ({TOBACCO}): ini mengurangi nilai, "
        "jadi usulannya tidak terpenuhi.",
    )
    assert offered["17.6"].url == world["tobacco"].get_absolute_url()


def test_without_a_tobacco_partner_17_6_suggests_nothing(hst, sectors):
    Institution.objects.create(district=hst, sector=sectors["dunia_usaha"], name="Bank", stage=2)

    found = suggestions_for(hst, ["tobacco", "apsai"], today=TODAY)

    assert found["tobacco"].status == ""
    assert found["tobacco"].explanation.startswith("Tidak ada perusahaan rokok tercatat")
    assert found["apsai"].explanation == "1 dari 1 perusahaan sudah anggota APSAI (100%)."


def test_the_task_force_question_weighs_the_decree_and_the_membership(offered, hst):
    assert (offered["2.1"].status, offered["2.1"].explanation) == (
        MET,
        f"SK {DECREE} berlaku sampai 17/03/2027. 6 dari 6 kelompok kerja (Kelembagaan dan "
        "5 klaster); 3 anggota aktif tercatat.",
    )
    task_force = TaskForce.objects.create(
        district=hst,
        decree_number="188.45/9/2024",
        decree_date=date(2024, 1, 2),
        valid_from=date(2024, 1, 2),
        valid_until=date(2026, 1, 1),
    )
    for cluster in ["K", "I", "II", "III"]:
        WorkingGroup.objects.create(task_force=task_force, cluster=cluster)

    # The decree is half; no member recorded adds nothing.
    assert suggestions_for(hst, ["task_force"], today=TODAY)["task_force"].status == HALF
    Member.objects.create(task_force=task_force, name="Ketua")
    # Half plus half of 4/6 is 5/6: three quarters.
    assert suggestions_for(hst, ["task_force"], today=TODAY)["task_force"].status == Q3
    expired = suggestions_for(hst, ["task_force"], today=date(2026, 2, 1))["task_force"]
    assert expired.status == NOT_MET
    assert expired.explanation == "SK 188.45/9/2024 sudah berakhir pada 01/01/2026."


def test_the_action_plans_cover_clusters_and_their_monitoring(offered):
    clusters = offered["2.4"]
    assert clusters.status == HALF  # Kelembagaan, I and III: the cancelled IV item is left out
    assert clusters.explanation.startswith(
        "Kegiatan rencana aksi (RTL) tercatat mencakup 3 dari 6 kelompok"
    )
    assert "Klaster IV" in clusters.explanation
    assert (offered["2.5"].status, offered["2.5"].explanation) == (
        Q1,
        "1 dari 3 kegiatan rencana aksi (RTL) punya catatan perkembangan dalam 12 bulan "
        "terakhir (33%).",
    )
    assert offered["2.5"].url == "/kabupaten/63.11/rtl/"


def test_every_suggestion_is_an_answer_its_question_allows(world, db):
    assessment = world["assessment"]
    found = suggestions_for_assessment(assessment, today=TODAY)
    items = {ia.pk: ia.item for ia in assessment.items.select_related("item")}

    assert len(found) == assessment.items.exclude(item__derived_source="").count() == 30
    for pk, suggestion in found.items():
        allowed = {value for value, _label in items[pk].statuses}
        assert suggestion.status in allowed | {""}, items[pk]


def test_a_finer_status_is_rounded_down_to_the_steps_a_question_allows():
    def fit_to(status, kind):
        return fit(Suggestion("x", status, "", ""), ChecklistItem(kind=kind)).status

    assert fit_to(Q3, ChecklistItem.Kind.GRADED) == HALF
    assert fit_to(Q1, ChecklistItem.Kind.GRADED) == NOT_MET
    assert fit_to(HALF, ChecklistItem.Kind.YES_NO) == NOT_MET
    assert fit_to(MET, ChecklistItem.Kind.YES_NO) == MET
    assert fit_to(Q1, ChecklistItem.Kind.QUARTERS) == Q1
    assert fit_to("", ChecklistItem.Kind.YES_NO) == ""


def test_one_question_gets_the_same_suggestion_as_on_the_assessment_page(world, offered):
    assessment = world["assessment"]
    row = assessment.items.select_related("item__indicator").get(
        item__indicator__code="6", item__code="4"
    )

    assert suggestion_for_item(row, today=TODAY) == offered["6.4"]
    no_source = assessment.items.get(item__indicator__code="1", item__code="1")
    assert suggestion_for_item(no_source) is None


def test_suggestions_for_the_274_questions_take_a_fixed_number_of_queries(
    world, db, django_assert_max_num_queries
):
    assessment = world["assessment"]
    items = list(assessment.items.select_related("item"))
    assert len(items) == QUESTIONS

    # The task force and its working groups, the sectors, the institutions, the functions
    # and their participants, the plans' clusters and monitoring, the tobacco partners:
    # nine, never one per question.
    with django_assert_max_num_queries(9):
        found = suggestions_for_assessment(assessment, items, today=TODAY)
    assert len(found) == 30

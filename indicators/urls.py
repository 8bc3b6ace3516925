from django.urls import path

from indicators import (
    agency_views,
    area_views,
    completeness_views,
    document_views,
    export_urls,
    open_data_views,
    queue_views,
    stage_views,
    views,
)

app_name = "indicators"

urlpatterns = [
    path("data-terbuka/", open_data_views.index, name="open_data"),
    path("data-terbuka/kategori-kla.csv", open_data_views.as_csv, name="open_data_csv"),
    path("data-terbuka/kategori-kla.json", open_data_views.as_json, name="open_data_json"),
    path("indikator/", views.national, name="national"),
    path("indikator/cara-hitung/", views.method, name="method"),
    path("indikator/provinsi/<str:code>/", views.province, name="province"),
    path("kabupaten/<str:code>/indikator/", views.district, name="district"),
    path("kabupaten/<str:code>/penilaian/baru/", views.assessment_start, name="assessment_start"),
    path("penilaian/<int:pk>/", views.assessment_detail, name="assessment"),
    path("penilaian/<int:pk>/verifikasi/", views.assessment_verify, name="verify"),
    path(
        "penilaian/<int:pk>/kelengkapan/",
        completeness_views.completeness_board,
        name="completeness",
    ),
    path(
        "penilaian/<int:pk>/kelengkapan.xlsx",
        completeness_views.completeness_xlsx,
        name="completeness_xlsx",
    ),
    path(
        "penilaian/<int:pk>/ringkasan.pdf",
        document_views.assessment_summary_pdf,
        name="assessment_summary_pdf",
    ),
    path("penilaian/<int:pk>/periksa/", views.assessment_review, name="assessment_review"),
    path("penilaian/<int:pk>/draf/", views.assessment_redraft, name="assessment_redraft"),
    path("penilaian/<int:pk>/setujui/", views.assessment_sign_off, name="assessment_sign_off"),
    path("penilaian/<int:pk>/ajukan/", views.assessment_submit, name="assessment_submit"),
    path("penilaian/<int:pk>/kembalikan/", views.assessment_return, name="assessment_return"),
    path("penilaian/<int:pk>/selesai/", views.assessment_finish, name="assessment_finish"),
    path("penilaian/<int:pk>/kunci/", views.assessment_lock, name="assessment_lock"),
    path("penilaian/butir/<int:pk>/", views.item_detail, name="item"),
    path("penilaian/butir/<int:pk>/isi/", views.item_fill, name="item_fill"),
    path("penilaian/butir/<int:pk>/usulan/", views.item_suggestion, name="item_suggestion"),
    path("penilaian/butir/<int:pk>/bukti/", views.item_evidence_add, name="item_evidence_add"),
    path("penilaian/butir/<int:pk>/verifikasi/", views.item_verify, name="item_verify"),
    path("penilaian/butir/<int:pk>/kembalikan/", views.item_return, name="item_return"),
    path("penilaian/butir/<int:pk>/buka/", views.item_reopen, name="item_reopen"),
    path("penilaian/bukti/<int:pk>/", views.evidence_file, name="evidence"),
]

# The agencies' questions and answers (indicators/agency_views.py).
urlpatterns += [
    path(
        "penilaian/perangkat-daerah/<int:agency>/",
        agency_views.agency_home,
        name="agency_home",
    ),
    path(
        "penilaian/<int:pk>/perangkat-daerah/<int:agency>/",
        agency_views.agency_questions,
        name="agency_questions",
    ),
    path("penilaian/<int:pk>/tugaskan/", agency_views.assessment_route, name="assessment_route"),
    path("penilaian/butir/<int:pk>/penugasan/", agency_views.item_routes, name="item_routes"),
    path(
        "penilaian/butir/<int:pk>/perangkat-daerah/<int:agency>/",
        agency_views.agency_answer,
        name="agency_answer",
    ),
    path(
        "penilaian/butir/<int:pk>/perangkat-daerah/<int:agency>/simpan/",
        agency_views.agency_answer_save,
        name="agency_answer_save",
    ),
    path(
        "penilaian/jawaban-perangkat-daerah/<int:pk>/terima/",
        agency_views.agency_answer_accept,
        name="agency_answer_accept",
    ),
    path(
        "penilaian/jawaban-perangkat-daerah/<int:pk>/kembalikan/",
        agency_views.agency_answer_return,
        name="agency_answer_return",
    ),
    path(
        "penilaian/bukti/<int:pk>/hapus/",
        agency_views.agency_evidence_remove,
        name="agency_evidence_remove",
    ),
]

# The kecamatan and desa/kelurahan answers, indicators 25 and 26 (indicators/area_views.py).
urlpatterns += [
    path("penilaian/<int:pk>/kecamatan-desa/", area_views.area_overview, name="areas"),
    path("penilaian/kecamatan/<str:code>/", area_views.area_home, name="area_home"),
    path(
        "penilaian/<int:pk>/kecamatan/<str:code>/",
        area_views.area_kecamatan,
        name="area_kecamatan",
    ),
    path(
        "penilaian/<int:pk>/kecamatan/<str:code>/simpan/",
        area_views.area_kecamatan_save,
        name="area_kecamatan_save",
    ),
    path(
        "penilaian/<int:pk>/kecamatan-desa/impor/<str:level>/",
        area_views.area_import,
        name="area_import",
    ),
    path(
        "penilaian/<int:pk>/kecamatan-desa/impor/<str:level>/simpan/",
        area_views.area_import_confirm,
        name="area_import_confirm",
    ),
    path(
        "penilaian/<int:pk>/kecamatan-desa/impor/<str:level>/templat/",
        area_views.area_import_template,
        name="area_import_template",
    ),
]

# The evaluation's stages: the district's resubmission, the evaluators' stages and the
# rounds' calendar (indicators/stage_views.py).
urlpatterns += [
    path(
        "penilaian/<int:pk>/kirim-perbaikan/",
        views.assessment_resubmit,
        name="assessment_resubmit",
    ),
    path("penilaian/<int:pk>/tahap/<slug:slug>/", stage_views.stage_page, name="stage"),
    path(
        "penilaian/<int:pk>/tahap/<slug:slug>/selesai/",
        stage_views.stage_complete,
        name="stage_complete",
    ),
    path(
        "penilaian/butir/<int:pk>/tahap/<slug:slug>/nilai/",
        stage_views.stage_answer,
        name="stage_answer",
    ),
    path(
        "penilaian/butir/<int:pk>/tahap/<slug:slug>/kembalikan/",
        stage_views.stage_return,
        name="stage_return",
    ),
    path(
        "penilaian/butir/<int:pk>/tahap/<slug:slug>/buka/",
        stage_views.stage_reopen,
        name="stage_reopen",
    ),
    path(
        "penilaian/<int:pk>/tahap/lapangan/kunjungan/",
        stage_views.stage_visit,
        name="stage_visit",
    ),
    path(
        "penilaian/<int:pk>/tahap/lapangan/tempat/",
        stage_views.stage_visit_place,
        name="stage_visit_place",
    ),
    path(
        "penilaian/<int:pk>/tahap/lapangan/lewati/",
        stage_views.stage_skip_visit,
        name="stage_skip_visit",
    ),
    path(
        "penilaian/<int:pk>/tahap/penghargaan/catat/",
        stage_views.stage_award,
        name="stage_award",
    ),
    path("indikator/tahun-evaluasi/", stage_views.rounds, name="rounds"),
    path("indikator/tahun-evaluasi/<int:year>/", stage_views.round_edit, name="round_edit"),
]

# The workbook downloads (indicators/export_urls.py).
urlpatterns += export_urls.urlpatterns

# What waits for the user's action, and the navbar's counts (indicators/queue_views.py).
urlpatterns += [
    path("antrean/", queue_views.queue, name="queue"),
    path("pemberitahuan/jumlah/", queue_views.counts, name="nav_counts"),
]

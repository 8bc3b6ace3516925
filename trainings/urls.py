from django.urls import path

from trainings import certificate_views, document_views, views

app_name = "trainings"

urlpatterns = [
    path("kabupaten/<str:code>/pelatihan/", views.training_list, name="list"),
    path("kabupaten/<str:code>/pelatihan/kalender/", views.training_calendar, name="calendar"),
    path("kabupaten/<str:code>/pelatihan/baru/", views.training_create, name="create"),
    path("kabupaten/<str:code>/pelatihan/gabung-orang/", views.people_merge, name="people_merge"),
    path("pelatihan/<int:pk>/", views.training_detail, name="training"),
    path("pelatihan/<int:pk>/ubah/", views.training_edit, name="edit"),
    path("pelatihan/<int:pk>/hapus/", views.training_deactivate, name="deactivate"),
    path("pelatihan/<int:pk>/narasumber/", views.facilitator_add, name="facilitator_add"),
    path(
        "pelatihan/narasumber/<int:pk>/hapus/",
        views.facilitator_remove,
        name="facilitator_remove",
    ),
    path("pelatihan/<int:pk>/dokumen/", views.document_add, name="document_add"),
    path("pelatihan/dokumen/<int:pk>/", views.document_file, name="document"),
    path("pelatihan/dokumen/<int:pk>/hapus/", views.document_remove, name="document_remove"),
    path("pelatihan/<int:pk>/peserta/tambah/", views.participant_add, name="participant_add"),
    path("pelatihan/<int:pk>/peserta/massal/", views.participants_bulk, name="participants_bulk"),
    path(
        "pelatihan/peserta/<int:pk>/hapus/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("pelatihan/<int:pk>/peserta/ekspor/", views.participants_export, name="export"),
    path("pelatihan/<int:pk>/peserta/templat/", views.participants_template, name="template"),
    path("pelatihan/<int:pk>/peserta/impor/", views.import_upload, name="import"),
    path(
        "pelatihan/<int:pk>/peserta/impor/pratinjau/",
        views.import_preview,
        name="import_preview",
    ),
    path(
        "pelatihan/<int:pk>/peserta/impor/konfirmasi/",
        views.import_confirm,
        name="import_confirm",
    ),
    path("pelatihan/<int:pk>/kehadiran/<int:number>/", views.attendance, name="attendance"),
    path("pelatihan/<int:pk>/nilai/", views.scores, name="scores"),
    path("pelatihan/<int:pk>/laporan/", views.training_report, name="report"),
    path("pelatihan/<int:pk>/laporan/excel/", views.training_report_xlsx, name="report_xlsx"),
    path("pelatihan/<int:pk>/laporan/pdf/", document_views.report_pdf, name="report_pdf"),
    path(
        "pelatihan/<int:pk>/sertifikat/", certificate_views.certificates_page, name="certificates"
    ),
    path(
        "pelatihan/<int:pk>/sertifikat/terbitkan/",
        certificate_views.certificates_issue,
        name="certificates_issue",
    ),
    path(
        "pelatihan/<int:pk>/sertifikat/penanda-tangan/",
        certificate_views.certificate_signatory,
        name="certificate_signatory",
    ),
    path(
        "pelatihan/<int:pk>/sertifikat/pdf/",
        document_views.certificates_pdf,
        name="certificates_pdf",
    ),
    path(
        "pelatihan/peserta/<int:pk>/sertifikat/pdf/",
        document_views.certificate_pdf,
        name="certificate",
    ),
    path(
        "pelatihan/peserta/<int:pk>/sertifikat/terbitkan/",
        certificate_views.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "pelatihan/sertifikat/<int:pk>/cabut/",
        certificate_views.certificate_revoke,
        name="certificate_revoke",
    ),
    path(
        "kop-surat/<int:pk>/contoh-sertifikat/",
        document_views.certificate_sample,
        name="certificate_sample",
    ),
    path("sertifikat/<str:code>/", certificate_views.certificate_verify, name="verify"),
]

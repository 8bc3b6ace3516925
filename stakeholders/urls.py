from django.urls import path

from stakeholders import letterhead_views, views

app_name = "stakeholders"

urlpatterns = [
    # District-scoped pages
    path("kabupaten/<str:code>/gugus-tugas/", views.task_force_list, name="task_force_list"),
    path(
        "kabupaten/<str:code>/gugus-tugas/baru/",
        views.task_force_create,
        name="task_force_create",
    ),
    path("kabupaten/<str:code>/gugus-tugas/ringkasan/", views.overview, name="overview"),
    path("kabupaten/<str:code>/lembaga/", views.institution_list, name="institution_list"),
    path(
        "kabupaten/<str:code>/lembaga/baru/",
        views.institution_create,
        name="institution_create",
    ),
    path(
        "kabupaten/<str:code>/lembaga/impor/",
        views.institution_import,
        name="institution_import",
    ),
    path(
        "kabupaten/<str:code>/lembaga/impor/konfirmasi/",
        views.institution_import_confirm,
        name="institution_import_confirm",
    ),
    path(
        "kabupaten/<str:code>/lembaga/impor/templat.xlsx",
        views.institution_import_template,
        name="institution_import_template",
    ),
    path("kabupaten/<str:code>/perangkat-daerah/", views.agency_list, name="agency_list"),
    path("kabupaten/<str:code>/perangkat-daerah/baru/", views.agency_add, name="agency_add"),
    path(
        "kabupaten/<str:code>/operator-kecamatan/baru/",
        views.kecamatan_operator_add,
        name="kecamatan_operator_add",
    ),
    path(
        "kabupaten/<str:code>/kop-surat/",
        letterhead_views.letterhead_list,
        name="letterhead_list",
    ),
    path(
        "kabupaten/<str:code>/kop-surat/baru/",
        letterhead_views.letterhead_create,
        name="letterhead_create",
    ),
    # Object pages
    path("kop-surat/<int:pk>/ubah/", letterhead_views.letterhead_edit, name="letterhead_edit"),
    path("gugus-tugas/<int:pk>/", views.task_force_detail, name="task_force"),
    path("gugus-tugas/<int:pk>/ubah/", views.task_force_edit, name="task_force_edit"),
    path("gugus-tugas/<int:pk>/sk/", views.task_force_decree, name="task_force_decree"),
    path("gugus-tugas/<int:pk>/anggota/baru/", views.member_create, name="member_create"),
    path("anggota/<int:pk>/", views.member_detail, name="member"),
    path("anggota/<int:pk>/ubah/", views.member_edit, name="member_edit"),
    path("anggota/<int:pk>/undang/", views.member_invite, name="member_invite"),
    path("anggota/<int:pk>/nonaktifkan/", views.member_deactivate, name="member_deactivate"),
    path("lembaga/<int:pk>/", views.institution_detail, name="institution"),
    path("lembaga/<int:pk>/ubah/", views.institution_edit, name="institution_edit"),
    path(
        "lembaga/<int:pk>/nonaktifkan/",
        views.institution_deactivate,
        name="institution_deactivate",
    ),
    path("lembaga/<int:pk>/tahap/", views.milestone_record, name="milestone_record"),
    path("tahap/<int:pk>/bukti/", views.milestone_evidence, name="milestone_evidence"),
    path("perangkat-daerah/<int:pk>/ubah/", views.agency_edit, name="agency_edit"),
    path("perangkat-daerah/<int:pk>/gabung/", views.agency_merge, name="agency_merge"),
    path(
        "perangkat-daerah/<int:pk>/operator/baru/",
        views.agency_operator_add,
        name="agency_operator_add",
    ),
    path("operator/<int:pk>/nonaktifkan/", views.operator_deactivate, name="operator_deactivate"),
]

from django.urls import path

from indicators import export_urls, views

app_name = "indicators"

urlpatterns = [
    path("indikator/", views.national, name="national"),
    path("indikator/cara-hitung/", views.method, name="method"),
    path("indikator/provinsi/<str:code>/", views.province, name="province"),
    path("kabupaten/<str:code>/indikator/", views.district, name="district"),
    path("kabupaten/<str:code>/penilaian/baru/", views.assessment_start, name="assessment_start"),
    path("penilaian/<int:pk>/", views.assessment_detail, name="assessment"),
    path("penilaian/<int:pk>/verifikasi/", views.assessment_verify, name="verify"),
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

# The workbook downloads (indicators/export_urls.py).
urlpatterns += export_urls.urlpatterns

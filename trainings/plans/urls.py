from django.urls import path

from trainings.plans import views

app_name = "plans"

urlpatterns = [
    path("kabupaten/<str:code>/rtl/", views.board, name="plan_board"),
    path("kabupaten/<str:code>/rtl/baru/", views.plan_create, name="plan_create"),
    path(
        "kabupaten/<str:code>/rtl/kegiatan/baru/",
        views.item_for_question,
        name="item_for_question",
    ),
    path("kabupaten/<str:code>/rtl/impor/", views.import_items, name="import_items"),
    path(
        "kabupaten/<str:code>/rtl/impor/templat/",
        views.import_template,
        name="import_items_template",
    ),
    path("rtl/saya/", views.my_items, name="my_items"),
    path("rtl/<int:pk>/", views.plan_detail, name="plan"),
    path("rtl/<int:pk>/ubah/", views.plan_edit, name="plan_edit"),
    path("rtl/<int:pk>/nonaktifkan/", views.plan_deactivate, name="plan_deactivate"),
    path("rtl/<int:pk>/aktifkan/", views.plan_restore, name="plan_restore"),
    path("rtl/<int:pk>/kegiatan/baru/", views.item_create, name="item_create"),
    path("rtl/kegiatan/<int:pk>/", views.item_detail, name="item"),
    path("rtl/kegiatan/<int:pk>/ubah/", views.item_edit, name="item_edit"),
    path("rtl/kegiatan/<int:pk>/perkembangan/", views.item_update, name="item_update"),
    path("rtl/bukti/<int:pk>/", views.evidence, name="evidence"),
]

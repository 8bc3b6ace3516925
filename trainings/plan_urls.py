from django.urls import path

from trainings import plan_views

urlpatterns = [
    path("kabupaten/<str:code>/rtl/", plan_views.board, name="plan_board"),
    path("kabupaten/<str:code>/rtl/baru/", plan_views.plan_create, name="plan_create"),
    path("kabupaten/<str:code>/rtl/impor/", plan_views.import_items, name="import_items"),
    path(
        "kabupaten/<str:code>/rtl/impor/templat/",
        plan_views.import_template,
        name="import_items_template",
    ),
    path("rtl/saya/", plan_views.my_items, name="my_items"),
    path("rtl/<int:pk>/", plan_views.plan_detail, name="plan"),
    path("rtl/<int:pk>/ubah/", plan_views.plan_edit, name="plan_edit"),
    path("rtl/<int:pk>/nonaktifkan/", plan_views.plan_deactivate, name="plan_deactivate"),
    path("rtl/<int:pk>/aktifkan/", plan_views.plan_restore, name="plan_restore"),
    path("rtl/<int:pk>/kegiatan/baru/", plan_views.item_create, name="item_create"),
    path("rtl/kegiatan/<int:pk>/", plan_views.item_detail, name="item"),
    path("rtl/kegiatan/<int:pk>/ubah/", plan_views.item_edit, name="item_edit"),
    path("rtl/kegiatan/<int:pk>/perkembangan/", plan_views.item_update, name="item_update"),
    path("rtl/bukti/<int:pk>/", plan_views.evidence, name="evidence"),
]

"""Routes of the workbook downloads; ``indicators/urls.py`` includes ``urlpatterns``."""

from django.urls import path

from indicators import export_views

urlpatterns = [
    path(
        "kabupaten/<str:code>/ekspor/<int:year>.xlsx",
        export_views.export_district,
        name="export_district",
    ),
    path(
        "kabupaten/<str:code>/ekspor/<int:year>.zip",
        export_views.export_district_csv,
        name="export_district_csv",
    ),
    path(
        "wilayah/<str:code>/ekspor/<int:year>.xlsx",
        export_views.export_province,
        name="export_province",
    ),
    path(
        "wilayah/<str:code>/ekspor/<int:year>.zip",
        export_views.export_province_csv,
        name="export_province_csv",
    ),
    path("nasional/ekspor/<int:year>.xlsx", export_views.export_national, name="export_national"),
    path(
        "nasional/ekspor/<int:year>.zip",
        export_views.export_national_csv,
        name="export_national_csv",
    ),
]

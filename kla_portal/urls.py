from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kla_portal import notice_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("wilayah/", views.national, name="national"),
    path("wilayah/pilih/", views.select_region, name="select_region"),
    path("wilayah/<str:code>/", views.province, name="province"),
    path("kabupaten/<str:code>/", views.district, name="district"),
    path("kabupaten/<str:code>/aktivitas/", views.activity_log, name="activity_log"),
    path("pulihkan/<str:label>/<int:pk>/", views.restore, name="restore"),
    path("pemberitahuan/", notice_views.notices, name="notices"),
    path("pemberitahuan/<int:pk>/buka/", notice_views.notice_open, name="notice_open"),
    path("pemberitahuan/baca-semua/", notice_views.notices_read_all, name="notices_read_all"),
    path("pemberitahuan/pengaturan/", notice_views.notice_settings, name="notice_settings"),
    path(
        "akun/masuk/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "akun/sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # A new login (an agency's or a kecamatan's operator) sets its own first password here,
    # through the link the district admin gives it (stakeholders.agencies.password_link).
    path(
        "akun/sandi/atur/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "akun/sandi/atur/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("stakeholders.urls")),
    path("", include("trainings.urls")),
    path("", include("trainings.plans.urls")),
    path("", include("indicators.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

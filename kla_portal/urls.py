from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kla_portal import app_views, lockout_views, notice_views, token_views, views
from kla_portal.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("manifest.webmanifest", app_views.manifest, name="manifest"),
    path("sw.js", app_views.service_worker, name="service_worker"),
    path("favicon.ico", app_views.FaviconView.as_view(), name="favicon"),
    path("wilayah/", views.national, name="national"),
    path("wilayah/pilih/", views.select_region, name="select_region"),
    path("wilayah/<str:code>/", views.province, name="province"),
    path("kabupaten/<str:code>/", views.district, name="district"),
    path("kabupaten/<str:code>/aktivitas/", views.activity_log, name="activity_log"),
    path(
        "kabupaten/<str:code>/akun-terkunci/",
        lockout_views.locked_accounts,
        name="locked_accounts",
    ),
    path("pulihkan/<str:label>/<int:pk>/", views.restore, name="restore"),
    path("pemberitahuan/", notice_views.notices, name="notices"),
    path("pemberitahuan/<int:pk>/buka/", notice_views.notice_open, name="notice_open"),
    path("pemberitahuan/baca-semua/", notice_views.notices_read_all, name="notices_read_all"),
    path("pemberitahuan/pengaturan/", notice_views.notice_settings, name="notice_settings"),
    path(
        "akun/masuk/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "akun/sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # "Lupa sandi?": Django's reset by email; the emailed link is the set-password page below.
    path(
        "akun/sandi/lupa/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "akun/sandi/lupa/terkirim/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    # A new login (an agency's or a kecamatan's operator) sets its own first password here,
    # through the link the district admin gives it (stakeholders.agencies.password_link).
    path(
        "akun/sandi/atur/<uidb64>/<token>/",
        lockout_views.SetPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "akun/sandi/atur/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("akun/token/", token_views.api_tokens, name="api_tokens"),
    path("akun/token/<int:pk>/cabut/", token_views.api_token_revoke, name="api_token_revoke"),
    # The API reads every app, so it lives in the top one (indicators/api/).
    path("api/v1/", include("indicators.api.urls")),
    path("", include("stakeholders.urls")),
    path("", include("trainings.urls")),
    path("", include("trainings.plans.urls")),
    path("", include("indicators.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

"""The ``NinjaAPI`` object: how callers sign in, and how errors read."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from indicators.api import agency_answers, assessments, institutions, plans, regions, trainings
from kla_portal.tokens import user_for_token

NOT_SIGNED_IN = _("Masuk dulu, atau kirim token API yang masih berlaku (Authorization: Bearer).")
NOT_FOUND = _("Data tidak ditemukan, atau bukan wilayah Anda.")
NOT_ALLOWED = _("Anda boleh membaca data ini, tetapi tidak mengubahnya.")


class TokenAuth(HttpBearer):
    """A personal token (``kla_portal.tokens``); the request then acts as its owner."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="KLA Portal API",
    version="1",
    description=(
        "Skor per tahap, penilaian, pelatihan, cakupan, lembaga dan RTL kabupaten/kota "
        "yang boleh Anda lihat. Masuk dengan token pribadi (halaman Token API) atau sesi."
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url="/docs/",
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": str(NOT_SIGNED_IN)}, status=401)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": str(NOT_FOUND)}, status=404)


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    message = str(exc) if exc.args else str(NOT_ALLOWED)
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


for module in (regions, assessments, trainings, institutions, plans, agency_answers):
    api.add_router("/", module.router)

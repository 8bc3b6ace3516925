from django.urls import path

from indicators.api import api

urlpatterns = [path("", api.urls)]

"""API: your own data (download) and deleting your account."""

from django.urls import path

from relationships.api import personal_data

urlpatterns = [
    path("me/data/", personal_data.PersonalDataApi.as_view(), name="api-me-data"),
    path("me/delete/", personal_data.AccountDeleteApi.as_view(), name="api-me-delete"),
]

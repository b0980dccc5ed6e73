"""Pages of your own data: download it, delete your account."""

from django.urls import path

from relationships.views import personal_data

urlpatterns = [
    path("account/data/", personal_data.account_data, name="account_data"),
    path(
        "account/data/download/",
        personal_data.account_data_download,
        name="account_data_download",
    ),
]

"""API URLs of requests, under /api/v1/."""

from django.urls import URLPattern, URLResolver, path

from relationships.api import requests

urlpatterns: list[URLPattern | URLResolver] = [
    path("requests/", requests.RequestListCreateApi.as_view(), name="api-request-list"),
    path("requests/<int:id>/", requests.RequestDetailApi.as_view(), name="api-request-detail"),
    path(
        "requests/<int:id>/accept/",
        requests.RequestAcceptApi.as_view(),
        name="api-request-accept",
    ),
    path(
        "requests/<int:id>/decline/",
        requests.RequestDeclineApi.as_view(),
        name="api-request-decline",
    ),
    path(
        "requests/<int:id>/withdraw/",
        requests.RequestWithdrawApi.as_view(),
        name="api-request-withdraw",
    ),
    path(
        "requests/<int:id>/messages/",
        requests.RequestMessageListCreateApi.as_view(),
        name="api-request-messages",
    ),
]

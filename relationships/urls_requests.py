"""Pages of requests, and the dashboard (`home/`), which is mostly about requests."""

from django.urls import URLPattern, URLResolver, path

from relationships.views import dashboard, requests

urlpatterns: list[URLPattern | URLResolver] = [
    path("programs/<slug:slug>/requests/new/", requests.request_new, name="request_new"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/accept/", requests.request_accept, name="request_accept"),
    path("requests/<int:pk>/decline/", requests.request_decline, name="request_decline"),
    path("requests/<int:pk>/withdraw/", requests.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/messages/", requests.request_message, name="request_message"),
    path("home/", dashboard.home, name="dashboard"),
]

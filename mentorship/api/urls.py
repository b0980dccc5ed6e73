"""URLs of the people app's API, mounted under /api/v1/."""

from django.urls import path

from mentorship.api import views

urlpatterns = [
    path("auth/token/", views.TokenCreateApi.as_view(), name="api-auth-token"),
    path("me/", views.MeApi.as_view(), name="api-me"),
    path("jobs/<uuid:pk>/", views.JobDetailApi.as_view(), name="api-job-detail"),
    path(
        "system/worker-checks/",
        views.WorkerCheckCreateApi.as_view(),
        name="api-worker-check-create",
    ),
]

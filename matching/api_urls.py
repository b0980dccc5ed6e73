"""API URLs of the matching app, mounted under /api/v1/."""

from django.urls import path

from matching import api

urlpatterns = [
    path("programs/<slug:slug>/mentors/", api.MentorListApi.as_view(), name="api-mentor-list"),
    path(
        "programs/<slug:slug>/mentors/<int:pk>/",
        api.MentorDetailApi.as_view(),
        name="api-mentor-detail",
    ),
]

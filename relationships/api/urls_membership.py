"""API: leaving a program (it withdraws the member's open requests)."""

from django.urls import path

from relationships.api import membership

urlpatterns = [
    path(
        "programs/<slug:slug>/leave/",
        membership.ProgramLeaveApi.as_view(),
        name="api-program-leave",
    ),
]

"""Pages spanning people and relationships: leaving a program, a mentee's profile."""

from django.urls import path

from relationships.views import membership

urlpatterns = [
    path("programs/<slug:slug>/leave/", membership.program_leave, name="program_leave"),
    path(
        "programs/<slug:slug>/mentees/<int:membership_id>/",
        membership.mentee_profile,
        name="mentee_profile",
    ),
]

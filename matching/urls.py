"""Pages of the matching app: the mentor directory and mentor pages of a program."""

from django.urls import path

from matching import views

urlpatterns = [
    path("programs/<slug:slug>/mentors/", views.mentor_directory, name="mentor_directory"),
    path(
        "programs/<slug:slug>/mentors/<int:mentor_id>/",
        views.mentor_detail,
        name="mentor_detail",
    ),
]

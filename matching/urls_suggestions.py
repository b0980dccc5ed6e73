"""Pages of the suggested-mentors feature."""

from django.urls import path

from matching import views_suggestions as views

urlpatterns = [
    path("programs/<slug:slug>/suggestions/", views.suggestions_page, name="suggestions"),
    path(
        "programs/<slug:slug>/suggestions/refresh/",
        views.suggestions_refresh,
        name="suggestions_refresh",
    ),
    path(
        "programs/<slug:slug>/suggestions/search/",
        views.suggestions_search,
        name="suggestions_search",
    ),
    path(
        "programs/<slug:slug>/suggestions/jobs/<uuid:job_id>/",
        views.suggestions_status,
        name="suggestions_status",
    ),
    path(
        "programs/<slug:slug>/suggestions/<int:suggestion_id>/dismiss/",
        views.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
    path(
        "programs/<slug:slug>/suggestions/<int:suggestion_id>/request/",
        views.suggestion_request,
        name="suggestion_request",
    ),
]

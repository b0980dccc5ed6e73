"""Pages of cohort match runs (program admins only)."""

from django.urls import path

from matching import views_match_runs as views

urlpatterns = [
    path("programs/<slug:slug>/match-runs/", views.match_run_list, name="match_run_list"),
    path("programs/<slug:slug>/match-runs/new/", views.match_run_new, name="match_run_new"),
    path(
        "programs/<slug:slug>/match-runs/compare/",
        views.match_run_compare,
        name="match_run_compare",
    ),
    path(
        "programs/<slug:slug>/match-runs/<int:run_id>/",
        views.match_run_detail,
        name="match_run_detail",
    ),
    path(
        "programs/<slug:slug>/match-runs/<int:run_id>/status/",
        views.match_run_status,
        name="match_run_status",
    ),
    path(
        "programs/<slug:slug>/match-runs/<int:run_id>/pairs/<int:pair_id>/status/",
        views.match_run_pair_status,
        name="match_run_pair_status",
    ),
    path(
        "programs/<slug:slug>/match-runs/<int:run_id>/swap/",
        views.match_run_swap,
        name="match_run_swap",
    ),
    path(
        "programs/<slug:slug>/match-runs/<int:run_id>/move/",
        views.match_run_move,
        name="match_run_move",
    ),
    path(
        "programs/<slug:slug>/match-runs/<int:run_id>/rerun/",
        views.match_run_rerun,
        name="match_run_rerun",
    ),
    path(
        "programs/<slug:slug>/match-runs/<int:run_id>/publish/",
        views.match_run_publish,
        name="match_run_publish",
    ),
]

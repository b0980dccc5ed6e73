"""API URLs of cohort match runs, under /api/v1/."""

from django.urls import path

from matching import api_match_runs as api

urlpatterns = [
    path(
        "programs/<slug:slug>/match-runs/",
        api.MatchRunListCreateApi.as_view(),
        name="api-match-runs",
    ),
    path(
        "programs/<slug:slug>/match-runs/<int:id>/",
        api.MatchRunDetailApi.as_view(),
        name="api-match-run-detail",
    ),
    path(
        "programs/<slug:slug>/match-runs/<int:id>/pairs/<int:pair_id>/",
        api.MatchRunPairUpdateApi.as_view(),
        name="api-match-run-pair",
    ),
    path(
        "programs/<slug:slug>/match-runs/<int:id>/publish/",
        api.MatchRunPublishApi.as_view(),
        name="api-match-run-publish",
    ),
]

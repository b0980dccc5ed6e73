"""API URLs of the program reports, under /api/v1/."""

from django.urls import path

from matching import api_reports as api

urlpatterns = [
    path(
        "programs/<slug:slug>/reports/overview/",
        api.ProgramOverviewReportApi.as_view(),
        name="api-reports-overview",
    ),
    path(
        "programs/<slug:slug>/reports/match-quality/",
        api.ProgramMatchQualityReportApi.as_view(),
        name="api-reports-match-quality",
    ),
    path(
        "programs/<slug:slug>/reports/at-risk/",
        api.ProgramAtRiskReportApi.as_view(),
        name="api-reports-at-risk",
    ),
    path(
        "programs/<slug:slug>/reports/exposure/",
        api.ProgramExposureReportApi.as_view(),
        name="api-reports-exposure",
    ),
]

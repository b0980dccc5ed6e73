"""Top-level URLs: pages, accounts, the API under /api/v1/, its schema and docs, health."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from mentorship.health import healthz
from mentorship.security.api_docs import api_docs
from mentorship.views import account, audit, jobs, pages

urlpatterns = [
    path("", pages.landing, name="landing"),
    path("account/settings/", account.account_settings, name="account_settings"),
    path("jobs/<uuid:job_id>/", jobs.job_status, name="job_status"),
    path("", include("mentorship.urls_programs")),
    path("", include("mentorship.urls_notifications")),
    path("", include("mentorship.urls_participants")),
    path("", include("relationships.urls_membership")),
    path("", include("relationships.urls_requests")),
    path("", include("relationships.urls_relationships")),
    path("", include("relationships.urls_meetings")),
    path("", include("relationships.urls_personal_data")),
    path("", include("relationships.urls_circles")),
    path("", include("relationships.urls_introductions")),
    path("", include("matching.urls")),
    path("", include("matching.urls_suggestions")),
    path("", include("matching.urls_ranker_models")),
    path("", include("matching.urls_match_runs")),
    path("", include("matching.urls_reports")),
    path("audit/", audit.audit_log, name="audit_log"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("mentorship.api.urls")),
    path("api/v1/", include("mentorship.api.urls_programs")),
    path("api/v1/", include("mentorship.api.urls_notifications")),
    path("api/v1/", include("mentorship.api.urls_participants")),
    path("api/v1/", include("relationships.api.urls_membership")),
    path("api/v1/", include("relationships.api.urls_requests")),
    path("api/v1/", include("relationships.api.urls_relationships")),
    path("api/v1/", include("relationships.api.urls_meetings")),
    path("api/v1/", include("relationships.api.urls_personal_data")),
    path("api/v1/", include("relationships.api.urls_circles")),
    path("api/v1/", include("relationships.api.urls_introductions")),
    path("api/v1/", include("matching.api_urls")),
    path("api/v1/", include("matching.api_urls_suggestions")),
    path("api/v1/", include("matching.api_urls_ranker_models")),
    path("api/v1/", include("matching.api_urls_match_runs")),
    path("api/v1/", include("matching.api_urls_reports")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
]

handler400 = "mentorship.views.errors.bad_request"
handler403 = "mentorship.views.errors.permission_denied"
handler404 = "mentorship.views.errors.page_not_found"
handler500 = "mentorship.views.errors.server_error"

"""Top-level URLs: pages, accounts, the API under /api/v1/, its schema and docs, health."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from mentorship.health import healthz
from mentorship.views import account, jobs, pages

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
    path("", include("matching.urls")),
    path("", include("matching.urls_suggestions")),
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
    path("api/v1/", include("matching.api_urls")),
    path("api/v1/", include("matching.api_urls_suggestions")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

handler400 = "mentorship.views.errors.bad_request"
handler403 = "mentorship.views.errors.permission_denied"
handler404 = "mentorship.views.errors.page_not_found"
handler500 = "mentorship.views.errors.server_error"

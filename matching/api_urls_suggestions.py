"""API URLs of the suggested-mentors feature, under /api/v1/."""

from django.urls import path

from matching import api_suggestions as api

urlpatterns = [
    path(
        "programs/<slug:slug>/suggestions/", api.SuggestionListApi.as_view(), name="api-suggestions"
    ),
    path(
        "programs/<slug:slug>/suggestions/refresh/",
        api.SuggestionRefreshApi.as_view(),
        name="api-suggestions-refresh",
    ),
    path(
        "programs/<slug:slug>/suggestions/<int:pk>/dismiss/",
        api.SuggestionDismissApi.as_view(),
        name="api-suggestions-dismiss",
    ),
]

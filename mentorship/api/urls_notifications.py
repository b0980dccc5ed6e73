"""API URLs of notifications and notification preferences, under /api/v1/."""

from django.urls import path

from mentorship.api import notifications

urlpatterns = [
    path(
        "notifications/",
        notifications.NotificationListApi.as_view(),
        name="api-notification-list",
    ),
    path(
        "notifications/<int:pk>/read/",
        notifications.NotificationReadApi.as_view(),
        name="api-notification-read",
    ),
    path(
        "notifications/read-all/",
        notifications.NotificationReadAllApi.as_view(),
        name="api-notification-read-all",
    ),
    path(
        "me/notification-preferences/",
        notifications.NotificationPreferencesApi.as_view(),
        name="api-notification-preferences",
    ),
]

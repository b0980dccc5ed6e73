"""Values every page's navigation needs."""

from __future__ import annotations

from django.http import HttpRequest

from mentorship.models import Notification


def navigation(request: HttpRequest) -> dict[str, object]:
    """The unread notification count for the navigation badge (one query, signed-in only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.visible_to(user).unread().count()}

"""A person's notification inbox: the order it is shown in, and marking things read."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from mentorship.models import Notification, User
from mentorship.models.notifications import NotificationQuerySet


def inbox_for(user: User | AnonymousUser) -> NotificationQuerySet:
    """The person's own notifications, unread first, then newest first.

    Unread ones lead so nothing new hides on page two behind old, already-read news.
    """
    return (
        Notification.objects.visible_to(user)
        .annotate(is_unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()))
        .order_by("-is_unread", "-created_at", "-id")
    )


def mark_notification_read(*, notification: Notification) -> Notification:
    """Mark one notification read; reading it again keeps the first time it was read."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_notifications_read(*, user: User) -> int:
    """Mark every unread notification of `user` read in one statement; return how many."""
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())

"""Notifications: the one way any app tells a person something.

`notify` stores the in-app notification and, by the recipient's preference for that kind,
requests the email at once (through the outbox) or leaves it for the daily digest.
"""

from __future__ import annotations

from django.db import transaction

from mentorship.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    User,
)
from mentorship.models.notifications import DEFAULT_DELIVERY
from mentorship.services.outbox import request_task

SEND_EMAIL_TASK = "mentorship.tasks.send_notification_email"


def delivery_for(*, user: User, kind: str) -> str:
    """The recipient's chosen delivery for this kind (email at once unless they said else)."""
    preference = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return preference.delivery if preference else DEFAULT_DELIVERY


@transaction.atomic
def notify(
    *, recipient: User, kind: NotificationKind, title: str, body: str = "", url: str = ""
) -> Notification | None:
    """Tell `recipient` something; returns None when they turned this kind off."""
    delivery = delivery_for(user=recipient, kind=kind)
    if delivery == Delivery.OFF:
        return None
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, title=title[:200], body=body, url=url[:300]
    )
    if delivery == Delivery.EMAIL and recipient.is_active:
        request_task(SEND_EMAIL_TASK, kwargs={"notification_id": notification.pk})
    return notification

"""Emailing notifications: one at once, or the day's in a morning digest.

Both mark what they mailed (`Notification.emailed_at`) in the transaction that sends it,
so a redelivered task or a second beat run sends nothing twice. Every email carries a
one-click unsubscribe link (RFC 8058 `List-Unsubscribe` and `List-Unsubscribe-Post`).
"""

from __future__ import annotations

import logging
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from mentorship.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    User,
)
from mentorship.services.notification_preferences import make_unsubscribe_token
from mentorship.services.notifications import delivery_for

logger = logging.getLogger(__name__)

# The digest goes out once a local day, once the person's clock has passed this hour.
DIGEST_TIME = time(8, 0)
# A digest lists at most this many notifications and counts the rest.
DIGEST_SHOWN = 50


def absolute_url(path: str) -> str:
    """A link that works outside the site (in an email): `SITE_URL` plus the path."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}/{path.lstrip('/')}"


def notification_link(notification: Notification) -> str:
    """Where a notification points, absolute; the inbox when it points nowhere."""
    return absolute_url(notification.url or reverse("notification_list"))


def send_notification_email(*, notification_id: int) -> bool:
    """Email one notification now; return whether an email was sent.

    Sends nothing when it was already emailed, when the recipient is inactive, or when
    they no longer want this kind by email at once (they may have changed their mind
    between `notify` and this task). The row is locked while sending, so two deliveries
    of the same task cannot both send it.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        recipient = notification.recipient
        if not recipient.is_active:
            return False
        if delivery_for(user=recipient, kind=notification.kind) != Delivery.EMAIL:
            return False
        context = {
            "notification": notification,
            "kind_label": NotificationKind(notification.kind).label,
            "link": notification_link(notification),
        }
        message = _email(
            user=recipient,
            subject=notification.title,
            template="notification",
            context=context,
            kinds=[notification.kind],
        )
        message.send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def latest_digest_cutoff(*, now: datetime, time_zone: str) -> datetime:
    """The most recent local `DIGEST_TIME` at or before `now` in the person's time zone.

    A digest carries what arrived before this moment; what arrives after waits for the
    next morning. An unknown zone counts as UTC rather than stopping everyone's digests.
    """
    zone = _zone(time_zone)
    local_now = now.astimezone(zone)
    day = local_now.date() if local_now.time() >= DIGEST_TIME else local_now.date() - timedelta(1)
    return datetime.combine(day, DIGEST_TIME, tzinfo=zone)


def send_due_digests(*, now: datetime | None = None) -> int:
    """Send each person whose morning it is their digest; return how many were sent.

    Run every 15 minutes by beat. A digest holds the person's unread, not yet emailed
    notifications of the kinds they want as a digest that arrived before their latest
    local 08:00. At most one goes out per person and local day; a failure to send one
    person's digest is logged and retried on the next run without holding up the rest.
    """
    now = now or timezone.now()
    digest_kinds = _digest_kinds_with_news()
    users = User.objects.in_bulk(list(digest_kinds))
    sent = 0
    for user_id, kinds in digest_kinds.items():
        user = users[user_id]
        cutoff = latest_digest_cutoff(now=now, time_zone=user.time_zone)
        try:
            if _send_digest(user=user, kinds=kinds, cutoff=cutoff, now=now):
                sent += 1
        except OSError:  # SMTP and connection errors; the next run tries again
            logger.exception("Could not send the notification digest to user %s.", user_id)
    return sent


def _digest_kinds_with_news() -> dict[int, set[str]]:
    """Active people with something new for a digest, mapped to *all* their digest kinds."""
    news = Notification.objects.filter(
        recipient_id=OuterRef("user_id"),
        kind=OuterRef("kind"),
        emailed_at__isnull=True,
        read_at__isnull=True,
    )
    digest_preferences = NotificationPreference.objects.filter(
        delivery=Delivery.DIGEST, user__is_active=True
    )
    with_news = digest_preferences.filter(Exists(news)).values("user_id")
    kinds: dict[int, set[str]] = defaultdict(set)
    for user_id, kind in digest_preferences.filter(user_id__in=with_news).values_list(
        "user_id", "kind"
    ):
        kinds[user_id].add(kind)
    return kinds


@transaction.atomic
def _send_digest(*, user: User, kinds: set[str], cutoff: datetime, now: datetime) -> bool:
    """Send one person's digest for the day ending at `cutoff`, unless it already went."""
    items = list(
        Notification.objects.select_for_update()
        .filter(
            recipient=user,
            kind__in=kinds,
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__lt=cutoff,
        )
        .order_by("-created_at", "-id")
    )
    if not items:
        return False
    # Something from before the cutoff mailed after it means today's digest went out
    # already; this catches a kind switched to "digest" later the same day.
    already_sent_today = Notification.objects.filter(
        recipient=user, kind__in=kinds, created_at__lt=cutoff, emailed_at__gte=cutoff
    ).exists()
    if already_sent_today:
        return False
    count = len(items)
    context = {
        "items": [_digest_item(notification) for notification in items[:DIGEST_SHOWN]],
        "count": count,
        "more": max(count - DIGEST_SHOWN, 0),
        "inbox_link": absolute_url(reverse("notification_list")),
    }
    subject = ngettext(
        "Your daily summary: %(count)d new notification",
        "Your daily summary: %(count)d new notifications",
        count,
    ) % {"count": count}
    message = _email(
        user=user,
        subject=subject,
        template="digest",
        context=context,
        kinds={item.kind for item in items},
    )
    message.send()
    Notification.objects.filter(pk__in=[item.pk for item in items]).update(emailed_at=now)
    return True


@dataclass(frozen=True)
class DigestItem:
    title: str
    body: str
    link: str
    kind_label: str
    created_at: datetime


def _digest_item(notification: Notification) -> DigestItem:
    return DigestItem(
        title=notification.title,
        body=notification.body,
        link=notification_link(notification),
        kind_label=str(NotificationKind(notification.kind).label),
        created_at=notification.created_at,
    )


def _email(
    *, user: User, subject: str, template: str, context: dict[str, Any], kinds: Iterable[str]
) -> EmailMultiAlternatives:
    """A plain-text and HTML email to `user` with a one-click unsubscribe for `kinds`.

    Times in it are shown in the recipient's time zone, as on the site.
    """
    token = make_unsubscribe_token(user=user, kinds=kinds)
    unsubscribe_link = absolute_url(reverse("notification_unsubscribe", args=[token]))
    full_context = {
        **context,
        "user": user,
        "unsubscribe_link": unsubscribe_link,
        "preferences_link": absolute_url(reverse("notification_preferences")),
        "site_url": settings.SITE_URL,
    }
    with timezone.override(_zone(user.time_zone)):
        text = render_to_string(f"mentorship/email/{template}.txt", full_context)
        html = render_to_string(f"mentorship/email/{template}.html", full_context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # a header: no line breaks
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")

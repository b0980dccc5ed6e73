"""In-app notifications and each person's choice of how to receive each kind."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorship.models.users import User


class NotificationKind(models.TextChoices):
    """Every kind of notification the platform sends; preferences are kept per kind."""

    PROGRAM_JOINED = "program_joined", _("You joined a program")
    JOIN_REQUEST = "join_request", _("Someone asks to join your program")
    JOIN_DECIDED = "join_decided", _("Your request to join a program was answered")
    MEMBER_LEFT = "member_left", _("Someone left a program you share")
    INVITATION = "invitation", _("You were invited to a program")
    REQUEST_RECEIVED = "request_received", _("A mentee asks you to mentor them")
    REQUEST_ANSWERED = "request_answered", _("A mentor answered your request")
    RELATIONSHIP_UPDATE = "relationship_update", _("News about a mentoring relationship")
    MEETING = "meeting", _("Meetings and reminders")
    MATCH_PUBLISHED = "match_published", _("You have been matched")
    CONCERN_REPORTED = "concern_reported", _("A concern was reported in your program")
    CIRCLE = "circle", _("Mentor circles and group sessions")
    INTRODUCTION = "introduction", _("Introductions to other members")
    RECOGNITION = "recognition", _("Milestones and thank-you notes")
    REPORT = "report", _("Program reports and ranker models")


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("In the app and by email at once")
    DIGEST = "digest", _("In the app and in a daily email digest")
    OFF = "off", _("Off")


DEFAULT_DELIVERY = Delivery.EMAIL


class NotificationQuerySet(models.QuerySet["Notification"]):
    def visible_to(self, user: User | AnonymousUser) -> NotificationQuerySet:
        """A person's own notifications, nobody else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient_id=user.pk)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when the immediate email or the digest that carried it went out, so a
    # redelivered task never mails it twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"], name="notification_unread", condition=Q(read_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """How one person wants one kind of notification; no row means the default (email)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=DEFAULT_DELIVERY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.delivery}"

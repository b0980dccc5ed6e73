"""Meetings, their notes and feedback.

Private notes are their own table, reachable only through
`PrivateNote.objects.written_by(user)`: no serializer, export, notification or admin page
of a meeting includes them, so they cannot leak by accident.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorship.models import MeetingMode, User
from relationships.models.relationships import Relationship


class Meeting(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("No-show")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    mode = models.CharField(max_length=10, choices=MeetingMode.choices)
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    agenda = models.TextField(blank=True, max_length=4000)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    actual_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    shared_notes = models.TextField(blank=True, max_length=10000)
    logged_at = models.DateTimeField(null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=480),
                name="meeting_duration_5_480",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "starts_at"], name="meeting_state_start"),
            # A relationship's first and last held meeting (health, reports) without
            # reading its other meetings.
            models.Index(
                fields=["relationship", "state", "starts_at"], name="meeting_rel_state_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting {self.pk} at {self.starts_at:%Y-%m-%d %H:%M}"


class PrivateNoteQuerySet(models.QuerySet["PrivateNote"]):
    def written_by(self, user: User | AnonymousUser) -> PrivateNoteQuerySet:
        """The only way to read private notes: the author's own, nobody else's, ever."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(author_id=user.pk)


class PrivateNote(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PrivateNoteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="private_note_unique"),
        ]

    def __str__(self) -> str:
        return "Private note"  # never the body: this string shows up in logs and admin


class MeetingFeedback(models.Model):
    """One side's rating of a held meeting; the other side never sees it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="meeting_feedback_unique"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="meeting_feedback_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback on meeting {self.meeting_id}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar feed URL; revoking replaces the token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

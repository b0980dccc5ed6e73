"""Requests: a mentee asks a mentor, the mentor answers within the program's window.

A mentee may rank up to three mentors at once. The first choice is `pending`; backups wait
as `queued` (hidden from those mentors, not counted as open) and the next one is sent when
the current one is declined or expires.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorship.lookups import one_of
from mentorship.models import (
    MenteeGoal,
    MenteeParticipation,
    MentorParticipation,
    Program,
    User,
    in_programs_run_by,
)
from relationships.models.snapshots import MatchSnapshot

MAX_CHOICES = 3


def sent_by(user_id: int) -> Q:
    """Requests this user sent, as the mentee: matched against the user's participations
    with `one_of`, so that ORed with the other ways of seeing a request it stays an index
    probe (see `mentorship.lookups`)."""
    mine = MenteeParticipation.objects.filter(membership__user_id=user_id).values("pk")
    return one_of("mentee_id", mine)


def sent_to(user_id: int) -> Q:
    """Requests sent to this user, as the mentor (queued backups included: callers hide
    them), written as `sent_by` is for the same reason."""
    mine = MentorParticipation.objects.filter(membership__user_id=user_id).values("pk")
    return one_of("mentor_id", mine)


class RequestQuerySet(models.QuerySet["MentorRequest"]):
    def visible_to(self, user: User | AnonymousUser) -> RequestQuerySet:
        """The mentee sees their requests (queued backups too); the mentor sees requests sent
        to them (never queued ones); program admins see their programs' requests."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        as_mentee = sent_by(user.pk)
        as_mentor = sent_to(user.pk) & ~Q(state=MentorRequest.State.QUEUED)
        return self.filter(as_mentee | as_mentor | in_programs_run_by(user.pk))

    def open(self) -> RequestQuerySet:
        """Requests that wait for the mentor (queued backups are not open)."""
        return self.filter(state=MentorRequest.State.PENDING)


class MentorRequest(MatchSnapshot):
    """A mentee's request to one mentor (STYLE.md's **Request**)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued as a backup")
        PENDING = "pending", _("Waiting for the mentor")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Not needed any more")

    class DeclineReason(models.TextChoices):
        NO_CAPACITY = "no_capacity", _("No capacity right now")
        NOT_A_GOOD_FIT = "not_a_good_fit", _("Not a good fit")
        BUSY = "busy", _("Too busy")
        OTHER = "other", _("Other")

    OPEN_STATES = (State.QUEUED, State.PENDING)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="requests")
    mentee = models.ForeignKey(
        MenteeParticipation, on_delete=models.CASCADE, related_name="requests"
    )
    mentor = models.ForeignKey(
        MentorParticipation, on_delete=models.CASCADE, related_name="requests"
    )
    message = models.TextField(_("message"), max_length=2000)
    goals = models.ManyToManyField(MenteeGoal, blank=True, related_name="requests")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # The ranked choices made together share a group; choice 1 is sent first.
    choice_group = models.UUIDField(default=uuid.uuid4, db_index=True)
    choice_rank = models.PositiveSmallIntegerField(default=1)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    decline_note = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=Q(state__in=["queued", "pending"]),
                name="request_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(choice_rank__gte=1) & Q(choice_rank__lte=MAX_CHOICES),
                name="request_choice_rank_1_3",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "expires_at"], name="request_state_expiry"),
            models.Index(fields=["mentor", "state"], name="request_mentor_state"),
        ]

    def __str__(self) -> str:
        return f"Request {self.pk} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class RequestMessage(models.Model):
    """A question from the mentor, or the mentee's answer, before the request is decided."""

    request = models.ForeignKey(MentorRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Message on request {self.request_id}"

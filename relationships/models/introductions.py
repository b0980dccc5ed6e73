"""Introductions: a mentor (or a program admin) introduces a mentee to another member.

An accepted introduction is the connection itself: both people then see each other's
contact (email) and may fix one optional follow-up meeting. There is no separate
connection table, because a connection has no life of its own apart from the
introduction that made it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorship.models import (
    MeetingMode,
    Membership,
    MenteeParticipation,
    Program,
    User,
    in_programs_run_by,
)
from relationships.models.relationships import Relationship


class IntroductionQuerySet(models.QuerySet["Introduction"]):
    def visible_to(self, user: User | AnonymousUser) -> IntroductionQuerySet:
        """The introducer, the mentee, the introduced member and the program's admins.

        Admins see that an introduction exists and its state (metadata); the pages and the
        API decide per viewer whether the note and the contact details are shown.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(
            Q(introduced_by_id=user.pk)
            | Q(mentee__membership__user_id=user.pk)
            | Q(member__user_id=user.pk)
            | in_programs_run_by(user.pk)
        )

    def pending(self) -> IntroductionQuerySet:
        return self.filter(state=Introduction.State.PENDING)

    def involving(self, user: User) -> IntroductionQuerySet:
        """Introductions this user is part of (introducer, mentee or member), not as admin."""
        return self.filter(
            Q(introduced_by_id=user.pk)
            | Q(mentee__membership__user_id=user.pk)
            | Q(member__user_id=user.pk)
        )


class Introduction(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="introductions")
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="introductions_made",
    )
    # Set when the introducer is the mentee's mentor: the introduction then shows on that
    # relationship's page. Introductions by a program admin have none.
    relationship = models.ForeignKey(
        Relationship,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introductions",
    )
    mentee = models.ForeignKey(
        MenteeParticipation, on_delete=models.CASCADE, related_name="introductions"
    )
    member = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="introductions_received"
    )
    note = models.TextField(max_length=2000)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    answer_note = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The one optional follow-up meeting of an accepted introduction.
    follow_up_at = models.DateTimeField(null=True, blank=True)
    follow_up_minutes = models.PositiveSmallIntegerField(default=30)
    follow_up_mode = models.CharField(max_length=10, choices=MeetingMode.choices, blank=True)
    follow_up_location = models.CharField(_("place or link"), max_length=300, blank=True)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "accepted", "declined", "withdrawn"]),
                name="introduction_state",
            ),
            models.UniqueConstraint(
                fields=["mentee", "member"],
                condition=Q(state="pending"),
                name="introduction_one_pending_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_at__isnull=True) | Q(state="accepted"),
                name="introduction_follow_up_only_when_accepted",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_minutes__gte=5) & Q(follow_up_minutes__lte=480),
                name="introduction_follow_up_5_480",
            ),
        ]
        indexes = [models.Index(fields=["member", "state"], name="introduction_member_state")]

    def __str__(self) -> str:
        return f"Introduction {self.pk} ({self.state})"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING

    @property
    def is_accepted(self) -> bool:
        return self.state == self.State.ACCEPTED

    def role_of(self, user: User) -> str | None:
        """ "mentee", "member", "introducer" or None (an admin or a stranger).

        The mentee and the member come first: they are the two people connected.
        """
        if self.mentee.membership.user_id == user.pk:
            return "mentee"
        if self.member.user_id == user.pk:
            return "member"
        if self.introduced_by_id == user.pk:
            return "introducer"
        return None

    def sees_details(self, user: User) -> bool:
        """The note and the answer are for the three people involved, not the admins."""
        return self.role_of(user) is not None

"""A mentoring relationship: one mentee and one mentor in one program, from match to close."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorship.models import (
    MenteeGoal,
    MenteeParticipation,
    MentorParticipation,
    Program,
    User,
    in_programs_run_by,
)
from relationships.models.requests import MentorRequest
from relationships.models.snapshots import MatchSnapshot


def _as_either_person(user_id: int) -> Q:
    """Relationships this user is in, read from the stored pair of people: two index
    probes. Reaching the user through the mentee's and the mentor's memberships joined
    four tables and scanned every relationship (tens of milliseconds on each page)."""
    return Q(person_low_id=user_id) | Q(person_high_id=user_id)


class RelationshipQuerySet(models.QuerySet["Relationship"]):
    def visible_to(
        self, user: User | AnonymousUser, *, one_row: bool = False
    ) -> RelationshipQuerySet:
        """The two people in it, and the admins of its program. `one_row` when the caller
        fetches one relationship by its id (see `in_programs_run_by`)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(
            _as_either_person(user.pk) | in_programs_run_by(user.pk, one_row=one_row)
        )

    def as_participant(self, user: User | AnonymousUser) -> RelationshipQuerySet:
        """Relationships this user is in, as mentee or mentor (admins excluded)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(_as_either_person(user.pk))

    def between_people(self, user_id: int, other_user_id: int) -> RelationshipQuerySet:
        """Relationships of these two people, whichever of them is the mentee."""
        low, high = Relationship.ordered_pair(user_id, other_user_id)
        return self.filter(person_low_id=low, person_high_id=high)

    def current(self) -> RelationshipQuerySet:
        """Active and paused: these count against the mentor's capacity."""
        return self.filter(state__in=Relationship.CURRENT_STATES)


class Relationship(MatchSnapshot):
    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")
        ENDED = "ended", _("Ended early")

    class CloseReason(models.TextChoices):
        GOALS_MET = "goals_met", _("Goals met")
        NO_TIME = "no_time", _("No time")
        NOT_A_GOOD_FIT = "not_a_good_fit", _("Not a good fit")
        UNRESPONSIVE = "unresponsive", _("Unresponsive")
        OTHER = "other", _("Other")

    class Origin(models.TextChoices):
        REQUEST = "request", _("Accepted request")
        COHORT = "cohort", _("Cohort match by a program admin")

    CURRENT_STATES = (State.ACTIVE, State.PAUSED)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="relationships")
    mentee = models.ForeignKey(
        MenteeParticipation, on_delete=models.CASCADE, related_name="relationships"
    )
    mentor = models.ForeignKey(
        MentorParticipation, on_delete=models.CASCADE, related_name="relationships"
    )
    request = models.OneToOneField(
        MentorRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="relationship",
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.REQUEST)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    started_at = models.DateTimeField()
    ends_on = models.DateField()
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_note = models.TextField(blank=True, max_length=1000)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(blank=True, max_length=2000)
    # Inactivity: when both were last nudged, and when admins were told (marked when sent).
    nudged_at = models.DateTimeField(null=True, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)
    # The two people as an unordered pair (the smaller user id first), filled by
    # `start_relationship`: in a peer program either may be the "mentee", and the database
    # must still allow only one current relationship per pair of people.
    person_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    person_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=Q(state__in=["active", "paused"]),
                name="relationship_one_current_per_pair",
            ),
            models.UniqueConstraint(
                fields=["program", "person_low", "person_high"],
                condition=Q(state__in=["active", "paused"]),
                name="relationship_one_current_per_people",
            ),
            models.CheckConstraint(
                condition=Q(person_low__lt=models.F("person_high")),
                name="relationship_people_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "state"], name="relationship_mentor_state"),
            # A program's relationships in their usual order, a page at a time (reports,
            # admin lists): read in order instead of joined to their people and sorted.
            models.Index(
                fields=["program", "-started_at", "-id"], name="relationship_program_started"
            ),
        ]

    def __str__(self) -> str:
        return f"Relationship {self.pk} ({self.state})"

    @property
    def is_current(self) -> bool:
        return self.state in self.CURRENT_STATES

    @property
    def is_closed(self) -> bool:
        return not self.is_current

    @staticmethod
    def ordered_pair(user_id: int, other_user_id: int) -> tuple[int, int]:
        """The pair of user ids as `person_low`, `person_high` store it."""
        return (min(user_id, other_user_id), max(user_id, other_user_id))

    def goals_to_work_on(self) -> models.QuerySet[MenteeGoal]:
        """The mentee goals this relationship may work towards: the mentee's, and in a peer
        program both people's (each mentors the other)."""
        if self.program.pairing != Program.Pairing.PEER:
            return MenteeGoal.objects.filter(participation_id=self.mentee_id)
        return MenteeGoal.objects.filter(
            participation__membership__program_id=self.program_id,
            participation__membership__user_id__in=[self.person_low_id, self.person_high_id],
        )

    def side_of(self, user: User) -> str | None:
        """ "mentee", "mentor" or None (an admin or a stranger)."""
        if self.mentee.membership.user_id == user.pk:
            return "mentee"
        if self.mentor.membership.user_id == user.pk:
            return "mentor"
        return None

    def other_person(self, user: User) -> User:
        if self.mentee.membership.user_id == user.pk:
            return self.mentor.membership.user
        return self.mentee.membership.user


class Message(models.Model):
    """The pair's message thread."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Message in relationship {self.relationship_id}"

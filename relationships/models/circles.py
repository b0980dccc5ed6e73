"""Mentor circles: one mentor, a few mentees of the same program, and their group sessions.

A circle is either opened by a mentor for their current mentees (each one invited, and in
only once they accept) or created by a program admin, with a mentor, for the program's
mentees to request to join. Seats are counted, never stored: the active memberships of the
circle, counted with the circle row locked (see `services.circles`).

Members see each other's name and headline only. Nothing here points at goals, notes,
requests or relationships, so a circle cannot become a side door to them.
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
    MentorParticipation,
    Program,
    User,
    in_programs_run_by,
)

MIN_CIRCLE_CAPACITY = 2
MAX_CIRCLE_CAPACITY = 20


class CircleQuerySet(models.QuerySet["Circle"]):
    def visible_to(self, user: User | AnonymousUser) -> CircleQuerySet:
        """Who may know a circle exists (its topic, mentor and seats).

        Its mentor, mentees with a membership row in it (invited, requested, active, or
        past), the program's admins, and the program's active mentees for an open circle
        that takes requests. Who may see its members is narrower: `Circle.roster_visible_to`.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        requestable = Q(
            kind=Circle.Kind.PROGRAM,
            state=Circle.State.OPEN,
            program__in=Membership.objects.filter(
                user_id=user.pk,
                status=Membership.Status.ACTIVE,
                mentee_participation__isnull=False,
            ).values("program_id"),
        )
        return self.filter(
            Q(mentor__membership__user_id=user.pk)
            | Q(
                pk__in=CircleMembership.objects.filter(mentee__membership__user_id=user.pk).values(
                    "circle_id"
                )
            )
            | in_programs_run_by(user.pk)
            | requestable
        )

    def roster_visible_to(self, user: User | AnonymousUser) -> CircleQuerySet:
        """Circles whose members (name and headline) and sessions the user may see: its
        mentor, its active members and the program's admins."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        active = CircleMembership.objects.filter(
            mentee__membership__user_id=user.pk, state=CircleMembership.State.ACTIVE
        )
        return self.filter(
            Q(mentor__membership__user_id=user.pk)
            | Q(pk__in=active.values("circle_id"))
            | in_programs_run_by(user.pk)
        )


class Circle(models.Model):
    class Kind(models.TextChoices):
        MENTOR = "mentor", _("Opened by the mentor for their mentees")
        PROGRAM = "program", _("Created by the program; mentees ask to join")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="circles")
    mentor = models.ForeignKey(
        MentorParticipation, on_delete=models.CASCADE, related_name="circles"
    )
    topic = models.CharField(_("topic"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    capacity = models.PositiveSmallIntegerField(_("seats"), default=6)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CircleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=MIN_CIRCLE_CAPACITY)
                & Q(capacity__lte=MAX_CIRCLE_CAPACITY),
                name="circle_capacity_2_20",
            ),
            models.CheckConstraint(condition=Q(kind__in=["mentor", "program"]), name="circle_kind"),
            models.CheckConstraint(condition=Q(state__in=["open", "closed"]), name="circle_state"),
            models.CheckConstraint(
                condition=Q(state="open", closed_at__isnull=True)
                | Q(state="closed", closed_at__isnull=False),
                name="circle_closed_at_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"Circle {self.pk}: {self.topic}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class CircleMembership(models.Model):
    """One mentee's place in a circle, from invitation or request to leaving."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    CURRENT_STATES = (State.REQUESTED, State.INVITED, State.ACTIVE)

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    mentee = models.ForeignKey(
        MenteeParticipation, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    state = models.CharField(max_length=10, choices=State.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    left_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "mentee"],
                condition=Q(state__in=["requested", "invited", "active"]),
                name="circle_membership_one_current",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["requested", "invited", "active", "declined", "left"]),
                name="circle_membership_state",
            ),
            models.CheckConstraint(
                condition=~Q(state="left") | Q(left_at__isnull=False),
                name="circle_membership_left_at",
            ),
        ]
        indexes = [models.Index(fields=["circle", "state"], name="circle_membership_circle_st")]

    def __str__(self) -> str:
        return f"Circle membership {self.pk} ({self.state})"


class CircleSessionQuerySet(models.QuerySet["CircleSession"]):
    def visible_to(self, user: User | AnonymousUser) -> CircleSessionQuerySet:
        """Sessions of circles whose members the user may see: the mentor, active members
        and the program's admins (admins see when and how, never the shared notes)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(circle__in=Circle.objects.roster_visible_to(user))


class CircleSession(models.Model):
    """One group meeting of a circle: several attendees, shared notes for the members."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    mode = models.CharField(max_length=10, choices=MeetingMode.choices)
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    agenda = models.TextField(blank=True, max_length=4000)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    shared_notes = models.TextField(blank=True, max_length=10000)
    # Filled when the session is logged as held: who was there (they, and only they, rate).
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    logged_at = models.DateTimeField(null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CircleSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=480),
                name="circle_session_duration_5_480",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["scheduled", "held", "cancelled"]),
                name="circle_session_state",
            ),
            models.CheckConstraint(
                condition=Q(state="scheduled") | Q(logged_at__isnull=False),
                name="circle_session_logged_at",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "starts_at"], name="circle_session_state_start"),
        ]

    def __str__(self) -> str:
        return f"Circle session {self.pk} at {self.starts_at:%Y-%m-%d %H:%M}"


class CircleSessionRating(models.Model):
    """An attendee's rating of a held session. Only its author reads the comment; the mentor
    and program admins see the count and the average."""

    session = models.ForeignKey(CircleSession, on_delete=models.CASCADE, related_name="ratings")
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "attendee"], name="circle_session_rating_one_per_attendee"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="circle_session_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"Rating of circle session {self.session_id}"

"""Programs and memberships: who takes part in which mentoring program, in which roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorship.lookups import one_of
from mentorship.models.users import User

if TYPE_CHECKING:
    from mentorship.models.participation import MenteeParticipation, MentorParticipation

MIN_CAPACITY = 1
MAX_CAPACITY = 20


class ProgramQuerySet(models.QuerySet["Program"]):
    def visible_to(self, user: User | AnonymousUser) -> ProgramQuerySet:
        """Programs this user may open: their own, and any open for sign-up.

        Drafts and closed programs are seen by their members and program admins only;
        platform admins see everything.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(
            Q(status=Program.Status.OPEN)
            | Q(
                memberships__user_id=user.pk,
                memberships__status=Membership.Status.ACTIVE,
            )
            | Q(memberships__user_id=user.pk, memberships__is_admin=True)
        ).distinct()

    def member_of(self, user: User | AnonymousUser) -> ProgramQuerySet:
        """Programs where this user is an active member (any role, admins included)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(memberships__user_id=user.pk)
            & (Q(memberships__status=Membership.Status.ACTIVE) | Q(memberships__is_admin=True))
        ).distinct()

    def administered_by(self, user: User | AnonymousUser) -> ProgramQuerySet:
        """Programs this user runs as a program admin (platform admins run all)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(memberships__user_id=user.pk, memberships__is_admin=True).distinct()


class Program(models.Model):
    """A mentoring program: a cohort of mentees and mentors with its own rules."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for sign-up")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    class JoinMode(models.TextChoices):
        OPEN = "open", _("Open: anyone signed in may join while sign-up is open")
        INVITE_ONLY = "invite_only", _("Invite-only: others ask and a program admin approves")

    class MatchingMode(models.TextChoices):
        MENTEE_CHOICE = "mentee_choice", _("Mentees choose from suggestions")
        ADMIN_MATCH = "admin_match", _("Program admins match the cohort")
        BOTH = "both", _("Both")

    class Pairing(models.TextChoices):
        MENTOR_MENTEE = "mentor_mentee", _("Mentors and mentees (one-way)")
        PEER = "peer", _("Peer mentoring: everyone is both mentor and mentee")

    class SeniorityPreference(models.TextChoices):
        SENIOR = "senior", _("Favour mentors more experienced than the mentee")
        NONE = "none", _("No preference for experience")
        REVERSE = "reverse", _("Reverse mentoring: favour less experienced mentors")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    join_mode = models.CharField(max_length=12, choices=JoinMode.choices, default=JoinMode.OPEN)
    matching_mode = models.CharField(
        max_length=14, choices=MatchingMode.choices, default=MatchingMode.MENTEE_CHOICE
    )
    default_mentor_capacity = models.PositiveSmallIntegerField(default=3)
    max_open_requests_per_mentee = models.PositiveSmallIntegerField(default=3)
    mentor_response_days = models.PositiveSmallIntegerField(default=7)
    relationship_length_months = models.PositiveSmallIntegerField(default=6)
    first_check_in_days = models.PositiveSmallIntegerField(default=30)
    check_in_interval_days = models.PositiveSmallIntegerField(default=60)
    pairing = models.CharField(
        _("pairing"), max_length=14, choices=Pairing.choices, default=Pairing.MENTOR_MENTEE
    )
    seniority_preference = models.CharField(
        _("experience preference"),
        max_length=8,
        choices=SeniorityPreference.choices,
        default=SeniorityPreference.SENIOR,
    )
    # An optional, self-described group (for the fairness audit only, never a ranking
    # factor): asked only when the program turns it on, and anyone may leave it blank.
    collects_group = models.BooleanField(_("ask participants for an optional group"), default=False)
    group_question = models.CharField(
        _("group question"),
        max_length=200,
        blank=True,
        help_text=_("For example: 'How do you describe your background? (optional)'"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_mentor_capacity__gte=MIN_CAPACITY)
                & Q(default_mentor_capacity__lte=MAX_CAPACITY),
                name="program_default_capacity_1_20",
            ),
            models.CheckConstraint(
                condition=Q(max_open_requests_per_mentee__gte=1),
                name="program_max_open_requests_positive",
            ),
            models.CheckConstraint(
                condition=Q(mentor_response_days__gte=1), name="program_response_days_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="program_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The program cannot end before it starts.")})
        capacity = self.default_mentor_capacity
        if capacity is not None and not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
            raise ValidationError(
                {"default_mentor_capacity": _("Capacity must be between 1 and 20 mentees.")}
            )
        # Zero would mean "no requests", "answer at once" or "no relationship at all"; the
        # database refuses the first two, and saying which field is wrong beats its message.
        at_least_one = {
            "max_open_requests_per_mentee": _("A mentee needs at least one open request."),
            "mentor_response_days": _("Mentors need at least one day to answer."),
            "relationship_length_months": _("A relationship lasts at least one month."),
        }
        errors = {
            name: message
            for name, message in at_least_one.items()
            if getattr(self, name) is not None and getattr(self, name) < 1
        }
        if errors:
            raise ValidationError(errors)

    @property
    def is_open_for_sign_up(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_peer(self) -> bool:
        """Everyone is both mentor and mentee; pages say "peer" instead of mentor/mentee."""
        return self.pairing == self.Pairing.PEER


class Membership(models.Model):
    """One person's place in one program: the roles they hold there and its state.

    Roles are the participations that exist (`mentee_participation`, `mentor_participation`)
    plus `is_admin`. A join request on an invite-only program is a membership in the
    `requested` state whose `requested_roles` become participations on approval.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REQUESTED = "requested", _("Asked to join")
        INVITED = "invited", _("Invited")
        DECLINED = "declined", _("Join request declined")
        LEFT = "left", _("Left")

    class Role(models.TextChoices):
        MENTEE = "mentee", _("Mentee")
        MENTOR = "mentor", _("Mentor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    is_admin = models.BooleanField(_("program admin"), default=False)
    requested_roles = models.JSONField(default=list, blank=True)
    request_message = models.TextField(blank=True)
    # Answer to the program's optional group question; blank when not asked or not given.
    self_described_group = models.CharField(_("group (optional)"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    if TYPE_CHECKING:
        mentee_participation: MenteeParticipation
        mentor_participation: MentorParticipation

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "program"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["program", "status"], name="membership_program_status")]

    def __str__(self) -> str:
        return f"{self.user} in {self.program}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def has_role(self, role: str) -> bool:
        attribute = f"{role}_participation"
        return self.is_active and hasattr(self, attribute)


def in_programs_run_by(user_id: int, column: str = "program_id", *, one_row: bool = False) -> Q:
    """A filter for rows whose program (`column`) this user runs as a program admin.

    The programs are read first, in a query of their own, and go into the filter as values.
    ORed with "the user's own rows", a subquery in their place leaves PostgreSQL guessing how
    many rows that branch keeps: it guessed half the table and scanned it, 15 ms for a
    mentee's one relationship among 5,600 where index probes take under 1 ms. Most users run
    no program, and for them the branch is left out of the SQL altogether (an empty `__in`
    ORed with other conditions matches nothing and Django drops it).

    `one_row` is for fetching one row by its key, which is an index probe whatever the
    filter: there the programs stay a subquery (`one_of`) and cost no query of their own."""
    programs = Membership.objects.filter(user_id=user_id, is_admin=True)
    if one_row:
        return one_of(column, programs.values("program_id"))
    return Q(**{f"{column}__in": list(programs.values_list("program_id", flat=True))})

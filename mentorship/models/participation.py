"""What a member does in a program: as a mentee (goals, wishes) and as a mentor (expertise)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.models.programs import MAX_CAPACITY, MIN_CAPACITY, Membership
from mentorship.models.users import User
from mentorship.models.vocabulary import GoalArea, Language, Skill


class MenteeParticipation(models.Model):
    """A membership's mentee role: what they want to grow in and who they would like."""

    class IndustryPreference(models.TextChoices):
        ANY = "any", _("No preference")
        SAME = "same", _("Same industry as mine")
        DIFFERENT = "different", _("A different industry")

    class SeniorityPreference(models.TextChoices):
        ANY = "any", _("No preference")
        PEER = "peer", _("A peer (similar experience)")
        SENIOR = "senior", _("More experienced (5+ years more)")
        EXECUTIVE = "executive", _("Very experienced (15+ years)")

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="mentee_participation"
    )
    skills_wanted = models.ManyToManyField(Skill, blank=True, related_name="wanted_by")
    industry_preference = models.CharField(
        max_length=10, choices=IndustryPreference.choices, default=IndustryPreference.ANY
    )
    seniority_preference = models.CharField(
        max_length=10, choices=SeniorityPreference.choices, default=SeniorityPreference.ANY
    )
    preferred_languages = models.ManyToManyField(Language, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Mentee {self.membership}"


class MenteeGoal(models.Model):
    """One goal of a mentee, in a goal area and in their own words."""

    participation = models.ForeignKey(
        MenteeParticipation, on_delete=models.CASCADE, related_name="goals"
    )
    goal_area = models.ForeignKey(GoalArea, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("what I want to achieve"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.goal_area}: {self.description[:40]}"


class MentorParticipationQuerySet(models.QuerySet["MentorParticipation"]):
    def visible_to(self, user: User | AnonymousUser) -> MentorParticipationQuerySet:
        """Mentors of programs this user is an active member or admin of (active mentors only)."""
        if not user.is_authenticated:
            return self.none()
        own_programs = Membership.objects.filter(user_id=user.pk).filter(
            Q(status=Membership.Status.ACTIVE) | Q(is_admin=True)
        )
        if user.is_staff:
            return self.filter(membership__status=Membership.Status.ACTIVE)
        return self.filter(
            membership__status=Membership.Status.ACTIVE,
            membership__program_id__in=own_programs.values("program_id"),
        )

    def accepting_mentees(self) -> MentorParticipationQuerySet:
        return self.filter(accepting_mentees=True)


class MentorParticipation(models.Model):
    """A membership's mentor role: expertise, what they can teach, and how many mentees."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="mentor_participation"
    )
    expertise_areas = models.ManyToManyField(GoalArea, blank=True, related_name="mentors")
    skills_taught = models.ManyToManyField(Skill, blank=True, related_name="taught_by")
    how_i_can_help = models.TextField(_("how I can help"), max_length=2000, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=3, help_text=_("How many mentees at once (1–20).")
    )
    accepting_mentees = models.BooleanField(_("accepting new mentees"), default=True)
    # Name, headline, bio, expertise, skills and "how I can help" in one lower-case text,
    # rebuilt by the services that change any of them; the directory searches it.
    search_text = models.TextField(blank=True, default="", editable=False)
    # Bumped by every change that can move this mentor in someone's ranking (profile,
    # expertise, capacity in use, responsiveness); the ranker's index catches up on rows
    # changed since it last looked, and suggestions older than it are stale.
    changed_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MentorParticipationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=MIN_CAPACITY) & Q(capacity__lte=MAX_CAPACITY),
                name="mentor_capacity_1_20",
            ),
        ]

    def __str__(self) -> str:
        return f"Mentor {self.membership}"

    def clean(self) -> None:
        super().clean()
        if not MIN_CAPACITY <= self.capacity <= MAX_CAPACITY:
            raise ValidationError({"capacity": _("Capacity must be between 1 and 20 mentees.")})

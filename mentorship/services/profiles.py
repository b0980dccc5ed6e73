"""Profiles and participations: what people tell us about themselves, kept consistent.

Every edit also refreshes the mentor search text of that person's mentor participations,
so the directory never searches stale words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentorship.models import (
    GoalArea,
    Industry,
    Language,
    MenteeGoal,
    MenteeParticipation,
    MentorParticipation,
    Profile,
    Skill,
    User,
)
from mentorship.models.profiles import format_meeting_modes
from mentorship.models.programs import MAX_CAPACITY, MIN_CAPACITY
from mentorship.services.mentor_changes import mark_mentors_changed

PROFILE_FIELDS = (
    "headline",
    "bio",
    "job_title",
    "organisation",
    "years_experience",
    "availability_hours_per_month",
)


@dataclass(frozen=True)
class GoalInput:
    """One mentee goal as submitted: an existing goal's id to keep/edit it, or None to add."""

    goal_area: GoalArea
    description: str
    id: int | None = None


def get_profile(user: User) -> Profile:
    """The user's profile, created empty on first use."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def update_profile(
    *,
    user: User,
    display_name: str | None = None,
    time_zone: str | None = None,
    industry: Industry | object | None = ...,
    languages: Iterable[Language] | None = None,
    skills: Iterable[Skill] | None = None,
    meeting_modes: Iterable[str] | None = None,
    **fields: Any,
) -> Profile:
    """Change any part of a profile; arguments left out stay as they are."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    profile = get_profile(user)
    user_fields = []
    if display_name is not None:
        user.display_name = display_name
        user_fields.append("display_name")
    if time_zone is not None:
        user.time_zone = time_zone
        user_fields.append("time_zone")
    if user_fields:
        user.full_clean(exclude=["password"])
        user.save(update_fields=user_fields)
    for name, value in fields.items():
        setattr(profile, name, value)
    if industry is not ...:
        profile.industry = industry  # type: ignore[assignment]
    if meeting_modes is not None:
        profile.meeting_modes = format_meeting_modes(list(meeting_modes))
    profile.full_clean(exclude=["user"])
    profile.save()
    if languages is not None:
        profile.languages.set(languages)
    if skills is not None:
        profile.skills.set(skills)
    refresh_search_text(user=user)
    return profile


@transaction.atomic
def save_mentee_participation(
    *,
    participation: MenteeParticipation,
    goals: Sequence[GoalInput] | None = None,
    skills_wanted: Iterable[Skill] | None = None,
    preferred_languages: Iterable[Language] | None = None,
    industry_preference: str | None = None,
    seniority_preference: str | None = None,
) -> MenteeParticipation:
    """Save a mentee's wishes; `goals` replaces the whole goal list (kept ids are edited)."""
    if industry_preference is not None:
        participation.industry_preference = industry_preference
    if seniority_preference is not None:
        participation.seniority_preference = seniority_preference
    participation.full_clean(exclude=["membership"])
    participation.save()
    if skills_wanted is not None:
        participation.skills_wanted.set(skills_wanted)
    if preferred_languages is not None:
        participation.preferred_languages.set(preferred_languages)
    if goals is not None:
        _replace_goals(participation=participation, goals=goals)
    return participation


def _replace_goals(*, participation: MenteeParticipation, goals: Sequence[GoalInput]) -> None:
    existing = {goal.pk: goal for goal in participation.goals.all()}
    kept: set[int] = set()
    for index, goal in enumerate(goals):
        description = goal.description.strip()
        if not description:
            raise ValidationError(
                {
                    "goals": [
                        _("Goal %(number)d: say what you want to achieve.") % {"number": index + 1}
                    ]
                }
            )
        if goal.id is not None:
            if goal.id not in existing:
                raise ValidationError(
                    {"goals": [_("Goal %(number)d is not one of yours.") % {"number": index + 1}]}
                )
            row = existing[goal.id]
            row.goal_area = goal.goal_area
            row.description = description
            row.save(update_fields=["goal_area", "description", "updated_at"])
            kept.add(goal.id)
        else:
            MenteeGoal.objects.create(
                participation=participation, goal_area=goal.goal_area, description=description
            )
    participation.goals.filter(pk__in=set(existing) - kept).delete()
    # Matching compares timestamps: touching the participation marks suggestions stale.
    participation.save(update_fields=["updated_at"])


@transaction.atomic
def save_mentor_participation(
    *,
    participation: MentorParticipation,
    expertise_areas: Iterable[GoalArea] | None = None,
    skills_taught: Iterable[Skill] | None = None,
    how_i_can_help: str | None = None,
    capacity: int | None = None,
    accepting_mentees: bool | None = None,
) -> MentorParticipation:
    """Save what a mentor offers and how many mentees they take."""
    if capacity is not None:
        if not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
            raise ValidationError({"capacity": [_("Capacity must be between 1 and 20 mentees.")]})
        participation.capacity = capacity
    if how_i_can_help is not None:
        participation.how_i_can_help = how_i_can_help
    if accepting_mentees is not None:
        participation.accepting_mentees = accepting_mentees
    participation.full_clean(exclude=["membership"])
    participation.save()
    if expertise_areas is not None:
        participation.expertise_areas.set(expertise_areas)
    if skills_taught is not None:
        participation.skills_taught.set(skills_taught)
    refresh_search_text(user=participation.membership.user)
    return participation


def build_search_text(*, user: User, profile: Profile | None, mentor: MentorParticipation) -> str:
    """The words the directory matches a mentor on, lower-cased, one line per source."""
    parts = [user.name]
    if profile is not None:
        parts += [profile.headline, profile.job_title, profile.organisation, profile.bio]
        parts += [skill.name for skill in profile.skills.all()]
    parts += [area.name for area in mentor.expertise_areas.all()]
    parts += [skill.name for skill in mentor.skills_taught.all()]
    parts.append(mentor.how_i_can_help)
    return "\n".join(part for part in parts if part).lower()


def refresh_search_text(*, user: User) -> None:
    """Rebuild the directory search text of every mentor participation of `user`, and mark
    them changed so the ranker's indexes and stale suggestions catch up."""
    mark_mentors_changed(user=user)
    profile = Profile.objects.filter(user=user).prefetch_related("skills").first()
    mentors = MentorParticipation.objects.filter(membership__user=user).prefetch_related(
        "expertise_areas", "skills_taught"
    )
    for mentor in mentors:
        text = build_search_text(user=user, profile=profile, mentor=mentor)
        if text != mentor.search_text:
            MentorParticipation.objects.filter(pk=mentor.pk).update(search_text=text)

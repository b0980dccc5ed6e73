"""Exporting a program's participants in the import format, so the file imports again.

Terms are written by slug (stable when an admin renames a term); the import accepts slugs
and names alike. A goal's text loses any "|" (it separates goals), which becomes "/".
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, Q, QuerySet

from mentorship.models import Membership, MenteeGoal, Profile, Program, User
from mentorship.services.participant_cells import GOAL_SEPARATOR, LIST_SEPARATOR
from mentorship.services.participant_csv import COLUMN_NAMES, write_csv

EXPORT_CHUNK = 2000


def exported_memberships(program: Program) -> QuerySet[Membership]:
    """Active members of `program` holding a role, with everything a row needs prefetched.

    Admins without a mentee or mentor role are left out: a row needs a role to import.
    """
    return (
        Membership.objects.filter(program=program, status=Membership.Status.ACTIVE)
        .filter(Q(mentee_participation__isnull=False) | Q(mentor_participation__isnull=False))
        .select_related("user__profile__industry", "mentee_participation", "mentor_participation")
        .prefetch_related(
            "user__profile__languages",
            "user__profile__skills",
            Prefetch(
                "mentee_participation__goals",
                queryset=MenteeGoal.objects.select_related("goal_area"),
            ),
            "mentor_participation__expertise_areas",
        )
        .order_by("user__email")
    )


def export_rows(program: Program) -> Iterator[list[str]]:
    """One CSV row per exported member, in `COLUMN_NAMES` order, read in chunks."""
    for membership in exported_memberships(program).iterator(chunk_size=EXPORT_CHUNK):
        values = membership_values(membership)
        yield [values.get(name, "") for name in COLUMN_NAMES]


def membership_values(membership: Membership) -> dict[str, str]:
    """A member as the import format's cells, keyed by column name."""
    user: User = membership.user
    mentee = getattr(membership, "mentee_participation", None)
    mentor = getattr(membership, "mentor_participation", None)
    role = "both" if mentee and mentor else ("mentee" if mentee else "mentor")
    values = {"email": user.email, "name": user.name, "role": role, "time_zone": user.time_zone}
    profile = profile_of(user)
    if profile is not None:
        values.update(
            headline=profile.headline,
            job_title=profile.job_title,
            organisation=profile.organisation,
            bio=profile.bio,
            industry=profile.industry.slug if profile.industry else "",
            years_experience=_number(profile.years_experience),
            availability_hours_per_month=_number(profile.availability_hours_per_month),
            languages=LIST_SEPARATOR.join(lang.code for lang in profile.languages.all()),
            skills=LIST_SEPARATOR.join(skill.slug for skill in profile.skills.all()),
            meeting_modes=LIST_SEPARATOR.join(profile.meeting_mode_list),
        )
    if mentee is not None:
        values["goals"] = GOAL_SEPARATOR.join(
            f"{goal.goal_area.slug}: {goal.description.replace('|', '/')}"
            for goal in mentee.goals.all()
        )
    if mentor is not None:
        values.update(
            capacity=str(mentor.capacity),
            expertise=LIST_SEPARATOR.join(area.slug for area in mentor.expertise_areas.all()),
            how_i_can_help=mentor.how_i_can_help,
        )
    return values


def profile_of(user: User) -> Profile | None:
    """The user's profile if they have one (it is created on first edit)."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def export_csv(program: Program) -> str:
    """The program's participants as CSV text (header first), ready to import again."""
    return write_csv(list(export_rows(program)))

"""Every mentee's ranker query for a freshly seeded program, in a handful of queries.

`matching.records.mentee_query` reads one mentee in about a dozen queries; for the demo's
500 mentees that alone took most of the seeding time on SQLite. This builds the same
`MenteeQuery` for all of them from bulk reads (a test compares the two on every mentee).
A freshly seeded program has no requests, relationships, blocks or dismissals yet, so no
mentor is excluded.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from matching.ranking.records import MenteeQuery
from matching.records import utc_offset_hours
from mentorship.models import MenteeGoal, MenteeParticipation, Profile
from mentorship.models.profiles import parse_meeting_modes


def fresh_mentee_queries(participations: list[MenteeParticipation]) -> dict[int, MenteeQuery]:
    """`mentee_query(p)` for each participation (with `membership__user` loaded), by id."""
    ids = [p.pk for p in participations]
    user_ids = [p.membership.user_id for p in participations]
    goals: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for participation_id, description, area_id, area_name in (
        MenteeGoal.objects.filter(participation_id__in=ids)
        .order_by("created_at", "id")
        .values_list("participation_id", "description", "goal_area_id", "goal_area__name")
    ):
        goals[participation_id].append((description, area_id, area_name))
    wanted: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for participation_id, skill_id, name in (
        MenteeParticipation.skills_wanted.through.objects.filter(menteeparticipation_id__in=ids)
        .order_by("skill__name", "skill_id")
        .values_list("menteeparticipation_id", "skill_id", "skill__name")
    ):
        wanted[participation_id].append((skill_id, name))
    preferred: dict[int, set[str]] = defaultdict(set)
    for participation_id, code in MenteeParticipation.preferred_languages.through.objects.filter(
        menteeparticipation_id__in=ids
    ).values_list("menteeparticipation_id", "language_id"):
        preferred[participation_id].add(code)
    profiles = {
        row["user_id"]: row
        for row in Profile.objects.filter(user_id__in=user_ids).values(
            "id", "user_id", "industry_id", "years_experience", "meeting_modes"
        )
    }
    spoken: dict[int, set[str]] = defaultdict(set)
    for profile_id, code in Profile.languages.through.objects.filter(
        profile__user_id__in=user_ids
    ).values_list("profile_id", "language_id"):
        spoken[profile_id].add(code)

    now = timezone.now()
    offsets: dict[str, float] = {}
    queries = {}
    for participation in participations:
        user = participation.membership.user
        profile = profiles.get(user.pk)
        mine = goals[participation.pk]
        skills = wanted[participation.pk]
        languages = preferred[participation.pk] or (spoken[profile["id"]] if profile else set())
        queries[participation.pk] = MenteeQuery(
            user_id=user.pk,
            text="\n".join(
                [description for description, _, _ in mine]
                + [area_name for _, _, area_name in mine]
                + [name for _, name in skills]
            ),
            skills_wanted=frozenset(skill_id for skill_id, _ in skills),
            goal_areas=frozenset(area_id for _, area_id, _ in mine),
            industry=profile["industry_id"] if profile else None,
            industry_preference=participation.industry_preference,
            languages=frozenset(languages),
            utc_offset_hours=utc_offset_hours(user.time_zone, at=now, cache=offsets),
            years_experience=profile["years_experience"] if profile else None,
            seniority_preference=participation.seniority_preference,
            meeting_modes=frozenset(
                parse_meeting_modes(profile["meeting_modes"]) if profile else []
            ),
            excluded_mentor_ids=frozenset(),
        )
    return queries

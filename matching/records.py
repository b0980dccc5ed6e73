"""Reading the ranker's plain records out of the database, in a few bulk queries.

The ranker (`matching.ranking`) knows nothing of Django; this module is the bridge. Mentor
records are read with `values()` queries and through-table scans rather than model
instances and prefetches, so a program of 100,000 mentors loads in seconds.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from matching.models import Dismissal
from matching.ranking.explanation import Names
from matching.ranking.records import MenteeQuery, MentorRecord
from mentorship.models import (
    GoalArea,
    Industry,
    Membership,
    MenteeGoal,
    MenteeParticipation,
    MentorParticipation,
    Profile,
    Program,
    Skill,
)
from mentorship.models.profiles import parse_meeting_modes
from relationships.models import Block, MentorRequest, Relationship
from relationships.stats import MentorStats, mentor_stats


def utc_offset_hours(zone: str, *, at: datetime.datetime, cache: dict[str, float]) -> float:
    """The zone's offset from UTC right now, in hours (unknown zones count as UTC)."""
    if zone not in cache:
        try:
            offset = zoneinfo.ZoneInfo(zone).utcoffset(at)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            offset = None
        cache[zone] = offset.total_seconds() / 3600 if offset is not None else 0.0
    return cache[zone]


def vocabulary_names() -> Names:
    return Names(
        skills=dict(Skill.objects.values_list("id", "name")),
        areas=dict(GoalArea.objects.values_list("id", "name")),
        industries=dict(Industry.objects.values_list("id", "name")),
    )


@dataclass(frozen=True)
class MentorLoad:
    """Mentors read for an index: records of active mentors, and ids of those who left."""

    records: list[MentorRecord]
    removed_ids: list[int]
    # Each mentor's `changed_at` as read: the index cache skips rows it already applied.
    changed_at: dict[int, datetime.datetime]


def load_mentors(program: Program, *, mentor_ids: list[int] | None = None) -> MentorLoad:
    """All mentors of the program (or only the given ones), as records."""
    mentors = MentorParticipation.objects.filter(membership__program=program)
    if mentor_ids is not None:
        mentors = mentors.filter(pk__in=mentor_ids)
    rows = list(
        mentors.values(
            "id",
            "changed_at",
            "capacity",
            "accepting_mentees",
            "how_i_can_help",
            "membership__status",
            "membership__user_id",
            "membership__user__time_zone",
        )
    )
    if not rows:
        return MentorLoad(records=[], removed_ids=[], changed_at={})
    ids = [row["id"] for row in rows]
    user_ids = [row["membership__user_id"] for row in rows]
    scope = {"pk__in": ids} if mentor_ids is not None else {"membership__program": program}
    names = vocabulary_names()

    areas = _pairs(
        MentorParticipation.expertise_areas.through.objects.filter(
            **{f"mentorparticipation__{key}": value for key, value in scope.items()}
        ).values_list("mentorparticipation_id", "goalarea_id")
    )
    taught = _pairs(
        MentorParticipation.skills_taught.through.objects.filter(
            **{f"mentorparticipation__{key}": value for key, value in scope.items()}
        ).values_list("mentorparticipation_id", "skill_id")
    )
    profiles: dict[int, dict[str, Any]] = {
        row["user_id"]: dict(row)
        for row in Profile.objects.filter(user_id__in=user_ids).values(
            "id",
            "user_id",
            "headline",
            "job_title",
            "bio",
            "industry_id",
            "years_experience",
            "meeting_modes",
        )
    }
    profile_ids = [profile["id"] for profile in profiles.values()]
    profile_skills = _pairs(
        Profile.skills.through.objects.filter(profile_id__in=profile_ids).values_list(
            "profile_id", "skill_id"
        )
    )
    profile_languages = _pairs(
        Profile.languages.through.objects.filter(profile_id__in=profile_ids).values_list(
            "profile_id", "language_id"
        )
    )
    # One definition of capacity in use and responsiveness for cards and ranking alike.
    stats = mentor_stats(ids) if mentor_ids is not None else mentor_stats(program=program)

    now = timezone.now()
    offsets: dict[str, float] = {}
    records, removed = [], []
    for row in rows:
        if row["membership__status"] != Membership.Status.ACTIVE:
            removed.append(row["id"])
            continue
        profile: dict[str, Any] = profiles.get(row["membership__user_id"], {})
        profile_id = profile.get("id")
        skill_ids = taught.get(row["id"], set()) | profile_skills.get(profile_id, set())
        area_ids = areas.get(row["id"], set())
        text = "\n".join(
            part
            for part in (
                profile.get("headline", ""),
                profile.get("job_title", ""),
                " ".join(names.areas.get(area, "") for area in sorted(area_ids)),
                " ".join(names.skills.get(skill, "") for skill in sorted(skill_ids)),
                row["how_i_can_help"],
                profile.get("bio", ""),
            )
            if part
        )
        mentor = stats.get(row["id"])
        rate, hours = answer_rate_and_speed(mentor)
        records.append(
            MentorRecord(
                id=row["id"],
                user_id=row["membership__user_id"],
                text=text,
                skills=frozenset(skill_ids),
                expertise_areas=frozenset(area_ids),
                industry=profile.get("industry_id"),
                languages=frozenset(profile_languages.get(profile_id, set())),
                utc_offset_hours=utc_offset_hours(
                    row["membership__user__time_zone"], at=now, cache=offsets
                ),
                years_experience=profile.get("years_experience"),
                meeting_modes=frozenset(parse_meeting_modes(profile.get("meeting_modes", ""))),
                capacity_total=row["capacity"],
                capacity_remaining=mentor.capacity_remaining if mentor else row["capacity"],
                accepting=row["accepting_mentees"],
                answer_rate=rate,
                median_answer_hours=hours,
            )
        )
    return MentorLoad(
        records=records,
        removed_ids=removed,
        changed_at={row["id"]: row["changed_at"] for row in rows},
    )


def answer_rate_and_speed(stats: MentorStats | None) -> tuple[float | None, float | None]:
    """The ranker's responsiveness inputs: share of decided requests that were answered
    (expired ones were not) and the median hours to answer; None for a new mentor."""
    if stats is None or stats.is_new_mentor:
        return None, None
    return stats.answered / (stats.answered + stats.expired), stats.median_hours_to_answer


def _pairs(rows: Iterable[tuple[Any, Any]]) -> dict[Any, set[Any]]:
    grouped: dict[Any, set[Any]] = defaultdict(set)
    for key, value in rows:
        grouped[key].add(value)
    return grouped


def seniority_wish(mentee: MenteeParticipation, program: Program) -> str:
    """The experience preference the ranker applies: the program's when it sets one.

    A peer program pairs people at a similar stage; a program without an experience
    preference ("none") or with reverse mentoring overrides the mentee's own wish, which
    applies only under the default ("senior": experience counts the usual way).
    """
    if program.seniority_preference == Program.SeniorityPreference.NONE:
        return "none"
    if program.pairing == Program.Pairing.PEER:
        return "peer"
    if program.seniority_preference == Program.SeniorityPreference.REVERSE:
        return "reverse"
    return mentee.seniority_preference


def mentee_query(mentee: MenteeParticipation, *, extra_text: str = "") -> MenteeQuery:
    """The mentee's goals, wishes and exclusions as the ranker's query."""
    membership = mentee.membership
    user = membership.user
    profile = Profile.objects.filter(user=user).first()
    goals = list(mentee.goals.select_related("goal_area"))
    wanted = list(mentee.skills_wanted.all())
    preferred = [language.code for language in mentee.preferred_languages.all()]
    spoken = [language.code for language in profile.languages.all()] if profile else []
    return _query(
        mentee,
        profile=profile,
        goals=goals,
        wanted=wanted,
        languages=preferred or spoken,
        extra_text=extra_text,
        excluded=excluded_mentors(mentee),
    )


def peer_queries(program: Program) -> dict[int, MenteeQuery]:
    """Every active mentee of a peer program as a query, by user id, in a fixed few queries.

    These are the other side of peer scoring (what each member wants to learn), so their
    exclusions are not needed and not read.
    """
    mentees = (
        MenteeParticipation.objects.filter(
            membership__program=program, membership__status=Membership.Status.ACTIVE
        )
        .select_related("membership__program", "membership__user__profile")
        .prefetch_related(
            "goals__goal_area",
            "skills_wanted",
            "preferred_languages",
            "membership__user__profile__languages",
        )
    )
    queries = {}
    for mentee in mentees:
        user = mentee.membership.user
        profile = getattr(user, "profile", None)
        preferred = [language.code for language in mentee.preferred_languages.all()]
        spoken = [language.code for language in profile.languages.all()] if profile else []
        queries[user.pk] = _query(
            mentee,
            profile=profile,
            goals=list(mentee.goals.all()),
            wanted=list(mentee.skills_wanted.all()),
            languages=preferred or spoken,
            excluded=set(),
        )
    return queries


def _query(
    mentee: MenteeParticipation,
    *,
    profile: Profile | None,
    goals: list[MenteeGoal],
    wanted: list[Skill],
    languages: list[str],
    excluded: set[int],
    extra_text: str = "",
) -> MenteeQuery:
    user = mentee.membership.user
    text = "\n".join(
        [goal.description for goal in goals]
        + [goal.goal_area.name for goal in goals]
        + [skill.name for skill in wanted]
        + ([extra_text] if extra_text else [])
    )
    return MenteeQuery(
        user_id=user.pk,
        text=text,
        skills_wanted=frozenset(skill.pk for skill in wanted),
        goal_areas=frozenset(goal.goal_area_id for goal in goals),
        industry=profile.industry_id if profile else None,
        industry_preference=mentee.industry_preference,
        languages=frozenset(languages),
        utc_offset_hours=utc_offset_hours(user.time_zone, at=timezone.now(), cache={}),
        years_experience=profile.years_experience if profile else None,
        seniority_preference=seniority_wish(mentee, mentee.membership.program),
        meeting_modes=frozenset(profile.meeting_mode_list if profile else []),
        excluded_mentor_ids=frozenset(excluded),
    )


def excluded_mentors(mentee: MenteeParticipation) -> set[int]:
    """Mentors never to suggest to this mentee (see `MenteeQuery.excluded_mentor_ids`)."""
    program_id = mentee.membership.program_id
    user_id = mentee.membership.user_id
    excluded = set(
        MentorRequest.objects.filter(
            mentee=mentee, state__in=MentorRequest.OPEN_STATES
        ).values_list("mentor_id", flat=True)
    )
    excluded |= set(
        Relationship.objects.filter(mentee=mentee)
        .filter(
            Q(state__in=Relationship.CURRENT_STATES)
            | Q(close_reason=Relationship.CloseReason.NOT_A_GOOD_FIT)
        )
        .values_list("mentor_id", flat=True)
    )
    excluded |= set(Dismissal.objects.filter(mentee=mentee).values_list("mentor_id", flat=True))
    blocked_users = set(
        Block.objects.filter(blocker_id=user_id).values_list("blocked_id", flat=True)
    ) | set(Block.objects.filter(blocked_id=user_id).values_list("blocker_id", flat=True))
    # The same pair the other way round (peer programs, where everyone holds both roles):
    # one current relationship per pair of people, and a pending request to answer first.
    other_way = set(
        Relationship.objects.filter(program_id=program_id, mentor__membership__user_id=user_id)
        .current()
        .values_list("mentee__membership__user_id", flat=True)
    ) | set(
        MentorRequest.objects.filter(
            program_id=program_id,
            mentor__membership__user_id=user_id,
            state=MentorRequest.State.PENDING,
        ).values_list("mentee__membership__user_id", flat=True)
    )
    if blocked_users | other_way:
        excluded |= set(
            MentorParticipation.objects.filter(
                membership__program_id=program_id,
                membership__user_id__in=blocked_users | other_way,
            ).values_list("id", flat=True)
        )
    return excluded

"""The ranker's inputs: plain records, free of Django, built by `matching` from the database.

Ids are the database ids of mentor participations; `user_id` lets the ranker drop "yourself"
without knowing anything about users.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MentorRecord:
    """What the ranker knows about one mentor in one program."""

    id: int
    user_id: int
    text: str
    skills: frozenset[int] = frozenset()
    expertise_areas: frozenset[int] = frozenset()
    industry: int | None = None
    languages: frozenset[str] = frozenset()
    utc_offset_hours: float = 0.0
    years_experience: float | None = None
    meeting_modes: frozenset[str] = frozenset()
    capacity_total: int = 1
    capacity_remaining: int = 1
    accepting: bool = True
    # Share of requests answered in the last 90 days and the median hours to answer;
    # None for a new mentor (fewer than three answered requests).
    answer_rate: float | None = None
    median_answer_hours: float | None = None


@dataclass(frozen=True)
class MenteeQuery:
    """One mentee's side of the ranking: their goals as text and their structured wishes."""

    user_id: int
    text: str
    skills_wanted: frozenset[int] = frozenset()
    goal_areas: frozenset[int] = frozenset()
    industry: int | None = None
    industry_preference: str = "any"  # any | same | different
    languages: frozenset[str] = frozenset()
    utc_offset_hours: float = 0.0
    years_experience: float | None = None
    # The mentee's wish (any | peer | senior | executive), or the program's setting when it
    # overrides it: "reverse" (reverse mentoring: favour less experienced mentors), "none"
    # (experience plays no part), "peer" (a peer program: a similar stage).
    seniority_preference: str = "any"
    meeting_modes: frozenset[str] = frozenset()
    # Mentors never to suggest: open requests, current relationships, a past relationship
    # that ended as "not a good fit", blocks either way, dismissed suggestions.
    excluded_mentor_ids: frozenset[int] = field(default_factory=frozenset)

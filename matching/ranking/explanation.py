"""Explanations: each suggestion's score, factor by factor, and the reasons in plain words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matching.ranking.index import MentorIndex, QueryVector
from matching.ranking.records import MenteeQuery
from matching.ranking.scoring import ScoredMentor

FACTOR_LABELS = {
    "text": "Goals and profile",
    "skills": "Skills",
    "goal_areas": "Expertise",
    "industry": "Industry",
    "timezone": "Time zone",
    "seniority": "Experience",
    "meeting_modes": "Meeting modes",
    "responsiveness": "Responsiveness",
    "capacity": "Room for mentees",
}


@dataclass(frozen=True)
class Names:
    """Display names for vocabulary ids, so sentences say "Python", not "skill 12"."""

    skills: Mapping[int, str] = field(default_factory=dict)
    areas: Mapping[int, str] = field(default_factory=dict)
    industries: Mapping[int, str] = field(default_factory=dict)


def shared_words(index: MentorIndex, query: QueryVector, row: int, limit: int = 3) -> list[str]:
    """The words that contribute most to the text match, best first."""
    mentor = index.row_terms(row)
    if query.is_empty or mentor.is_empty:
        return []
    common, query_pos, mentor_pos = np.intersect1d(
        query.terms, mentor.terms, assume_unique=True, return_indices=True
    )
    if common.size == 0:
        return []
    strength = query.weights[query_pos] * mentor.weights[mentor_pos]
    best = common[np.argsort(-strength, kind="stable")[:limit]]
    return [str(index.feature_names[term]) for term in best]


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _days(hours: float) -> str:
    if hours < 24:
        return "a day"
    days = round(hours / 24)
    return "1 day" if days == 1 else f"{days} days"


def labels_of(names: Mapping[int, str], ids: list[int], kind: str) -> str:
    """Up to three vocabulary names, joined as a person would write them ("" for none)."""
    return _join([names.get(term, f"{kind} {term}") for term in ids[:3]])


def experience_reason(index: MentorIndex, query: MenteeQuery, row: int, *, knows: str = "") -> str:
    """The experience sentence the program's preference allows, or "" (none applies).

    Reverse mentoring says the mentor is newer to the field *and* what they know that the
    mentee wants to learn; a peer program says the two are at a similar stage; a program
    without an experience preference says nothing about it.
    """
    years = index.years[row]
    if np.isnan(years) or query.years_experience is None:
        return ""
    more = round(float(years) - query.years_experience)
    preference = query.seniority_preference
    if preference == "none":
        return ""
    if preference == "reverse":
        if more > -3:
            return ""
        newer = f"{-more} years newer to the field than you"
        return f"Reverse mentoring: {newer}, and knows {knows}" if knows else newer.capitalize()
    if preference == "peer":
        return "A similar stage in their career" if abs(more) <= 2 else ""
    return f"{more} more years of experience" if more >= 3 else ""


def explain(
    index: MentorIndex,
    query: MenteeQuery,
    scored: ScoredMentor,
    *,
    query_vector: QueryVector,
    names: Names = Names(),
) -> dict[str, Any]:
    """The stored breakdown: factors with value, weight and points, plus reason sentences."""
    contributions = scored.contributions()
    factors = [
        {
            "factor": name,
            "label": FACTOR_LABELS[name],
            "value": scored.values[name],
            "weight": scored.weights[name],
            "points": round(contributions[name], 2),
        }
        for name in scored.values
    ]
    factors.sort(key=lambda factor: -contributions[str(factor["factor"])])
    return {"factors": factors, "reasons": reasons(index, query, scored, query_vector, names)}


def reasons(
    index: MentorIndex,
    query: MenteeQuery,
    scored: ScoredMentor,
    query_vector: QueryVector,
    names: Names,
) -> list[str]:
    """Sentences a person understands, strongest factor first; weak factors say nothing."""
    row = scored.row
    said: list[tuple[float, str]] = []
    points = scored.contributions()

    words = shared_words(index, query_vector, row)
    if words and scored.values.get("text", 0) > 0.05:
        said.append((points["text"], f"You both mention {_join(words)}"))
    skills = sorted(query.skills_wanted & index.skill_sets[row])
    if skills:
        labels = [names.skills.get(skill, f"skill {skill}") for skill in skills[:3]]
        said.append((points.get("skills", 0), f"Can help with {_join(labels)}"))
    areas = sorted(query.goal_areas & index.area_sets[row])
    if areas:
        labels = [names.areas.get(area, f"area {area}") for area in areas[:3]]
        said.append((points.get("goal_areas", 0), f"Experienced in {_join(labels)}"))
    industry = int(index.industry[row])
    if "industry" in scored.values and scored.values["industry"] >= 1.0 and industry >= 0:
        label = names.industries.get(industry, "the same industry")
        if query.industry_preference == "different":
            said.append((points["industry"], f"Brings a view from {label}"))
        else:
            said.append((points["industry"], f"Both in {label}"))
    hours = abs(float(index.utc_offset[row]) - query.utc_offset_hours)
    if hours < 0.5:
        said.append((points.get("timezone", 0), "Same time zone"))
    elif hours <= 4:
        apart = round(hours)
        said.append((points.get("timezone", 0), f"{apart} hour{'s' if apart != 1 else ''} apart"))
    knows = labels_of(names.skills, skills, "skill") or labels_of(names.areas, areas, "area")
    experience = experience_reason(index, query, row, knows=knows)
    if experience and "seniority" in scored.values:
        said.append((points.get("seniority", 0), experience))
    rate = index.answer_rate[row]
    if np.isnan(rate):
        said.append((0.0, "New mentor"))
    elif rate >= 0.5:
        hours_to_answer = float(index.median_answer_hours[row])
        said.append(
            (points.get("responsiveness", 0), f"Usually answers within {_days(hours_to_answer)}")
        )
    remaining = int(index.capacity_remaining[row])
    said.append(
        (
            points.get("capacity", 0) * 0.5,
            f"{remaining} place{'s' if remaining != 1 else ''} free",
        )
    )
    said.sort(key=lambda item: -item[0])
    return [sentence for _, sentence in said]

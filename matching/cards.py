"""What the directory shows of a mentor: a card in the list, more on the mentor's page.

Built from a participation loaded by `directory.with_card_data` (its `*_list` prefetches),
so turning a page of mentors into cards costs no queries. The page templates and the API
serializers both read these, so the two always show the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from matching.directory import Term
from mentorship.models import MentorParticipation, Profile
from mentorship.models.profiles import MeetingMode
from relationships.stats import MentorStats, stats_of_loaded


@dataclass(frozen=True)
class MentorCard:
    id: int
    name: str
    headline: str
    job_title: str
    organisation: str
    industry: Term | None
    expertise: list[Term]
    skills: list[Term]
    languages: list[Term]
    meeting_modes: list[Term]
    accepting_mentees: bool
    time_zone: str
    # Remaining capacity and responsiveness (`relationships.stats`), when the caller has them.
    stats: MentorStats | None = field(default=None, kw_only=True)

    # Joined once here, not term by term in the template: a page draws twenty cards.
    @property
    def expertise_text(self) -> str:
        return _joined(self.expertise)

    @property
    def skills_text(self) -> str:
        return _joined(self.skills)

    @property
    def languages_text(self) -> str:
        return _joined(self.languages)

    @property
    def meeting_modes_text(self) -> str:
        return _joined(self.meeting_modes)


def _joined(terms: list[Term]) -> str:
    return ", ".join(term.name for term in terms)


@dataclass(frozen=True)
class MentorDetail(MentorCard):
    bio: str
    how_i_can_help: str
    years_experience: int | None
    availability_hours_per_month: int | None
    capacity: int


def _profile(mentor: MentorParticipation) -> Profile | None:
    """The mentor's profile, or None for someone who never filled one in."""
    # A missing reverse one-to-one raises an AttributeError subclass, which getattr catches.
    profile: Profile | None = getattr(mentor.membership.user, "profile", None)
    return profile


def _terms(rows: object) -> list[Term]:
    return [Term(key=row.slug, name=row.name) for row in rows]  # type: ignore[attr-defined]


def card_for(mentor: MentorParticipation, stats: MentorStats | None = None) -> MentorCard:
    """A mentor's card: skills they teach come first, then other skills on their profile."""
    return MentorCard(**_card_fields(mentor), stats=stats)


def cards_for(mentors: Iterable[MentorParticipation]) -> list[MentorCard]:
    """Cards for a page of mentors (loaded by `with_card_data`), with their stats in one
    more query for the whole page."""
    mentors = list(mentors)
    stats = stats_of_loaded(mentors)
    return [card_for(mentor, stats.get(mentor.pk)) for mentor in mentors]


def detail_for(mentor: MentorParticipation) -> MentorDetail:
    """Everything the mentor's page shows (the mentor must be loaded without deferrals)."""
    profile = _profile(mentor)
    return MentorDetail(
        **_card_fields(mentor),
        stats=stats_of_loaded([mentor]).get(mentor.pk),
        bio=profile.bio if profile else "",
        how_i_can_help=mentor.how_i_can_help,
        years_experience=profile.years_experience if profile else None,
        availability_hours_per_month=profile.availability_hours_per_month if profile else None,
        capacity=mentor.capacity,
    )


def _card_fields(mentor: MentorParticipation) -> dict[str, Any]:
    user = mentor.membership.user
    profile = _profile(mentor)
    taught = _terms(getattr(mentor, "skills_taught_list", []))
    own = _terms(getattr(profile, "skill_list", []))
    taught_keys = {term.key for term in taught}
    languages = [
        Term(key=language.code, name=language.name)
        for language in getattr(profile, "language_list", [])
    ]
    modes = profile.meeting_mode_list if profile else []
    return {
        "id": mentor.pk,
        "name": user.name,
        "headline": profile.headline if profile else "",
        "job_title": profile.job_title if profile else "",
        "organisation": profile.organisation if profile else "",
        "industry": (
            Term(key=profile.industry.slug, name=profile.industry.name)
            if profile and profile.industry
            else None
        ),
        "expertise": _terms(getattr(mentor, "expertise_list", [])),
        "skills": taught + [term for term in own if term.key not in taught_keys],
        "languages": languages,
        "meeting_modes": [Term(key=mode, name=str(MeetingMode(mode).label)) for mode in modes],
        "accepting_mentees": mentor.accepting_mentees,
        "time_zone": user.time_zone,
    }

"""Deterministic demo people: the same seed always yields the same crowd.

`generate_people` is a plain generator over `PersonSpec`s (no database), so the bulk writer
can stream 400,000 people in batches and tests can check the words without a database.
Mentors and mentees draw from separate random streams, so asking for more mentees never
changes the mentors.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import TypeVar

from mentorship.demo.careers import TRACKS, Track
from mentorship.demo.places import REGIONS, SECOND_LANGUAGES, City
from mentorship.demo.sentences import (
    GOAL_TEMPLATES,
    HELP_PHRASES,
    MENTEE_HEADLINES,
    MENTEE_INTROS,
    MENTEE_MOTIVES,
    MENTOR_HEADLINES,
    MENTOR_INTROS,
    MENTOR_MOTIVES,
    MENTOR_STYLES,
    MONTHS,
    TEAM_SIZES,
    VENTURES,
)
from mentorship.demo.terms import (
    GOAL_AREAS,
    HOBBIES,
    INDUSTRIES,
    ORGANISATION_PREFIXES,
    ORGANISATION_SUFFIXES,
    SKILLS,
)
from mentorship.models.participation import MenteeParticipation
from mentorship.models.profiles import MeetingMode

MENTOR = "mentor"
MENTEE = "mentee"
HEADLINE_MAX = 140  # Profile.headline's max_length
EMAIL_ROLE_LETTER = {MENTOR: "m", MENTEE: "e"}

_REGION_CUMULATIVE = list(accumulate(region.weight for region in REGIONS))
_ASCII_FIXES = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "ß": "ss", "æ": "ae", "đ": "d"})
T = TypeVar("T")
_SENIORITY = MenteeParticipation.SeniorityPreference
_INDUSTRY_PREFERENCE = MenteeParticipation.IndustryPreference
# Weighted by repetition: most mentees have no industry wish; most want someone senior.
_INDUSTRY_WISHES = (
    (str(_INDUSTRY_PREFERENCE.ANY),) * 6
    + (str(_INDUSTRY_PREFERENCE.SAME),) * 3
    + (str(_INDUSTRY_PREFERENCE.DIFFERENT),)
)
_SENIORITY_WISHES = (
    (str(_SENIORITY.ANY),) * 4
    + (str(_SENIORITY.SENIOR),) * 4
    + (
        str(_SENIORITY.EXECUTIVE),
        str(_SENIORITY.PEER),
    )
)
_MODE_ODDS = (
    (str(MeetingMode.VIDEO), 0.9),
    (str(MeetingMode.PHONE), 0.3),
    (str(MeetingMode.IN_PERSON), 0.25),
    (str(MeetingMode.CHAT), 0.4),
)  # in `MeetingMode` order, the order the profile stores them in
_GOAL_AREA_SLUGS = tuple(GOAL_TEMPLATES)
_OTHER_TRACKS = {track.field: tuple(t for t in TRACKS if t is not track) for track in TRACKS}
_ALL_EXPERTISE = tuple(GOAL_AREAS)


@dataclass(frozen=True, slots=True)
class MenteeSpec:
    goals: tuple[tuple[str, str], ...]  # (goal-area slug, what the mentee wants)
    skills_wanted: tuple[str, ...]
    preferred_languages: tuple[str, ...]
    industry_preference: str
    seniority_preference: str


@dataclass(frozen=True, slots=True)
class MentorSpec:
    expertise_areas: tuple[str, ...]
    skills_taught: tuple[str, ...]
    how_i_can_help: str
    capacity: int
    accepting_mentees: bool


@dataclass(frozen=True, slots=True)
class PersonSpec:
    """Everything one demo person tells the platform, vocabulary by slug."""

    email: str
    display_name: str
    time_zone: str
    headline: str
    bio: str
    job_title: str
    organisation: str
    industry: str | None
    years_experience: int | None
    languages: tuple[str, ...]
    skills: tuple[str, ...]
    meeting_modes: tuple[str, ...]
    availability_hours_per_month: int | None
    mentee: MenteeSpec | None = None
    mentor: MentorSpec | None = None


def generate_people(*, seed: int, role: str, count: int, domain: str) -> Iterator[PersonSpec]:
    """Yield `count` mentors or mentees; emails are `first.last.m<n>@domain` (e for mentees)."""
    if role not in (MENTOR, MENTEE):
        raise ValueError(f"role must be {MENTOR!r} or {MENTEE!r}, not {role!r}")
    # Not for secrets: a seeded generator is the point (the same seed, the same crowd).
    rng = random.Random(f"{seed}:{role}")  # noqa: S311
    for index in range(count):
        yield _person(rng, role=role, index=index, domain=domain)


def _person(rng: random.Random, *, role: str, index: int, domain: str) -> PersonSpec:
    region = REGIONS[_weighted_index(rng, _REGION_CUMULATIVE)]
    city = _pick(rng, region.cities)
    first, last = _pick(rng, region.first_names), _pick(rng, region.last_names)
    track = _pick(rng, TRACKS)
    is_mentor = role == MENTOR
    years = rng.randint(6, 32) if is_mentor else _pick(rng, (0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 11))
    level = _level(years)
    industry = _pick(rng, track.industries)
    title = _pick(rng, track.titles[level])
    facts = {
        "title": title,
        "title_a": f"{_article(title)} {title}",
        "next_title": (next_title := _pick(rng, track.titles[min(level + 1, 4)])),
        "next_title_a": f"{_article(next_title)} {next_title}",
        "field": track.field,
        "industry": INDUSTRIES[industry],
        "city": city.name,
        "organisation": _organisation(rng, industry),
        "years": str(years),
        "years_phrase": _years_phrase(years),
    }
    modes = _meeting_modes(rng)
    languages = _languages(rng, city)
    if is_mentor:
        skills = tuple(rng.sample(track.skills[:7], rng.randint(3, 5)))
        mentor = _mentor(rng, track=track, skills=skills, modes=modes, facts=facts)
        headline = _headline(rng, MENTOR_HEADLINES, facts, mentor.expertise_areas, skills)
        bio = " ".join(
            (
                _pick(rng, MENTOR_INTROS).format(**facts),
                _pick(rng, track.stories),
                _pick(rng, MENTOR_MOTIVES),
                f"Outside work I {_pick(rng, HOBBIES)}.",
            )
        )
        availability = _pick(rng, (2, 3, 4, 4, 6, 8, 10, 12))
        mentee = None
    else:
        skills = tuple(rng.sample(track.skills, rng.randint(1, 3)))
        wanted = tuple(
            rng.sample([slug for slug in track.skills if slug not in skills], rng.randint(1, 2))
        )
        mentee = _mentee(rng, track=track, wanted=wanted, languages=languages, facts=facts)
        templates = [MENTEE_HEADLINES[0], MENTEE_HEADLINES[1]]
        if facts["next_title"] != title:
            templates.append(MENTEE_HEADLINES[2])  # "working towards {next_title_a} role"
        if years <= 2:
            templates.append(MENTEE_HEADLINES[3])  # "Early-career …"
        headline = _headline(rng, templates, facts, (), wanted)
        intro = MENTEE_INTROS[0] if years < 2 else _pick(rng, MENTEE_INTROS)
        bio = " ".join(
            (
                intro.format(**facts),
                _pick(rng, MENTEE_MOTIVES),
                f"Outside work I {_pick(rng, HOBBIES)}.",
            )
        )
        availability = _pick(rng, (2, 4, 4, 6, 8))
        mentor = None
    return PersonSpec(
        email=f"{_ascii(first)}.{_ascii(last)}.{EMAIL_ROLE_LETTER[role]}{index}@{domain}",
        display_name=f"{first} {last}",
        time_zone=city.time_zone,
        headline=headline,
        bio=bio,
        job_title=title,
        organisation=facts["organisation"],
        industry=industry,
        years_experience=years,
        languages=languages,
        skills=skills,
        meeting_modes=modes,
        availability_hours_per_month=availability,
        mentee=mentee,
        mentor=mentor,
    )


def _mentor(
    rng: random.Random,
    *,
    track: Track,
    skills: tuple[str, ...],
    modes: tuple[str, ...],
    facts: dict[str, str],
) -> MentorSpec:
    own = rng.sample(track.expertise, 2)
    extra = [_pick(rng, _ALL_EXPERTISE)] if rng.random() < 0.4 else []
    expertise = tuple(dict.fromkeys(own + extra))
    taught = tuple(skills[: rng.randint(2, 3)])
    helps = [_pick(rng, HELP_PHRASES[area]) for area in expertise[:2]]
    styles = [MENTOR_STYLES[mode].format(**facts) for mode in modes if mode in MENTOR_STYLES]
    text = " ".join(
        (
            f"I can help you {helps[0]}, and {helps[1]}.",
            f"I'm happy to go deep on {_join(SKILLS[slug] for slug in taught)}, and to review "
            f"real work such as {track.work_samples}.",
            *styles[:2],
        )
    )
    return MentorSpec(
        expertise_areas=expertise,
        skills_taught=taught,
        how_i_can_help=text,
        capacity=_pick(rng, (1, 2, 2, 3, 3, 3, 4, 5, 8)),
        accepting_mentees=rng.random() < 0.9,
    )


def _mentee(
    rng: random.Random,
    *,
    track: Track,
    wanted: tuple[str, ...],
    languages: tuple[str, ...],
    facts: dict[str, str],
) -> MenteeSpec:
    areas = rng.sample(_GOAL_AREA_SLUGS, _pick(rng, (1, 2, 2, 2, 3)))
    other_tracks = _OTHER_TRACKS[track.field]
    slots = {
        **facts,
        "skill": SKILLS[wanted[0]],
        "skill2": SKILLS[
            wanted[1] if len(wanted) > 1 else next(s for s in track.skills if s != wanted[0])
        ],
        "target_field": _pick(rng, other_tracks).field,
        "months": _pick(rng, MONTHS),
        "team_size": _pick(rng, TEAM_SIZES),
        "venture": _pick(rng, VENTURES),
    }
    goals = tuple((area, _pick(rng, GOAL_TEMPLATES[area]).format(**slots)) for area in areas)
    # Most mentees want a mentor in their first language; some don't mind.
    preferred = () if rng.random() < 0.3 else languages[:1]
    return MenteeSpec(
        goals=goals,
        skills_wanted=wanted,
        preferred_languages=preferred,
        industry_preference=_pick(rng, _INDUSTRY_WISHES),
        seniority_preference=_pick(rng, _SENIORITY_WISHES),
    )


def _headline(
    rng: random.Random,
    templates: Sequence[str],
    facts: dict[str, str],
    expertise: tuple[str, ...],
    skills: tuple[str, ...],
) -> str:
    """One of `templates` about this person; each template's slots must be fillable."""
    slots = {
        **facts,
        "expertise": GOAL_AREAS[expertise[0]] if expertise else "",
        "expertise2": GOAL_AREAS[expertise[-1]] if expertise else "",
        "skill": SKILLS[skills[0]],
        "skill2": SKILLS[skills[-1]],
    }
    headline = _pick(rng, templates).format(**slots)
    if len(headline) > HEADLINE_MAX:
        headline = f"{facts['title']} at {facts['organisation']}"
    return headline


def _languages(rng: random.Random, city: City) -> tuple[str, ...]:
    chosen = list(city.languages)
    if "en" not in chosen and rng.random() < 0.7:
        chosen.append("en")
    if rng.random() < 0.15:
        chosen.append(_pick(rng, SECOND_LANGUAGES))
    return tuple(dict.fromkeys(chosen))


def _meeting_modes(rng: random.Random) -> tuple[str, ...]:
    chosen = tuple(mode for mode, odds in _MODE_ODDS if rng.random() < odds)
    return chosen or (str(MeetingMode.VIDEO),)


def _organisation(rng: random.Random, industry: str) -> str:
    return f"{_pick(rng, ORGANISATION_PREFIXES)} {_pick(rng, ORGANISATION_SUFFIXES[industry])}"


def _pick(rng: random.Random, options: Sequence[T]) -> T:
    """`rng.choice`, several times faster: the crowd makes ~25 choices per person."""
    return options[int(rng.random() * len(options))]


def _weighted_index(rng: random.Random, cumulative: list[int]) -> int:
    point = rng.random() * cumulative[-1]
    for index, bound in enumerate(cumulative):
        if point < bound:
            return index
    return len(cumulative) - 1


def _level(years: int) -> int:
    """Junior, mid, senior, lead, executive: by years of experience."""
    for level, upper in enumerate((2, 6, 12, 19)):
        if years <= upper:
            return level
    return 4


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _years_phrase(years: int) -> str:
    if years == 0:
        return "a few months"
    if years == 1:
        return "a year"
    return f"{years} years"


def _join(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    names = list(items)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


@lru_cache(maxsize=1024)
def _ascii(name: str) -> str:
    """An email-safe spelling of a name: 'Łukasz O'Brien' -> 'lukaszobrien'."""
    folded = unicodedata.normalize("NFKD", name.lower().translate(_ASCII_FIXES))
    return "".join(char for char in folded if char.isascii() and char.isalnum())

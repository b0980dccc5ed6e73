"""Writing demo people fast: batched bulk inserts, search text computed in Python.

Used for the demo crowd and for benchmark programs of 400,000 people, where going through
the per-person services (a dozen queries each) would take hours. It writes exactly what the
services would (tests compare the two), streams `PersonSpec`s in batches so memory stays
flat, and fills `MentorParticipation.search_text` the way `build_search_text` does. How
rows reach the database (COPY or `bulk_create`) is the `sinks` module's business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import models
from django.utils import timezone

from mentorship.demo.people import MenteeSpec, MentorSpec, PersonSpec
from mentorship.demo.places import REGIONS, SECOND_LANGUAGES
from mentorship.demo.sinks import Sink, sink_for_connection
from mentorship.demo.terms import GOAL_AREAS, INDUSTRIES, SKILLS
from mentorship.models import (
    GoalArea,
    Industry,
    Language,
    Membership,
    MenteeGoal,
    MenteeParticipation,
    MentorParticipation,
    Profile,
    Program,
    Skill,
    User,
)

BATCH_SIZE = 5000
ACTIVE = str(Membership.Status.ACTIVE)

ProfileSkill = Profile.skills.through
ProfileLanguage = Profile.languages.through
MenteeSkill = MenteeParticipation.skills_wanted.through
MenteeLanguage = MenteeParticipation.preferred_languages.through
MentorExpertise = MentorParticipation.expertise_areas.through
MentorSkill = MentorParticipation.skills_taught.through

# Every table a load writes to.
TABLES: tuple[type[models.Model], ...] = (
    User,
    Profile,
    Membership,
    MenteeParticipation,
    MentorParticipation,
    MenteeGoal,
    ProfileSkill,
    ProfileLanguage,
    MenteeSkill,
    MenteeLanguage,
    MentorExpertise,
    MentorSkill,
)


class VocabularyMissing(LookupError):
    """The database lacks terms the demo refers to (migrations not applied, or terms deleted)."""


@dataclass(frozen=True)
class Term:
    id: int
    name: str
    rank: int  # position in the database's own order by name, as `.all()` returns them


@dataclass(frozen=True)
class Vocabulary:
    """The vocabulary rows the demo needs, by slug (language by code), loaded once."""

    goal_areas: dict[str, Term]
    industries: dict[str, int]
    languages: frozenset[str]
    skills: dict[str, Term]

    @classmethod
    def load(cls) -> Vocabulary:
        """Read the terms; raise `VocabularyMissing` naming any the demo needs but lacks."""
        # The database's collation decides the order (`Skill.Meta.ordering`), and search
        # text lists names in that order, so ranks come from the database, not from Python.
        goal_areas = {
            slug: Term(pk, name, rank)
            for rank, (pk, slug, name) in enumerate(
                GoalArea.objects.values_list("pk", "slug", "name")
            )
        }
        skills = {
            slug: Term(pk, name, rank)
            for rank, (pk, slug, name) in enumerate(Skill.objects.values_list("pk", "slug", "name"))
        }
        vocabulary = cls(
            goal_areas=goal_areas,
            industries=dict(Industry.objects.values_list("slug", "pk")),
            languages=frozenset(Language.objects.values_list("code", flat=True)),
            skills=skills,
        )
        vocabulary._check()
        return vocabulary

    def _check(self) -> None:
        needed_languages = {
            code for region in REGIONS for city in region.cities for code in city.languages
        }
        missing = sorted(
            [f"goal area {slug}" for slug in GOAL_AREAS if slug not in self.goal_areas]
            + [f"industry {slug}" for slug in INDUSTRIES if slug not in self.industries]
            + [f"skill {slug}" for slug in SKILLS if slug not in self.skills]
            + [
                f"language {code}"
                for code in needed_languages | set(SECOND_LANGUAGES)
                if code not in self.languages
            ]
        )
        if missing:
            raise VocabularyMissing(
                "The demo needs vocabulary that is not in the database (run `manage.py "
                f"migrate`): {', '.join(missing)}."
            )

    def names_in_order(self, terms: dict[str, Term], slugs: Iterable[str]) -> list[str]:
        return [term.name for term in sorted((terms[slug] for slug in slugs), key=_rank)]


def _rank(term: Term) -> int:
    return term.rank


def search_text_for(person: PersonSpec, vocabulary: Vocabulary) -> str:
    """What `build_search_text` would store for this person's mentor participation."""
    assert person.mentor is not None
    mentor = person.mentor
    parts = [
        person.display_name or person.email.split("@", 1)[0],
        person.headline,
        person.job_title,
        person.organisation,
        person.bio,
        *vocabulary.names_in_order(vocabulary.skills, person.skills),
        *vocabulary.names_in_order(vocabulary.goal_areas, mentor.expertise_areas),
        *vocabulary.names_in_order(vocabulary.skills, mentor.skills_taught),
        mentor.how_i_can_help,
    ]
    return "\n".join(part for part in parts if part).lower()


def write_people(
    *,
    program: Program,
    people: Iterable[PersonSpec],
    vocabulary: Vocabulary,
    password: str,
    sink: Sink | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Make each person an active member of `program` with their profile and roles.

    `password` is a ready-made hash (or unusable marker) shared by everyone: hashing
    400,000 passwords would take hours. Emails must be new. Returns how many were written;
    `on_batch` hears the running total after each batch.
    """
    sink = sink or sink_for_connection()
    written = 0
    with sink.loading(TABLES):
        for batch in _batches(people, batch_size):
            _write_batch(
                sink, program=program, people=batch, vocabulary=vocabulary, password=password
            )
            written += len(batch)
            if on_batch is not None:
                on_batch(written)
    return written


def _batches(people: Iterable[PersonSpec], size: int) -> Iterator[list[PersonSpec]]:
    iterator = iter(people)
    while batch := list(islice(iterator, size)):
        yield batch


def _write_batch(
    sink: Sink,
    *,
    program: Program,
    people: list[PersonSpec],
    vocabulary: Vocabulary,
    password: str,
) -> None:
    now = timezone.now()
    user_ids = sink.insert(
        User,
        ("email", "display_name", "time_zone", "password", "date_joined"),
        [(p.email, p.display_name, p.time_zone, password, now) for p in people],
        returning_ids=True,
    )
    industries = vocabulary.industries
    profile_ids = sink.insert(
        Profile,
        (
            "user_id",
            "headline",
            "bio",
            "job_title",
            "organisation",
            "industry_id",
            "years_experience",
            "meeting_modes",
            "availability_hours_per_month",
        ),
        [
            (
                user_id,
                p.headline,
                p.bio,
                p.job_title,
                p.organisation,
                industries[p.industry] if p.industry else None,
                p.years_experience,
                ",".join(p.meeting_modes),  # already in `MeetingMode` order (tested)
                p.availability_hours_per_month,
            )
            for p, user_id in zip(people, user_ids, strict=True)
        ],
        returning_ids=True,
    )
    membership_ids = sink.insert(
        Membership,
        ("user_id", "program_id", "status", "joined_at"),
        [(user_id, program.pk, ACTIVE, now) for user_id in user_ids],
        returning_ids=True,
    )
    skills = vocabulary.skills
    sink.insert(
        ProfileSkill,
        ("profile_id", "skill_id"),
        [
            (profile_id, skills[slug].id)
            for p, profile_id in zip(people, profile_ids, strict=True)
            for slug in p.skills
        ],
    )
    sink.insert(
        ProfileLanguage,
        ("profile_id", "language_id"),
        [
            (profile_id, code)
            for p, profile_id in zip(people, profile_ids, strict=True)
            for code in p.languages
        ],
    )
    pairs = list(zip(people, membership_ids, strict=True))
    _write_mentees(sink, [(p.mentee, m) for p, m in pairs if p.mentee], vocabulary)
    _write_mentors(sink, [(p, p.mentor, m) for p, m in pairs if p.mentor], vocabulary)


def _write_mentees(
    sink: Sink, mentees: list[tuple[MenteeSpec, int]], vocabulary: Vocabulary
) -> None:
    ids = sink.insert(
        MenteeParticipation,
        ("membership_id", "industry_preference", "seniority_preference"),
        [(m, s.industry_preference, s.seniority_preference) for s, m in mentees],
        returning_ids=True,
    )
    rows = list(zip((spec for spec, _ in mentees), ids, strict=True))
    sink.insert(
        MenteeGoal,
        ("participation_id", "goal_area_id", "description"),
        [
            (pk, vocabulary.goal_areas[area].id, description)
            for spec, pk in rows
            for area, description in spec.goals
        ],
    )
    sink.insert(
        MenteeSkill,
        ("menteeparticipation_id", "skill_id"),
        [(pk, vocabulary.skills[slug].id) for spec, pk in rows for slug in spec.skills_wanted],
    )
    sink.insert(
        MenteeLanguage,
        ("menteeparticipation_id", "language_id"),
        [(pk, code) for spec, pk in rows for code in spec.preferred_languages],
    )


def _write_mentors(
    sink: Sink, mentors: list[tuple[PersonSpec, MentorSpec, int]], vocabulary: Vocabulary
) -> None:
    ids = sink.insert(
        MentorParticipation,
        ("membership_id", "how_i_can_help", "capacity", "accepting_mentees", "search_text"),
        [
            (m, s.how_i_can_help, s.capacity, s.accepting_mentees, search_text_for(p, vocabulary))
            for p, s, m in mentors
        ],
        returning_ids=True,
    )
    rows = list(zip((spec for _, spec, _ in mentors), ids, strict=True))
    sink.insert(
        MentorExpertise,
        ("mentorparticipation_id", "goalarea_id"),
        [
            (pk, vocabulary.goal_areas[slug].id)
            for spec, pk in rows
            for slug in spec.expertise_areas
        ],
    )
    sink.insert(
        MentorSkill,
        ("mentorparticipation_id", "skill_id"),
        [(pk, vocabulary.skills[slug].id) for spec, pk in rows for slug in spec.skills_taught],
    )

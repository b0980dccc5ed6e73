"""A small cohort for match-run tests: mentees with goals, mentors who can help, one language.

`cohort(program)` gives 3 mentees and 3 mentors (capacity 1 each, so every mentor's place
matters), all speaking English; `fr_mentee` speaks only French, so no mentor suits them.
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.index_cache import forget
from matching.models import MatchRun, ProposedPair
from matching.services.match_runs import start_match_run
from mentorship.models import (
    GoalArea,
    Language,
    MenteeGoal,
    MenteeParticipation,
    MentorParticipation,
    Profile,
    Program,
    User,
)
from tests.factories import make_member

GOALS = [
    ("leadership", "Lead a data engineering team"),
    ("leadership", "Public speaking for conferences"),
    ("leadership", "Grow into product management"),
]
HELP = [
    "I lead data engineering teams",
    "Public speaking coach for conferences",
    "Product management and roadmaps",
]


def speak(user: User, *codes: str) -> None:
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.languages.set(Language.objects.filter(code__in=codes))


def add_mentee(program: Program, email: str, goal: tuple[str, str], *, language: str = "en"):
    participation: MenteeParticipation = make_member(
        program=program, roles=("mentee",), email=email, display_name=email.split("@")[0].title()
    ).mentee_participation
    speak(participation.membership.user, language)
    MenteeGoal.objects.create(
        participation=participation,
        goal_area=GoalArea.objects.get(slug=goal[0]),
        description=goal[1],
    )
    return participation


def add_mentor(program: Program, email: str, help_text: str, *, capacity: int = 1):
    participation: MentorParticipation = make_member(
        program=program, roles=("mentor",), email=email, display_name=email.split("@")[0].title()
    ).mentor_participation
    participation.how_i_can_help = help_text
    participation.capacity = capacity
    participation.save(update_fields=["how_i_can_help", "capacity"])
    speak(participation.membership.user, "en")
    return participation


@dataclass
class Cohort:
    mentees: list[MenteeParticipation]
    mentors: list[MentorParticipation]


def cohort(program: Program, *, size: int = 3, capacity: int = 1) -> Cohort:
    forget()
    mentees = [
        add_mentee(program, f"cohort-mentee{n}@example.org", GOALS[n % len(GOALS)])
        for n in range(size)
    ]
    mentors = [
        add_mentor(program, f"cohort-mentor{n}@example.org", HELP[n % len(HELP)], capacity=capacity)
        for n in range(size)
    ]
    return Cohort(mentees=mentees, mentors=mentors)


def run_now(capture, **kwargs) -> MatchRun:
    """Start a run and let its task run in-process on commit (tasks are eager in tests)."""
    kwargs.setdefault("objective", "total_score")
    kwargs.setdefault("min_score", None)
    with capture(execute=True):
        run = start_match_run(**kwargs)
    run.refresh_from_db()
    return run


def pairs_of(run: MatchRun) -> dict[int, int]:
    """mentee id → mentor id of the run's proposed and locked pairs."""
    return dict(
        ProposedPair.objects.filter(run=run, status__in=ProposedPair.ACTIVE_STATUSES).values_list(
            "mentee_id", "mentor_id"
        )
    )

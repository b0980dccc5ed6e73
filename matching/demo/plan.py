"""Six months of a program's life, simulated without a database: who asked whom, what came of it.

Outcomes follow a hidden true fit in the manner of the synthetic cohort
(`matching.ranking.synthetic`, shared/SYNTHETIC_COHORT.md): the cosine between what a
mentee needs (goal areas and skills wanted) and what a mentor offers (expertise and skills
taught), damped by the time-zone distance, plus noise; a relationship turns out well with
the cohort's probability `good_outcome_probability(fit)`. The ranker never sees the fit, so
the learning loop has a real signal to find and the current weights something to miss.

Plain data in, plain data out, one seeded random generator: the same inputs give the same
history. `matching.demo.history` reads the inputs and writes the result.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from matching.ranking.synthetic import good_outcome_probability

DAYS = 180
FIT_NOISE = 0.05
TIMEZONE_DECAY_HOURS = 4.0
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Candidate:
    """One suggested mentor as the mentee saw it, with the real ranker's score."""

    mentor_id: int
    rank: int
    score: float


@dataclass(frozen=True)
class MenteeSide:
    participation_id: int
    user_id: int
    needs: frozenset[str]  # "a<id>" goal areas and "s<id>" skills wanted
    utc_offset_hours: float
    candidates: list[Candidate]


@dataclass(frozen=True)
class MentorSide:
    participation_id: int
    user_id: int
    offers: frozenset[str]  # "a<id>" expertise areas and "s<id>" skills taught
    utc_offset_hours: float
    capacity: int


@dataclass
class PlannedMeeting:
    starts_at: datetime
    state: str  # held | no_show | cancelled | scheduled
    mentee_rating: int | None = None
    mentor_rating: int | None = None


@dataclass
class PlannedCheckIn:
    at: datetime
    period: int
    by_mentee: bool
    good_fit: str
    how_it_is_going: int
    goal_progress: int


@dataclass
class PlannedRelationship:
    started_at: datetime
    ends_on: datetime
    state: str  # active | completed | ended
    closed_at: datetime | None = None
    close_reason: str = ""
    meetings: list[PlannedMeeting] = field(default_factory=list)
    check_ins: list[PlannedCheckIn] = field(default_factory=list)


@dataclass
class PlannedRequest:
    mentee: MenteeSide
    mentor: MentorSide
    candidate: Candidate
    sent_at: datetime
    state: str  # accepted | declined | expired
    answered_at: datetime | None
    decline_reason: str = ""
    true_fit: float = 0.0
    relationship: PlannedRelationship | None = None


@dataclass(frozen=True)
class Rhythm:
    """The program's cadence, as the simulation needs it."""

    relationship_days: int
    first_check_in_days: int
    check_in_interval_days: int
    response_days: int


def true_fit(mentee: MenteeSide, mentor: MentorSide, noise: float) -> float:
    """cos(needs, offers) × e^(−hours apart / 8) + noise: the truth the ranker never sees."""
    if not mentee.needs or not mentor.offers:
        cosine = 0.0
    else:
        shared = len(mentee.needs & mentor.offers)
        cosine = shared / math.sqrt(len(mentee.needs) * len(mentor.offers))
    hours = abs(mentee.utc_offset_hours - mentor.utc_offset_hours)
    return cosine * math.exp(-hours / TIMEZONE_DECAY_HOURS) + noise


class _Calendar:
    """Which mentors are busy when, from the relationships planned so far.

    Mentees are simulated one after another, and a later mentee may ask for a time before
    an earlier mentee's second relationship began; so room is counted against every span
    that has not ended by then (also those starting later), never overfilling anyone.
    """

    def __init__(self) -> None:
        self.spans: dict[int, list[tuple[datetime, datetime]]] = {}

    def in_use(self, mentor_id: int, at: datetime) -> int:
        return sum(end > at for _start, end in self.spans.get(mentor_id, []))

    def book(self, mentor_id: int, start: datetime, end: datetime) -> None:
        self.spans.setdefault(mentor_id, []).append((start, end))


def plan_history(
    *,
    mentees: Sequence[MenteeSide],
    mentors: dict[int, MentorSide],
    rhythm: Rhythm,
    now: datetime,
    seed: int,
) -> list[PlannedRequest]:
    """Simulate each mentee's requests and relationships over the last `DAYS` days.

    A mentee picks among their suggestions (higher ranks more often), up to three times:
    a mentor at capacity declines for lack of room, a poor fit is often declined as "not a
    good fit", a few requests expire; an accepted request becomes a relationship whose
    meetings, ratings, check-ins and ending all follow whether the pair truly fits.
    """
    rng = np.random.default_rng(seed)
    calendar = _Calendar()
    planned: list[PlannedRequest] = []
    starts = sorted(
        ((now - timedelta(days=float(rng.uniform(21, DAYS))), mentee) for mentee in mentees),
        key=lambda item: (item[0], item[1].participation_id),
    )
    for start, mentee in starts:
        planned.extend(_mentee_story(mentee, mentors, rhythm, start, now, rng, calendar))
    return planned


def _mentee_story(
    mentee: MenteeSide,
    mentors: dict[int, MentorSide],
    rhythm: Rhythm,
    at: datetime,
    now: datetime,
    rng: np.random.Generator,
    calendar: _Calendar,
) -> list[PlannedRequest]:
    story: list[PlannedRequest] = []
    left = [c for c in mentee.candidates if c.mentor_id in mentors]
    for _attempt in range(MAX_ATTEMPTS):
        if not left or at >= now - timedelta(days=2):
            break
        # People read the whole list of twenty and pick by what they see in a profile,
        # only a little more often near the top (1 / rank^0.25).
        chance = np.array([c.rank**-0.25 for c in left])
        candidate = left.pop(int(rng.choice(len(left), p=chance / chance.sum())))
        mentor = mentors[candidate.mentor_id]
        fit = true_fit(mentee, mentor, float(rng.normal(0.0, FIT_NOISE)))
        good = bool(rng.random() < float(good_outcome_probability(np.array([fit]))[0]))
        answered = at + timedelta(hours=float(rng.uniform(2, 96)))
        request = PlannedRequest(
            mentee=mentee,
            mentor=mentor,
            candidate=candidate,
            sent_at=at,
            state="accepted",
            answered_at=answered,
            true_fit=fit,
        )
        story.append(request)
        if calendar.in_use(mentor.participation_id, at) >= mentor.capacity:
            request.state, request.decline_reason = "declined", "no_capacity"
            at = answered + timedelta(days=1)
            continue
        if rng.random() < 0.05:
            request.state, request.answered_at = "expired", None
            at += timedelta(days=rhythm.response_days + 1)
            continue
        if not good and rng.random() < 0.4:
            request.state, request.decline_reason = "declined", "not_a_good_fit"
            at = answered + timedelta(days=2)
            continue
        relationship = _relationship(answered, good, rhythm, now, rng)
        request.relationship = relationship
        calendar.book(
            mentor.participation_id, relationship.started_at, relationship.closed_at or now
        )
        if relationship.state != "ended" or relationship.closed_at is None:
            break  # still together, or done well: no need to look again
        at = relationship.closed_at + timedelta(days=float(rng.uniform(3, 14)))
    return story


def _relationship(
    started: datetime, good: bool, rhythm: Rhythm, now: datetime, rng: np.random.Generator
) -> PlannedRelationship:
    ends_on = started + timedelta(days=rhythm.relationship_days)
    relationship = PlannedRelationship(started_at=started, ends_on=ends_on, state="active")
    if good:
        if ends_on < now:
            relationship.state, relationship.closed_at = "completed", ends_on
            relationship.close_reason = "goals_met" if rng.random() < 0.75 else "other"
        elif rng.random() < 0.15 and started + timedelta(days=75) < now:
            relationship.state = "completed"
            relationship.closed_at = started + timedelta(
                days=float(rng.uniform(60, (now - started).days))
            )
            relationship.close_reason = "goals_met"
    else:
        closing = started + timedelta(days=float(rng.uniform(20, 100)))
        if closing < now and rng.random() < 0.8:
            relationship.state, relationship.closed_at = "ended", closing
            relationship.close_reason = str(
                rng.choice(["not_a_good_fit", "unresponsive", "no_time"], p=[0.5, 0.3, 0.2])
            )
    relationship.meetings = _meetings(relationship, good, now, rng)
    relationship.check_ins = _check_ins(relationship, good, rhythm, now, rng)
    return relationship


def _meetings(
    relationship: PlannedRelationship, good: bool, now: datetime, rng: np.random.Generator
) -> list[PlannedMeeting]:
    until = relationship.closed_at or now
    at = relationship.started_at + timedelta(days=float(rng.uniform(3, 12 if good else 30)))
    meetings: list[PlannedMeeting] = []
    while at < until:
        at = at.replace(minute=0, second=0, microsecond=0)
        roll = rng.random()
        if roll < (0.88 if good else 0.55):
            low = 4 if good else 2
            meetings.append(
                PlannedMeeting(
                    starts_at=at,
                    state="held",
                    mentee_rating=int(rng.integers(low, min(low + 2, 5) + 1)),
                    mentor_rating=int(rng.integers(low, min(low + 2, 5) + 1))
                    if rng.random() < 0.7
                    else None,
                )
            )
        else:
            meetings.append(
                PlannedMeeting(starts_at=at, state="no_show" if roll < 0.93 else "cancelled")
            )
        at += timedelta(days=float(rng.uniform(12, 24 if good else 40)))
    if relationship.closed_at is None:
        meetings.append(
            PlannedMeeting(
                starts_at=(now + timedelta(days=float(rng.uniform(2, 14)))).replace(
                    minute=0, second=0, microsecond=0
                ),
                state="scheduled",
            )
        )
    return meetings


def _check_ins(
    relationship: PlannedRelationship,
    good: bool,
    rhythm: Rhythm,
    now: datetime,
    rng: np.random.Generator,
) -> list[PlannedCheckIn]:
    until = relationship.closed_at or now
    due = relationship.started_at + timedelta(days=rhythm.first_check_in_days)
    answers: list[PlannedCheckIn] = []
    period = 1
    fits, chances = ["yes", "unsure", "no"], ([0.8, 0.17, 0.03] if good else [0.1, 0.4, 0.5])
    while due < until:
        for by_mentee in (True, False):
            if rng.random() < 0.75:  # not everyone answers every check-in
                fit = str(rng.choice(fits, p=chances))
                base = {"yes": 4, "unsure": 3, "no": 2}[fit]
                answers.append(
                    PlannedCheckIn(
                        at=due + timedelta(hours=float(rng.uniform(1, 72))),
                        period=period,
                        by_mentee=by_mentee,
                        good_fit=fit,
                        how_it_is_going=int(np.clip(base + rng.integers(-1, 2), 1, 5)),
                        goal_progress=int(np.clip(base + rng.integers(-1, 2), 1, 5)),
                    )
                )
        period += 1
        due += timedelta(days=rhythm.check_in_interval_days)
    return answers

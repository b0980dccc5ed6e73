"""Writing the demo program's six months of history: requests, relationships, meetings,
ratings, check-ins and closures, so dashboards are full and the learning loop has signal.

Reads the generated people, ranks every mentee with the real ranker and the program's
active (default) ranker version, lets `matching.demo.plan` decide what happened, and writes
it in bulk: one `bulk_create` per table, not a service call per row. Called once, inside
the transaction that creates the demo program, so it never runs twice.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.utils import timezone

from matching.demo.plan import (
    Candidate,
    MenteeSide,
    MentorSide,
    PlannedRequest,
    Rhythm,
    plan_history,
)
from matching.demo.queries import fresh_mentee_queries
from matching.index_cache import current_index, rebuild_index
from matching.models import Impression
from matching.ranking.explanation import explain
from matching.ranking.index import MentorIndex, QueryVector
from matching.ranking.records import MenteeQuery
from matching.ranking.scoring import Ranking, ScoredMentor, rank
from matching.records import vocabulary_names
from matching.services.suggestions import SUGGESTIONS_PER_MENTEE, active_ranker
from mentorship.models import Membership, MenteeParticipation, MentorParticipation, Program
from mentorship.models.profiles import MeetingMode
from relationships.models import CheckIn, Meeting, MeetingFeedback, MentorRequest, Relationship

# Ranking and explaining is the cost of history; a program of 300,000 mentees gets the
# history of this many (load tests ask for it explicitly; see seed_demo).
MAX_MENTEES_WITH_HISTORY = 5000
# Some mentees (15%) joined recently and have asked nobody yet: "unmatched" is real.
SHARE_WITH_HISTORY = 0.85
DAYS_PER_MONTH = 30.4
# When the people of the history joined: mentors in the four weeks up to two weeks before
# anyone asked, mentees within two weeks before their first request, and the mentees who
# have asked nobody yet in the last four weeks.
MENTORS_JOINED_DAYS_BEFORE = (14, 42)
MAX_DAYS_JOINED_BEFORE_ASKING = 14
RECENT_JOINERS_WITHIN_DAYS = 28


@dataclass(frozen=True)
class HistoryCounts:
    requests: int
    relationships: int
    meetings: int
    check_ins: int


@contextmanager
def _dates_as_given(*fields: tuple[type[models.Model], str]) -> Iterator[None]:
    """Let bulk_create keep the past dates we set on `auto_now_add` fields.

    History happened months ago; `auto_now_add` would stamp every row with today and flatten
    every trend. Only the seeding command runs this, in one thread, and the flags are
    restored however the block ends.
    """
    changed: list[models.DateTimeField[Any, Any]] = []
    for model, name in fields:
        field = model._meta.get_field(name)
        if isinstance(field, models.DateTimeField) and field.auto_now_add:
            field.auto_now_add = False
            changed.append(field)
    try:
        yield
    finally:
        for field in changed:
            field.auto_now_add = True


def write_demo_history(*, program: Program, seed: int, domain: str) -> HistoryCounts:
    """Simulate and store six months of the program's life for its generated people.

    Only people whose email is at `domain` take part: the demo logins stay as they are, so
    the demo mentee is still unmatched and can ask a mentor.
    """
    now = timezone.now()
    ranker = active_ranker(program)
    index = current_index(program)
    names = vocabulary_names()
    mentors = _mentor_sides(program, domain, index)
    participations = list(
        MenteeParticipation.objects.filter(
            membership__program=program, membership__user__email__endswith=f"@{domain}"
        )
        .select_related("membership__user", "membership__program")
        .order_by("pk")
    )
    share = max(1, int(len(participations) * SHARE_WITH_HISTORY))
    chosen = participations[: min(share, MAX_MENTEES_WITH_HISTORY)]
    queries = fresh_mentee_queries(chosen)
    mentee_sides = []
    impressions: list[tuple[int, Ranking]] = []
    seen: dict[int, tuple[MenteeQuery, QueryVector, dict[int, ScoredMentor]]] = {}
    for participation in chosen:
        query = queries[participation.pk]
        vector = index.vectorize(query.text)
        ranking = rank(
            index, query, weights=ranker.weights, k=SUGGESTIONS_PER_MENTEE, query_vector=vector
        )
        seen[participation.pk] = (query, vector, {s.mentor_id: s for s in ranking.mentors})
        mentee_sides.append(
            MenteeSide(
                participation_id=participation.pk,
                user_id=participation.membership.user_id,
                needs=frozenset(
                    [f"a{area}" for area in query.goal_areas]
                    + [f"s{skill}" for skill in query.skills_wanted]
                ),
                utc_offset_hours=query.utc_offset_hours,
                candidates=[
                    Candidate(mentor_id=scored.mentor_id, rank=position, score=scored.score)
                    for position, scored in enumerate(ranking.mentors, start=1)
                ],
            )
        )
        impressions.append((participation.pk, ranking))
    rhythm = Rhythm(
        relationship_days=round(program.relationship_length_months * DAYS_PER_MONTH),
        first_check_in_days=program.first_check_in_days,
        check_in_interval_days=program.check_in_interval_days,
        response_days=program.mentor_response_days,
    )
    planned = plan_history(mentees=mentee_sides, mentors=mentors, rhythm=rhythm, now=now, seed=seed)
    # Explained only for the suggestions people actually asked: the breakdown is the costly
    # part, and the other nineteen of each list are never stored.
    breakdowns = []
    for item in planned:
        query, vector, scored = seen[item.mentee.participation_id]
        breakdowns.append(
            explain(
                index, query, scored[item.mentor.participation_id], query_vector=vector, names=names
            )
        )
    counts = _write(program, planned, breakdowns=breakdowns, ranker_version=ranker.version, now=now)
    first_request = {r.mentee.participation_id: r.sent_at for r in reversed(planned)}
    _write_impressions(impressions, first_request, ranker_id=ranker.pk)
    _date_joining(program, domain, first_request, seed=seed, now=now)
    # Capacity in use and responsiveness moved for many mentors at once: refit the index
    # (a new build every worker follows) rather than bump every mentor's `changed_at`.
    rebuild_index(program)
    return counts


def _date_joining(
    program: Program, domain: str, first_request: dict[int, datetime], *, seed: int, now: datetime
) -> None:
    """Date when the people of the history joined, as it happened rather than today.

    Bulk-created members all joined "now", so the dashboard read every mentee as matched
    the day they joined and every join in the current week. Mentors joined over the weeks
    before the program's first request; a mentee with history up to two weeks before their
    first request; mentees without history over the last four weeks. The days are drawn
    from `seed`.
    """
    if not first_request:
        return
    rng = random.Random(f"{seed}:joined")  # noqa: S311 (demo data, not security)
    people = Membership.objects.filter(program=program, user__email__endswith=f"@{domain}")
    first = min(first_request.values())
    earliest, latest = MENTORS_JOINED_DAYS_BEFORE
    joined = [
        Membership(pk=pk, joined_at=first - timedelta(days=rng.uniform(earliest, latest)))
        for pk in people.filter(mentor_participation__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    ]
    asked = dict(
        MenteeParticipation.objects.filter(pk__in=first_request).values_list("membership_id", "pk")
    )
    for pk in (
        people.filter(mentee_participation__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        if pk in asked:
            before = timedelta(hours=rng.uniform(1, MAX_DAYS_JOINED_BEFORE_ASKING * 24))
            joined.append(Membership(pk=pk, joined_at=first_request[asked[pk]] - before))
        else:
            ago = timedelta(hours=rng.uniform(1, RECENT_JOINERS_WITHIN_DAYS * 24))
            joined.append(Membership(pk=pk, joined_at=now - ago))
    Membership.objects.bulk_update(joined, ["joined_at"], batch_size=1000)


def _mentor_sides(program: Program, domain: str, index: MentorIndex) -> dict[int, MentorSide]:
    rows = MentorParticipation.objects.filter(
        membership__program=program, membership__user__email__endswith=f"@{domain}"
    ).values_list("pk", "membership__user_id", "capacity")
    areas = MentorParticipation.expertise_areas.through.objects.filter(
        mentorparticipation__membership__program=program
    ).values_list("mentorparticipation_id", "goalarea_id")
    taught = MentorParticipation.skills_taught.through.objects.filter(
        mentorparticipation__membership__program=program
    ).values_list("mentorparticipation_id", "skill_id")
    offers: dict[int, set[str]] = {}
    for mentor_id, area_id in areas:
        offers.setdefault(mentor_id, set()).add(f"a{area_id}")
    for mentor_id, skill_id in taught:
        offers.setdefault(mentor_id, set()).add(f"s{skill_id}")
    sides = {}
    for pk, user_id, capacity in rows:
        row = index.row_of.get(pk)
        if row is None:
            continue
        sides[pk] = MentorSide(
            participation_id=pk,
            user_id=user_id,
            offers=frozenset(offers.get(pk, set())),
            utc_offset_hours=float(index.utc_offset[row]),
            capacity=capacity,
        )
    return sides


def _write(
    program: Program,
    planned: list[PlannedRequest],
    *,
    breakdowns: list[dict[str, Any]],
    ranker_version: str,
    now: datetime,
) -> HistoryCounts:
    response_window = timedelta(days=program.mentor_response_days)
    requests = [
        MentorRequest(
            program=program,
            mentee_id=item.mentee.participation_id,
            mentor_id=item.mentor.participation_id,
            message="I would love to learn from your experience.",
            state=item.state,
            choice_group=uuid.uuid4(),
            decline_reason=item.decline_reason,
            created_at=item.sent_at,
            sent_at=item.sent_at,
            expires_at=item.sent_at + response_window,
            answered_at=item.answered_at,
            match_score=item.candidate.score,
            match_rank=item.candidate.rank,
            match_breakdown=breakdown,
            ranker_version=ranker_version,
        )
        for item, breakdown in zip(planned, breakdowns, strict=True)
    ]
    with _dates_as_given((MentorRequest, "created_at")):
        MentorRequest.objects.bulk_create(requests, batch_size=500)

    born = [(item, request) for item, request in zip(planned, requests, strict=True)]
    relationships = []
    for item, request in born:
        plan = item.relationship
        if plan is None:
            continue
        low, high = sorted((item.mentee.user_id, item.mentor.user_id))
        relationships.append(
            Relationship(
                program=program,
                mentee_id=item.mentee.participation_id,
                mentor_id=item.mentor.participation_id,
                request=request,
                state=plan.state,
                started_at=plan.started_at,
                ends_on=plan.ends_on.date(),
                closed_at=plan.closed_at,
                closed_by_id=item.mentee.user_id if plan.closed_at else None,
                close_reason=plan.close_reason,
                person_low_id=low,
                person_high_id=high,
                match_score=request.match_score,
                match_rank=request.match_rank,
                match_breakdown=request.match_breakdown,
                ranker_version=ranker_version,
            )
        )
    Relationship.objects.bulk_create(relationships, batch_size=500)

    plans = [item for item in planned if item.relationship is not None]
    meetings, ratings, check_ins = [], [], []
    for item, relationship in zip(plans, relationships, strict=True):
        assert item.relationship is not None
        for planned_meeting in item.relationship.meetings:
            meeting = Meeting(
                relationship=relationship,
                starts_at=planned_meeting.starts_at,
                mode=MeetingMode.VIDEO,
                agenda="Catch up on progress and plan the next steps.",
                state=planned_meeting.state,
                actual_minutes=45 if planned_meeting.state == "held" else None,
                logged_at=planned_meeting.starts_at + timedelta(hours=2)
                if planned_meeting.state != "scheduled"
                else None,
                created_by_id=item.mentor.user_id,
                created_at=planned_meeting.starts_at - timedelta(days=5),
            )
            meetings.append(meeting)
            for author, rating in (
                (item.mentee.user_id, planned_meeting.mentee_rating),
                (item.mentor.user_id, planned_meeting.mentor_rating),
            ):
                if rating is not None:
                    ratings.append((meeting, author, rating))
        for answer in item.relationship.check_ins:
            check_ins.append(
                CheckIn(
                    relationship=relationship,
                    author_id=item.mentee.user_id if answer.by_mentee else item.mentor.user_id,
                    period=answer.period,
                    how_it_is_going=answer.how_it_is_going,
                    good_fit=answer.good_fit,
                    goal_progress=answer.goal_progress,
                    created_at=min(answer.at, now),
                )
            )
    with _dates_as_given(
        (Meeting, "created_at"), (MeetingFeedback, "created_at"), (CheckIn, "created_at")
    ):
        Meeting.objects.bulk_create(meetings, batch_size=1000)
        MeetingFeedback.objects.bulk_create(
            (
                MeetingFeedback(
                    meeting=meeting,
                    author_id=author,
                    rating=rating,
                    created_at=meeting.starts_at + timedelta(hours=3),
                )
                for meeting, author, rating in ratings
            ),
            batch_size=1000,
        )
        CheckIn.objects.bulk_create(check_ins, batch_size=1000)
    return HistoryCounts(
        requests=len(requests),
        relationships=len(relationships),
        meetings=len(meetings),
        check_ins=len(check_ins),
    )


def _write_impressions(
    rankings: list[tuple[int, Ranking]], first_request: dict[int, datetime], *, ranker_id: int
) -> None:
    """The list each mentee was shown before their first request (exposure reports use it)."""
    rows = []
    for mentee_id, ranking in rankings:
        shown = first_request.get(mentee_id)
        if shown is None or not ranking.mentors:
            continue
        rows.append(
            Impression(
                mentee_id=mentee_id,
                mentor_ids=[scored.mentor_id for scored in ranking.mentors],
                scores=[scored.score for scored in ranking.mentors],
                ranker_id=ranker_id,
                shown_at=shown - timedelta(minutes=20),
            )
        )
    with _dates_as_given((Impression, "shown_at")):
        Impression.objects.bulk_create(rows, batch_size=500)

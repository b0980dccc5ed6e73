"""The reports benchmark (`manage.py bench_reports`): server time and SQL queries of the
program dashboard and each report, on a program with 10,000 relationships and their history.

The history is bulk-inserted (no services: a service per row would take an hour), shaped
like six months of a real program: people joining over the weeks, requests answered,
expired or waiting, relationships begun over 26 weeks (most still current, some completed
or ended early), held and cancelled meetings, ratings, check-ins and impressions. Pages and
endpoints are then timed through the Django test client, as `matching/benchmarks.py` does
for the directory, and the section is written into docs/benchmarks.md between markers.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from matching.benchmarks import machine_facts, percentile
from matching.models import Impression
from matching.reports.registry import REPORTS
from mentorship.models import Membership, MenteeParticipation, MentorParticipation, Program, User
from relationships.models import (
    CheckIn,
    Fit,
    Meeting,
    MeetingFeedback,
    MentorRequest,
    Relationship,
)

START_MARKER = "<!-- bench_reports:start -->"
END_MARKER = "<!-- bench_reports:end -->"
P95_TARGET_MS = 500.0
BATCH = 2000
HISTORY_DAYS = 182
GROUPS = ("", "", "first generation", "career changer", "returner", "Rare answer")


@dataclass
class ReportData:
    program: Program
    admin: User
    relationships: int
    rows: dict[str, int] = field(default_factory=dict)


@dataclass
class Timing:
    name: str
    url: str
    timings_ms: list[float] = field(default_factory=list)
    queries: int = 0


def _bulk(model: type, objects: list, rows: dict[str, int]) -> list:  # type: ignore[type-arg]
    created = model.objects.bulk_create(objects, batch_size=BATCH)  # type: ignore[attr-defined]
    rows[model.__name__] = rows.get(model.__name__, 0) + len(created)
    return created  # type: ignore[no-any-return]


@transaction.atomic
def build_report_data(
    *, relationships: int, slug: str = "bench-reports", seed: int = 11
) -> ReportData:
    """A running program with `relationships` relationships and six months of history."""
    rng = random.Random(seed)  # noqa: S311 -- repeatable test data, not secrets
    now = timezone.now()
    start = now - dt.timedelta(days=HISTORY_DAYS)
    rows: dict[str, int] = {}
    mentees_count = relationships + relationships // 10  # some still wait for a match
    mentors_count = max(1, relationships // 3)
    program = Program.objects.create(
        slug=slug,
        name="Reports benchmark",
        status=Program.Status.RUNNING,
        collects_group=True,
        group_question="How do you describe your background? (optional)",
    )
    password = make_password("bench-password-not-for-login")
    users = _bulk(
        User,
        [
            User(
                email=f"person{number}@{slug}.bench.test",
                display_name=f"Person {number}",
                password=password,
            )
            for number in range(mentees_count + mentors_count + 1)
        ],
        rows,
    )
    admin = users[-1]

    def joined() -> dt.datetime:
        return start + dt.timedelta(days=rng.random() * HISTORY_DAYS * 0.6)

    memberships = _bulk(
        Membership,
        [
            Membership(
                user=user,
                program=program,
                joined_at=joined(),
                self_described_group=rng.choice(GROUPS),
            )
            for user in users[:-1]
        ]
        + [Membership(user=admin, program=program, is_admin=True, joined_at=start)],
        rows,
    )
    mentees = _bulk(
        MenteeParticipation,
        [MenteeParticipation(membership=m) for m in memberships[:mentees_count]],
        rows,
    )
    mentors = _bulk(
        MentorParticipation,
        [MentorParticipation(membership=m, capacity=5) for m in memberships[mentees_count:-1]],
        rows,
    )
    # Popular mentors get more of everything: a skewed draw, as real exposure is.
    weights = [1 / (rank + 1) ** 0.7 for rank in range(len(mentors))]

    requests, pairs = [], []
    for index in range(relationships):
        mentee, mentor = mentees[index], rng.choices(mentors, weights)[0]
        started = max(mentee.membership.joined_at, start) + dt.timedelta(days=rng.random() * 40)
        started = min(started, now - dt.timedelta(days=1))
        sent = started - dt.timedelta(hours=rng.uniform(2, 150))
        score, rank = rng.uniform(20, 95), rng.randint(1, 10)
        requests.append(
            MentorRequest(
                program=program,
                mentee=mentee,
                mentor=mentor,
                message="Would you mentor me?",
                state=MentorRequest.State.ACCEPTED,
                sent_at=sent,
                answered_at=started,
                expires_at=sent + dt.timedelta(days=7),
                match_score=score,
                match_rank=rank,
                ranker_version="1",
            )
        )
        pairs.append((mentee, mentor, started, score, rank))
    for index in range(relationships // 2):  # declined, expired and waiting requests
        mentee, mentor = rng.choice(mentees), rng.choices(mentors, weights)[0]
        sent = start + dt.timedelta(days=rng.random() * HISTORY_DAYS)
        state = rng.choice([MentorRequest.State.DECLINED, MentorRequest.State.EXPIRED])
        if index % 25 == 0:
            state, sent = MentorRequest.State.PENDING, now - dt.timedelta(days=rng.uniform(0, 10))
        requests.append(
            MentorRequest(
                program=program,
                mentee=mentee,
                mentor=mentor,
                message="Would you mentor me?",
                state=state,
                sent_at=sent,
                answered_at=sent + dt.timedelta(hours=rng.uniform(1, 100))
                if state == MentorRequest.State.DECLINED
                else None,
                expires_at=sent + dt.timedelta(days=7),
                match_score=rng.uniform(10, 90),
                match_rank=rng.randint(1, 10),
                ranker_version="1",
            )
        )
    requests = _bulk(MentorRequest, requests, rows)

    built: list[Relationship] = []
    reasons = Relationship.CloseReason.values
    for request, (mentee, mentor, started, score, rank) in zip(requests, pairs, strict=False):
        age = (now - started).days
        roll = rng.random()
        closed: dt.datetime | None = None
        lifecycle, reason = Relationship.State.ACTIVE, ""
        if age > 60 and roll < 0.35:
            closed = started + dt.timedelta(days=rng.uniform(30, age))
            reason = rng.choice(reasons)
            completed = reason == Relationship.CloseReason.GOALS_MET
            lifecycle = Relationship.State.COMPLETED if completed else Relationship.State.ENDED
        elif roll > 0.95:
            lifecycle = Relationship.State.PAUSED
        low, high = Relationship.ordered_pair(mentee.membership.user_id, mentor.membership.user_id)
        built.append(
            Relationship(
                program=program,
                mentee=mentee,
                mentor=mentor,
                person_low_id=low,
                person_high_id=high,
                request=request,
                state=lifecycle,
                started_at=started,
                ends_on=(started + dt.timedelta(days=180)).date(),
                closed_at=closed,
                close_reason=reason,
                match_score=score,
                match_rank=rank,
                ranker_version="1",
            )
        )
    built = _bulk(Relationship, built, rows)

    meetings: list[Meeting] = []
    check_ins: list[CheckIn] = []
    for relationship in built:
        until = relationship.closed_at or now
        moment = relationship.started_at + dt.timedelta(days=rng.uniform(3, 25))
        while moment < until:
            meetings.append(
                Meeting(
                    relationship=relationship,
                    starts_at=moment,
                    mode="video",
                    state=Meeting.State.HELD if rng.random() < 0.85 else Meeting.State.CANCELLED,
                )
            )
            moment += dt.timedelta(days=rng.uniform(14, 40))
        author = relationship.mentee.membership.user_id
        days = (until - relationship.started_at).days
        periods = 0 if days < 30 else 1 + (days - 30) // 60  # the default check-in cadence
        check_ins.extend(
            CheckIn(
                relationship=relationship,
                author_id=author,
                period=period,
                how_it_is_going=rng.randint(1, 5),
                good_fit=rng.choice([Fit.YES, Fit.YES, Fit.YES, Fit.UNSURE, Fit.NO]),
                goal_progress=rng.randint(1, 5),
            )
            for period in range(1, periods + 1)
        )
    meetings = _bulk(Meeting, meetings, rows)
    feedback = [
        MeetingFeedback(
            meeting=meeting,
            author_id=meeting.relationship.mentee.membership.user_id,
            rating=rng.randint(2, 5),
        )
        for meeting in meetings
        if meeting.state == Meeting.State.HELD and rng.random() < 0.6
    ]
    _bulk(MeetingFeedback, feedback, rows)
    _bulk(CheckIn, check_ins, rows)
    ids = [mentor.pk for mentor in mentors]
    _bulk(
        Impression,
        [
            Impression(
                mentee=mentee,
                mentor_ids=sorted(
                    set(rng.choices(ids, weights, k=20)), key=lambda _id: rng.random()
                )[:15],
                scores=[50.0] * 15,
            )
            for mentee in mentees
        ],
        rows,
    )
    # Creation dates are "now" (auto_now_add); check-ins and impressions spread over time.
    with connection.cursor() as cursor:
        for model, column in ((CheckIn, "created_at"), (Impression, "shown_at")):
            cursor.execute(
                f"UPDATE {model._meta.db_table} SET {column} = %s - (random() * 80) "  # noqa: S608
                "* interval '1 day'",
                [now],
            )
    return ReportData(program=program, admin=admin, relationships=len(built), rows=rows)


def measure(data: ReportData, *, requests: int) -> list[Timing]:
    """Time `requests` GETs of each report page and endpoint, after one warm-up that also
    counts its SQL queries."""
    page = Client()
    page.force_login(data.admin)
    token = Token.objects.get_or_create(user=data.admin)[0]
    api = Client(headers={"Authorization": f"Token {token.key}"})
    slug = data.program.slug
    targets: list[tuple[str, Client, str]] = []
    for key in REPORTS:
        targets.append((f"{key} page", page, f"/programs/{slug}/reports/{key}/"))
    for key in REPORTS:
        targets.append((f"{key} endpoint", api, f"/api/v1/programs/{slug}/reports/{key}/"))
    results = []
    for name, client, url in targets:
        cache.clear()  # throttle counters
        with CaptureQueriesContext(connection) as captured:
            _get(client, url)
        timing = Timing(name=name, url=url, queries=len(captured.captured_queries))
        for _round in range(requests):
            started = time.perf_counter()
            _get(client, url)
            timing.timings_ms.append((time.perf_counter() - started) * 1000)
        results.append(timing)
    return results


def _get(client: Client, url: str) -> None:
    response = client.get(url, secure=True)  # DEBUG off redirects plain HTTP to HTTPS
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")


def render_report(
    *, data: ReportData, build_seconds: float, timings: list[Timing], requests: int
) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()
    lines = [
        START_MARKER,
        "## Program dashboard and reports",
        "",
        f"Written by `make bench` (`manage.py bench_reports`) on {now}. Do not edit by hand.",
        "",
        *[f"- {fact}" for fact in machine_facts()],
        "- Load average (1, 5, 15 min) when timing ended: "
        + ", ".join(f"{value:.2f}" for value in load),
        "",
        f"**Data.** One program with {data.relationships:,} relationships and six months of "
        f"history, bulk-built by `matching/bench_reports.py` in {build_seconds:.1f} s: "
        + ", ".join(f"{count:,} {name}" for name, count in data.rows.items())
        + ". Then `VACUUM ANALYZE`.",
        "",
        f"**Method.** The Django test client, in-process, signed in as the program's admin "
        f"(pages with a session, endpoints with a token); {requests} requests per target after "
        "one warm-up request that also counts the SQL queries. The query counts do not grow "
        "with the data: the test suite asserts the same count with 10 and 60 relationships.",
        "",
        f"**Target.** p95 ≤ {P95_TARGET_MS:.0f} ms.",
        "",
        "| Target | Requests | p50 | p95 | max | SQL queries | p95 target met |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for timing in timings:
        p95 = percentile(timing.timings_ms, 95)
        lines.append(
            f"| {timing.name} (`{timing.url}`) | {len(timing.timings_ms)} "
            f"| {percentile(timing.timings_ms, 50):.1f} ms | {p95:.1f} ms "
            f"| {max(timing.timings_ms):.1f} ms | {timing.queries} "
            f"| {'yes' if p95 <= P95_TARGET_MS else 'NO'} |"
        )
    lines += ["", END_MARKER]
    return "\n".join(lines) + "\n"

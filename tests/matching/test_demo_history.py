"""The demo's six months of history: written once, dated in the past, outcomes that follow a
hidden fit the learning loop can find, and the demo logins left free to use the site."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Min
from django.utils import timezone

from matching.demo.queries import fresh_mentee_queries
from matching.index_cache import forget
from matching.models import Impression, Suggestion
from matching.records import mentee_query
from matching.services.suggestions import active_ranker, compute_suggestions
from matching.services.training import MIN_PAIRS_TO_ACTIVATE, activate_ranker, train_ranker
from mentorship.models import (
    Membership,
    MenteeParticipation,
    MentorParticipation,
    Program,
    User,
)
from mentorship.services.demo import demo_domain
from relationships.models import CheckIn, Meeting, MeetingFeedback, MentorRequest, Relationship
from relationships.services.requests import Choice, send_request
from relationships.services.snapshots import Snapshot

HISTORY = (MentorRequest, Relationship, Meeting, MeetingFeedback, CheckIn, Impression)


@pytest.fixture(autouse=True)
def _debug_and_fresh_index(settings):
    settings.DEBUG = True
    forget()
    yield
    forget()


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_a_new_program_gets_six_months_of_dated_history_once(django_assert_max_num_queries):
    output = seed("--mentors", "30", "--mentees", "100", "--program", "hist", "--history")
    program = Program.objects.get(slug="hist")
    now = timezone.now()

    assert "History of six months" in output
    requests = MentorRequest.objects.filter(program=program)
    relationships = Relationship.objects.filter(program=program)
    assert requests.count() >= 80 and relationships.count() >= 40
    oldest = min(requests.values_list("created_at", flat=True))
    assert now - timedelta(days=181) < oldest < now - timedelta(days=120)
    assert max(requests.values_list("created_at", flat=True)) < now
    states = set(relationships.values_list("state", flat=True))
    assert {"active", "completed", "ended"} <= states
    reasons = set(relationships.exclude(close_reason="").values_list("close_reason", flat=True))
    assert {"goals_met", "not_a_good_fit"} <= reasons
    assert set(requests.values_list("state", flat=True)) >= {"accepted", "declined"}
    assert CheckIn.objects.filter(relationship__program=program, created_at__lt=now).exists()
    assert MeetingFeedback.objects.filter(meeting__relationship__program=program).exists()
    assert Meeting.objects.filter(relationship__program=program, state="held").exists()
    # Every pair was born from the real ranker: snapshot with breakdown and its version.
    version = active_ranker(program).version
    for relationship in relationships[:20]:
        assert relationship.ranker_version == version
        assert (relationship.match_rank or 0) >= 1
        factors = {f["factor"] for f in relationship.match_breakdown["factors"]}
        assert {"text", "timezone"} <= factors
    # No mentor holds more current relationships than their capacity.
    capacities = dict(
        MentorParticipation.objects.filter(membership__program=program).values_list(
            "pk", "capacity"
        )
    )
    for mentor_id, capacity in capacities.items():
        assert relationships.filter(mentor_id=mentor_id).current().count() <= capacity

    # People joined when the history says, not on the day it was seeded: mentors before
    # the first request, each mentee within two weeks before their own first request.
    first_asked = {
        row["mentee"]: row["first"]
        for row in requests.values("mentee").annotate(first=Min("sent_at"))
    }
    mentees = MenteeParticipation.objects.filter(pk__in=first_asked).select_related("membership")
    for mentee in mentees:
        waited = first_asked[mentee.pk] - mentee.membership.joined_at
        assert timedelta(0) < waited <= timedelta(days=14)
    generated = f"@{demo_domain(program.slug)}"
    mentor_joins = [
        joined
        for joined in Membership.objects.filter(
            program=program, mentor_participation__isnull=False, user__email__endswith=generated
        ).values_list("joined_at", flat=True)
        if joined is not None
    ]
    assert len(mentor_joins) == 30 and max(mentor_joins) < oldest
    assert max(mentor_joins) - min(mentor_joins) > timedelta(days=7)  # not all in one week
    waiting = Membership.objects.filter(
        program=program, mentee_participation__isnull=False, user__email__endswith=generated
    ).exclude(mentee_participation__in=first_asked)
    waiting_joins = list(waiting.values_list("joined_at", flat=True))
    assert waiting_joins and all(
        joined and now - timedelta(days=28) <= joined <= now for joined in waiting_joins
    )

    counts = [model._default_manager.count() for model in HISTORY]
    with django_assert_max_num_queries(12):
        assert "already loaded" in seed("--mentors", "30", "--mentees", "100", "--program", "hist")
    assert [model._default_manager.count() for model in HISTORY] == counts


@pytest.mark.django_db
def test_bulk_programs_for_benchmarks_have_no_history_unless_asked():
    seed("--mentors", "10", "--mentees", "20", "--program", "bulk")
    seed("--mentors", "10", "--mentees", "20", "--no-history")  # the demo, told not to
    for slug in ("bulk", "demo"):
        program = Program.objects.get(slug=slug)
        assert Membership.objects.filter(program=program).count() >= 30
        assert not MentorRequest.objects.filter(program=program).exists()
        assert not Relationship.objects.filter(program=program).exists()


@pytest.mark.django_db
def test_the_demo_history_has_signal_and_the_demo_mentee_can_still_ask_a_mentor():
    seed()
    program = Program.objects.get(slug="demo")
    mentee = Membership.objects.get(program=program, user__email="mentee@demo.test")
    participation = mentee.mentee_participation
    # The demo logins stay out of the history; they start with one relationship made by a
    # request and its acceptance: the demo mentor mentors the demo mentee and one other.
    demo_mentor_pairs = Relationship.objects.filter(
        mentor__membership__user__email="mentor@demo.test"
    )
    assert demo_mentor_pairs.current().count() == demo_mentor_pairs.count() == 2
    assert demo_mentor_pairs.filter(mentee=participation).exists()
    assert list(
        MentorRequest.objects.filter(mentee=participation).values_list("state", flat=True)
    ) == [MentorRequest.State.ACCEPTED]

    model = train_ranker(program_id=program.pk)
    assert model is not None
    auc = model.details["metrics"]["auc"]
    assert model.details["data"]["pairs"] >= MIN_PAIRS_TO_ACTIVATE
    assert auc["trained"]["low"] > 0.5  # the learned weights find the hidden fit

    # The walk-through: the admin activates it (the evidence allows it), the demo
    # mentee's new suggestions carry its version, and a rollback brings the old one back.
    admin = User.objects.get(email="admin@demo.test")
    default = active_ranker(program)
    activate_ranker(model=model, by=admin)
    compute_suggestions(mentee_id=participation.pk)
    versions = set(Suggestion.objects.filter(mentee=participation).values_list("ranker", flat=True))
    assert versions == {model.pk}
    activate_ranker(model=default, by=admin)
    compute_suggestions(mentee_id=participation.pk)
    top = Suggestion.objects.filter(mentee=participation).order_by("rank").first()
    assert top is not None and top.ranker_id == default.pk
    sent = send_request(
        mentee=participation,
        choices=[Choice(mentor=top.mentor, snapshot=Snapshot(score=top.score, rank=1))],
        message="Hello!",
        goals=[],
    )
    assert sent[0].state == MentorRequest.State.PENDING


@pytest.mark.django_db
def test_the_bulk_mentee_queries_equal_the_per_mentee_ones():
    seed("--mentors", "5", "--mentees", "40", "--program", "q", "--no-history")
    mentees = list(
        MenteeParticipation.objects.filter(membership__program__slug="q").select_related(
            "membership__user", "membership__program"
        )
    )
    bulk = fresh_mentee_queries(mentees)
    assert len(bulk) == 40 + 1  # the demo mentee login joined too
    for participation in mentees:
        assert bulk[participation.pk] == mentee_query(participation)

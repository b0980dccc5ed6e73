"""The world the permission matrix runs in: two pairs in one program, another program.

Built once per test module through the services (never raw rows where a service exists),
inside a transaction the module rolls back at the end. The people are the personas of
`tests/conftest.py` with the same emails and roles; they are rebuilt here because those
fixtures are function-scoped and building this world per check would take minutes.

- `mentee` and `mentor` are a pair (their relationship came from an accepted request) with
  an agreement, a goal, an action item, a held meeting with feedback and a private note
  each, messages, a concern report, a thank-you note, a circle and an introduction of the
  mentee to `other_mentor`.
- `other_mentee` and `other_mentor` are the other pair, with the same kinds of things, every
  text carrying a marker (`OTHER_MARKERS`) that must never reach anyone outside that pair
  and the program's admins.
- `program_admin` runs the program (participant imports, a join request to answer, a
  trained ranker version, a computed match run); `other_program_admin` runs "Summit".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from matching.index_cache import forget
from matching.models import MatchRun, ProposedPair, RankerModel, Suggestion
from matching.services.match_run_compute import compute_match_run
from matching.services.match_runs import start_match_run
from matching.services.suggestions import compute_suggestions, request_refresh
from matching.services.training import request_training
from mentorship.models import (
    Job,
    Membership,
    MenteeParticipation,
    MentorParticipation,
    Notification,
    NotificationKind,
    ParticipantImport,
    Program,
    User,
)
from mentorship.services.groups import set_group_question
from mentorship.services.notification_preferences import make_unsubscribe_token
from mentorship.services.participant_csv import template_csv
from mentorship.services.participant_import import preview_import
from relationships.models import (
    ActionItem,
    Circle,
    CircleMembership,
    CircleSession,
    ConcernReport,
    Goal,
    Introduction,
    Meeting,
    MentorRequest,
    Relationship,
    ThankYouNote,
)
from relationships.services.agreements import propose_agreement
from relationships.services.calendar_feed import calendar_feed_of
from relationships.services.circle_memberships import accept_circle_membership
from relationships.services.circles import open_circle
from relationships.services.feedback import give_feedback
from relationships.services.goals import add_action_item, add_goal
from relationships.services.introductions import introduce
from relationships.services.meetings import save_private_note
from relationships.services.messages import post_message
from relationships.services.recognition import send_thank_you
from relationships.services.requests import Choice, accept_request, send_request
from relationships.services.safety import report_concern
from tests.factories import UserFactory, make_member, make_program
from tests.matching.cohort import cohort
from tests.matching.learning_support import trained_model
from tests.relationships.circles_support import held_session
from tests.relationships.meetings_support import held_meeting

PERSONAS = (
    "visitor",
    "mentee",
    "other_mentee",
    "mentor",
    "other_mentor",
    "program_admin",
    "other_program_admin",
)

# Planted in the other pair's words; none may reach mentee, mentor or other_program_admin.
OTHER_MARKERS = {
    "request": "Qx7-otto-request-asks-for-olga",
    "request_message": "Qx7-otto-request-thread-note",
    "goal": "Qx7-otto-goal-run-a-marathon",
    "action_item": "Qx7-otto-action-item-book-venue",
    "message": "Qx7-otto-message-to-olga",
    "feedback": "Qx7-otto-feedback-comment",
    "private_note": "Qx7-olga-private-note",
    "mentee_private_note": "Qx7-otto-private-note",
    "concern": "Qx7-otto-concern-description",
    "thanks": "Qx7-otto-thanks-olga",
    "agreement": "Qx7-otto-agreement-expectations",
}
# The same kinds of words of the persona's own pair, so a leak check also proves that
# the page it reads shows such words at all (a check of an empty page cannot fail).
OWN_MARKERS = {
    key: value.replace("Qx7-otto", "Mk3-mia").replace("Qx7-olga", "Mk3-marcus")
    for key, value in OTHER_MARKERS.items()
}


@dataclass
class Pair:
    """One mentee and mentor with everything their relationship holds."""

    mentee: User
    mentor: User
    mentee_part: MenteeParticipation
    mentor_part: MentorParticipation
    request: MentorRequest
    relationship: Relationship
    goal: Goal
    action_item: ActionItem
    meeting: Meeting
    concern: ConcernReport
    thanks: ThankYouNote


@dataclass
class World:
    program: Program
    other_program: Program
    users: dict[str, User]
    pair: Pair
    other_pair: Pair
    join_request: Membership
    notification: Notification
    unsubscribe_token: str
    invitation: dict[str, str]
    participant_import: ParticipantImport
    calendar_token: str
    circle: Circle
    circle_membership: CircleMembership
    circle_session: CircleSession
    introduction: Introduction
    suggestion: Suggestion
    suggestions_job: Job
    training_job: Job
    ranker_model: RankerModel
    match_run: MatchRun
    match_pair: ProposedPair


def build_pair(program: Program, mentee: User, mentor: User, markers: dict[str, str]) -> Pair:
    """A relationship born from an accepted request, with one of each thing it holds."""
    mentee_part = Membership.objects.get(user=mentee, program=program).mentee_participation
    mentor_part = Membership.objects.get(user=mentor, program=program).mentor_participation
    (request, *_backups) = send_request(
        mentee=mentee_part, choices=[Choice(mentor=mentor_part)], message=markers["request"]
    )
    from relationships.services.requests import add_request_message

    add_request_message(request=request, by=mentee, body=markers["request_message"])
    relationship = accept_request(request=request, by=mentor)
    propose_agreement(
        relationship=relationship,
        by=mentor,
        goals_in_focus=[],
        cadence="fortnightly",
        channel="video",
        session_minutes=45,
        end_date=timezone.localdate() + datetime.timedelta(days=120),
        other_expectations=markers["agreement"],
    )
    goal = add_goal(relationship=relationship, by=mentee, title=markers["goal"])
    action_item = add_action_item(
        relationship=relationship, by=mentee, title=markers["action_item"], owner=mentee
    )
    meeting = held_meeting(relationship, mentor)
    give_feedback(meeting=meeting, by=mentee, rating=4, comment=markers["feedback"])
    save_private_note(meeting=meeting, by=mentor, body=markers["private_note"])
    save_private_note(meeting=meeting, by=mentee, body=markers["mentee_private_note"])
    post_message(relationship=relationship, by=mentee, body=markers["message"])
    concern = report_concern(
        relationship=relationship, by=mentee, category="other", description=markers["concern"]
    )
    thanks = send_thank_you(relationship=relationship, by=mentee, body=markers["thanks"])
    return Pair(
        mentee=mentee,
        mentor=mentor,
        mentee_part=mentee_part,
        mentor_part=mentor_part,
        request=request,
        relationship=relationship,
        goal=goal,
        action_item=action_item,
        meeting=meeting,
        concern=concern,
        thanks=thanks,
    )


def build_world() -> World:
    forget()
    program = make_program(slug="rise", name="Rise")
    # The program asks its optional group question, so the answer page exists.
    set_group_question(program=program, collects_group=True, group_question="Your community?")
    other_program = make_program(slug="summit", name="Summit")

    def member(email: str, name: str, roles: tuple[str, ...]) -> User:
        return make_member(program=program, roles=roles, email=email, display_name=name).user

    users = {
        "mentee": member("mentee@example.org", "Mia Mentee", ("mentee",)),
        "other_mentee": member("otto@example.org", "Otto Mentee", ("mentee",)),
        "mentor": member("mentor@example.org", "Marcus Mentor", ("mentor",)),
        "other_mentor": member("olga@example.org", "Olga Mentor", ("mentor",)),
    }
    users["program_admin"] = make_member(
        program=program, roles=(), is_admin=True, email="priya@example.org", display_name="Priya"
    ).user
    users["other_program_admin"] = make_member(
        program=other_program, roles=(), is_admin=True, email="sam@example.org", display_name="Sam"
    ).user
    mentee, mentor = users["mentee"], users["mentor"]
    other_mentee, other_mentor = users["other_mentee"], users["other_mentor"]

    pair = build_pair(program, mentee, mentor, OWN_MARKERS)
    other_pair = build_pair(program, other_mentee, other_mentor, OTHER_MARKERS)

    join_request = Membership.objects.create(
        user=UserFactory.create(email="jo@example.org", display_name="Jo Joiner"),
        program=program,
        status=Membership.Status.REQUESTED,
        requested_roles=["mentee"],
    )
    invited = UserFactory.create(email="ivy@example.org", display_name="Ivy Invited")
    invited.set_unusable_password()
    invited.save(update_fields=["password"])
    Membership.objects.create(user=invited, program=program, status=Membership.Status.ACTIVE)
    invitation = {
        "uidb64": urlsafe_base64_encode(force_bytes(invited.pk)),
        "token": default_token_generator.make_token(invited),
    }
    notification = Notification.objects.filter(recipient=mentee).latest("pk")
    unsubscribe_token = make_unsubscribe_token(
        user=mentee, kinds=[NotificationKind.REQUEST_RECEIVED]
    )
    participant_import = preview_import(
        program=program,
        uploaded_by=users["program_admin"],
        filename="people.csv",
        data=template_csv().encode(),
    )
    calendar_token = calendar_feed_of(user=mentee).token

    circle = open_circle(
        mentor=pair.mentor_part,
        by=mentor,
        topic="Finding a first job",
        description="We meet every other week.",
        capacity=4,
        invite=[pair.mentee_part],
    )
    circle_membership = CircleMembership.objects.get(circle=circle, mentee=pair.mentee_part)
    accept_circle_membership(membership=circle_membership, by=mentee)
    circle_session = held_session(circle, mentor, [mentee])
    introduction = introduce(
        by=mentor,
        mentee=pair.mentee_part,
        member=Membership.objects.get(user=other_mentor, program=program),
        note="You should talk about design careers",
    )

    # Matching: the mentee's suggestions (computed here, as the task would), a training
    # job, a trained ranker version, and a match run over a small unmatched cohort.
    suggestions_job = request_refresh(mentee=pair.mentee_part, by=mentee)
    compute_suggestions(mentee_id=pair.mentee_part.pk)
    suggestion = Suggestion.objects.filter(mentee=pair.mentee_part).order_by("rank").first()
    assert suggestion is not None, "the mentee needs a suggestion for the matrix"
    training_job = request_training(program=program, by=users["program_admin"])
    ranker_model = trained_model(program)
    cohort(program, size=2)
    match_run = start_match_run(
        program=program, by=users["program_admin"], objective="total_score", min_score=None
    )
    compute_match_run(run_id=match_run.pk)
    match_run.refresh_from_db()
    match_pair = ProposedPair.objects.filter(run=match_run).order_by("pk").first()
    assert match_pair is not None, "the match run needs a proposed pair for the matrix"

    return World(
        program=program,
        other_program=other_program,
        users=users,
        pair=pair,
        other_pair=other_pair,
        join_request=join_request,
        notification=notification,
        unsubscribe_token=unsubscribe_token,
        invitation=invitation,
        participant_import=participant_import,
        calendar_token=calendar_token,
        circle=circle,
        circle_membership=circle_membership,
        circle_session=circle_session,
        introduction=introduction,
        suggestion=suggestion,
        suggestions_job=suggestions_job,
        training_job=training_job,
        ranker_model=ranker_model,
        match_run=match_run,
        match_pair=match_pair,
    )

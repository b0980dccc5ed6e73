"""Who may see what of requests, and of the mentees behind them.

Reads of requests go through `requests_visible_to`; the people app asks
`mentee_visible_to_mentor` (or filters with `mentee_participations_seen_by`) before it
shows a mentee's profile and goals to a mentor.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Min, Q, QuerySet, Window

from mentorship.models import MenteeParticipation, User
from relationships.models import MentorRequest, Relationship
from relationships.models.requests import RequestQuerySet, sent_by, sent_to


def requests_visible_to(user: User | AnonymousUser) -> RequestQuerySet:
    """`MentorRequest.objects.visible_to`, minus queued backups addressed to the user.

    A mentor who also runs the program (or the platform) would otherwise see, through the
    admin path, the backups waiting for them: a queued request is the mentee's private plan
    B and stays hidden from the mentor it may one day reach.
    """
    if not user.is_authenticated:
        return MentorRequest.objects.none()
    return MentorRequest.objects.visible_to(user).exclude(
        Q(state=MentorRequest.State.QUEUED) & sent_to(user.pk)
    )


def own_requests(user: User | AnonymousUser) -> RequestQuerySet:
    """Requests the user sent (backups included) or received (never queued ones).

    Unlike `requests_visible_to`, requests seen only as a program admin are left out:
    this is the "mine" of the dashboard and of `GET requests/`.
    """
    if not user.is_authenticated:
        return MentorRequest.objects.none()
    received = sent_to(user.pk) & ~Q(state=MentorRequest.State.QUEUED)
    return requests_visible_to(user).filter(sent_by(user.pk) | received)


def newest_choices_first(requests: RequestQuerySet) -> RequestQuerySet:
    """Newest requests first, keeping the ranked choices made together in rank order."""
    return requests.annotate(
        choices_made_at=Window(Min("created_at"), partition_by=[F("choice_group")])
    ).order_by("-choices_made_at", "choice_group", "choice_rank")


def mentee_participations_seen_by(
    mentor_user: User | AnonymousUser,
) -> QuerySet[MenteeParticipation]:
    """Mentees whose profile and goals this user may read *as their mentor*.

    Those who sent them a request (in any state but queued: a queued backup never
    reached them) or who are or were matched with them. The mentee themself and program
    admins are the people app's business (`mentee_participations_visible_to`).
    """
    if not mentor_user.is_authenticated:
        return MenteeParticipation.objects.none()
    requested = (
        MentorRequest.objects.filter(mentor__membership__user_id=mentor_user.pk)
        .exclude(state=MentorRequest.State.QUEUED)
        .values("mentee_id")
    )
    matched = Relationship.objects.filter(mentor__membership__user_id=mentor_user.pk).values(
        "mentee_id"
    )
    return MenteeParticipation.objects.filter(Q(pk__in=requested) | Q(pk__in=matched))


def mentee_visible_to_mentor(
    mentor_user: User | AnonymousUser, mentee_participation: MenteeParticipation
) -> bool:
    """Whether `mentor_user` may see this mentee's profile and goals as their mentor."""
    return mentee_participations_seen_by(mentor_user).filter(pk=mentee_participation.pk).exists()

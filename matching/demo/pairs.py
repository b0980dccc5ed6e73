"""The demo logins' own relationships, so every walk-through starts from a real situation.

`mentor@demo.test` begins with two current mentees: `mentee@demo.test` and one generated
mentee. That is what a mentor opening a circle, introducing their mentee to someone, or
receiving a thank-you note needs, and it leaves the mentor room for one more (capacity 3).
The pairs are made the way people make them, through a request and its acceptance, so the
notifications, the request thread and the relationship page look as they would in use.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from mentorship.demo.roster import MENTEE_LOGIN, MENTOR_LOGIN
from mentorship.models import MenteeParticipation, MentorParticipation, Program
from relationships.models import MentorRequest, Relationship
from relationships.services.requests import Choice, accept_request, send_request

GREETING = (
    "Hello! I'm working towards my next step and your experience looks like exactly what "
    "I need. Would you mentor me?"
)


def start_demo_pairs(*, program: Program) -> list[Relationship]:
    """Pair the demo mentor with the demo mentee and one generated mentee (once, on load)."""
    mentor = MentorParticipation.objects.select_related("membership__user").get(
        membership__program=program, membership__user__email=MENTOR_LOGIN.email
    )
    demo_mentee = MenteeParticipation.objects.get(
        membership__program=program, membership__user__email=MENTEE_LOGIN.email
    )
    busy = Relationship.objects.filter(mentee=OuterRef("pk")).current()
    waiting = MentorRequest.objects.filter(
        mentee=OuterRef("pk"), state__in=MentorRequest.OPEN_STATES
    )
    generated = (
        MenteeParticipation.objects.filter(membership__program=program)
        .exclude(pk=demo_mentee.pk)
        .exclude(membership__user__email__in=[MENTOR_LOGIN.email, MENTEE_LOGIN.email])
        .exclude(Exists(busy))
        .exclude(Exists(waiting))
        .order_by("pk")
        .first()
    )
    relationships = []
    for mentee in (demo_mentee, generated):
        if mentee is None:  # a tiny program with nobody free: the demo mentee alone
            continue
        sent = send_request(mentee=mentee, choices=[Choice(mentor=mentor)], message=GREETING)
        relationships.append(accept_request(request=sent[0], by=mentor.membership.user))
    return relationships

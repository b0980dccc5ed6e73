"""Fetching circles and their sessions, and what the caller may see of them: pages and API.

Three levels. Anyone `Circle.objects.visible_to` lets through sees the circle's topic,
mentor and seats (a mentee browsing circles to join). Its mentor, active members and the
program's admins also see the roster (each member's name and headline, nothing more) and
the sessions; anyone else who may see the circle gets a 403 there. Shared session notes
are for the mentor and active members only: program admins see when a session was and
how it was rated on average, not what was said. Everyone else gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from mentorship.errors import ActionNotAllowed
from mentorship.models import Membership, User
from mentorship.services.programs import is_program_admin
from relationships.models import Circle, CircleMembership, CircleSession
from relationships.models.circles import CircleQuerySet


@dataclass(frozen=True)
class RosterEntry:
    """All a circle shows of a member: name and headline."""

    user_id: int
    name: str
    headline: str


@dataclass(frozen=True)
class CircleViewer:
    """What the caller is to a circle, and so what they may see and do there."""

    circle: Circle
    user: User
    is_mentor: bool
    is_admin: bool
    membership: CircleMembership | None  # the caller's current or latest membership row

    @property
    def is_member(self) -> bool:
        return (
            self.membership is not None and self.membership.state == CircleMembership.State.ACTIVE
        )

    @property
    def can_see_roster(self) -> bool:
        return self.is_mentor or self.is_admin or self.is_member

    @property
    def can_read_notes(self) -> bool:
        return self.is_mentor or self.is_member

    @property
    def can_manage(self) -> bool:
        return self.is_mentor or self.is_admin

    @property
    def can_request(self) -> bool:
        current = self.membership is not None and self.membership.state in (
            CircleMembership.CURRENT_STATES
        )
        return (
            self.circle.kind == Circle.Kind.PROGRAM
            and self.circle.is_open
            and not self.is_mentor
            and not current
        )


def with_seats(circles: CircleQuerySet) -> CircleQuerySet:
    """Circles with their program, mentor and `seats_taken`, in one query."""
    return circles.select_related("program", "mentor__membership__user").annotate(
        seats_taken=Count("memberships", filter=Q(memberships__state=CircleMembership.State.ACTIVE))
    )


def circles_listed_for(user: User) -> CircleQuerySet:
    """The circles page and `GET circles/`: visible circles, with the caller's own membership
    state (`my_state`, None when they have none) and seats, in one query."""
    mine = CircleMembership.objects.filter(
        circle_id=OuterRef("pk"), mentee__membership__user_id=user.pk
    ).order_by("-created_at", "-id")
    return (
        with_seats(Circle.objects.visible_to(user))
        .annotate(my_state=Subquery(mine.values("state")[:1]))
        .order_by("program__name", "-created_at", "-id")
    )


def visible_circle(user: User | AnonymousUser, circle_id: int) -> Circle:
    """A circle the user may know of, with seats; 404 otherwise."""
    return get_object_or_404(with_seats(Circle.objects.visible_to(user)), pk=circle_id)


def viewer_of(circle: Circle, user: User) -> CircleViewer:
    """The caller's standing in a circle (two small queries)."""
    membership = (
        CircleMembership.objects.filter(circle=circle, mentee__membership__user_id=user.pk)
        .order_by("-created_at", "-id")
        .first()
    )
    return CircleViewer(
        circle=circle,
        user=user,
        is_mentor=circle.mentor.membership.user_id == user.pk,
        is_admin=is_program_admin(user=user, program=circle.program),
        membership=membership,
    )


def roster_viewer(user: User, circle_id: int) -> CircleViewer:
    """The circle (404 if invisible) for someone who may see its members (403 otherwise)."""
    viewer = viewer_of(visible_circle(user, circle_id), user)
    if not viewer.can_see_roster:
        raise ActionNotAllowed(_("Only the circle's mentor and members can see this."))
    return viewer


def circle_session(
    user: User, circle_id: int, session_id: int
) -> tuple[CircleViewer, CircleSession]:
    """A session of a circle whose members the user may see (see `roster_viewer`)."""
    viewer = roster_viewer(user, circle_id)
    session = get_object_or_404(
        CircleSession.objects.filter(circle=viewer.circle).prefetch_related("attendees"),
        pk=session_id,
    )
    session.circle = viewer.circle
    return viewer, session


def roster_of(circle: Circle) -> list[RosterEntry]:
    """The active members' names and headlines (one query); the mentor comes separately."""
    rows = (
        CircleMembership.objects.filter(circle=circle, state=CircleMembership.State.ACTIVE)
        .select_related("mentee__membership__user__profile")
        .order_by("mentee__membership__user__display_name", "id")
    )
    return [_entry(row.mentee.membership) for row in rows]


def mentor_entry(circle: Circle) -> RosterEntry:
    membership = Membership.objects.select_related("user__profile").get(
        pk=circle.mentor.membership_id
    )
    return _entry(membership)


def _entry(membership: Membership) -> RosterEntry:
    user = membership.user
    profile = getattr(user, "profile", None)
    return RosterEntry(
        user_id=user.pk, name=user.name, headline=profile.headline if profile is not None else ""
    )


def waiting_answers(circle: Circle) -> list[CircleMembership]:
    """Invitations and requests still open (for the mentor and admins), oldest first."""
    return list(
        CircleMembership.objects.filter(
            circle=circle,
            state__in=[CircleMembership.State.REQUESTED, CircleMembership.State.INVITED],
        )
        .select_related("mentee__membership__user")
        .order_by("created_at", "id")
    )

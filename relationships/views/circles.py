"""Circle pages: my circles, opening and creating one, a circle, and the membership actions.

Circles are fetched through `Circle.objects.visible_to` (404 for anyone else); members,
sessions and open answers need the roster level of `relationships.circles_access` (403 for
a mentee who may only see the circle to ask to join). Actions post to one service each and
come back to the circle with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mentorship.errors import ActionNotAllowed, ApplicationError
from mentorship.models import Membership, MentorParticipation, Program, User
from mentorship.visibility import active_membership_with_role, admin_program
from relationships.circles_access import (
    CircleViewer,
    circles_listed_for,
    mentor_entry,
    roster_of,
    roster_viewer,
    viewer_of,
    visible_circle,
    waiting_answers,
)
from relationships.forms_circles import CircleCreateForm, CircleInviteForm, CircleOpenForm
from relationships.models import Circle, CircleMembership, CircleSession, CircleSessionRating
from relationships.services.circle_memberships import (
    accept_circle_membership,
    decline_circle_membership,
    leave_circle,
)
from relationships.services.circle_sessions import (
    RatingSummary,
    my_ratings,
    rating_summaries,
    sessions_of,
)
from relationships.services.circles import (
    circle_url,
    close_circle,
    create_program_circle,
    current_mentees_of,
    invite_to_circle,
    open_circle,
    request_to_join_circle,
)
from relationships.views.meetings import add_service_errors

TEMPLATES = "relationships/circles"


def viewer_for_roster(request: HttpRequest, circle_id: int) -> CircleViewer:
    """`roster_viewer` for pages: its ActionNotAllowed becomes the 403 page."""
    try:
        return roster_viewer(cast(User, request.user), circle_id)
    except ActionNotAllowed as error:
        raise PermissionDenied(error.message) from error


def run_action(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    """Run one service call for a POST and report its outcome as a message.

    An action the user may not take is a 403, as on every other page (`perform`); only
    input and state problems become messages.
    """
    try:
        action()
    except ActionNotAllowed as error:
        raise PermissionDenied(error.message) from error
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)


@dataclass(frozen=True)
class SessionRow:
    """A session in the circle's list: the summary only for managers, my own rating."""

    session: CircleSession
    summary: RatingSummary | None
    my_rating: CircleSessionRating | None


@dataclass
class CirclesPage:
    """The circles page, sorted by what the caller is to each circle."""

    hosting: list[Circle] = field(default_factory=list)
    member_of: list[Circle] = field(default_factory=list)
    invitations: list[Circle] = field(default_factory=list)
    requested: list[Circle] = field(default_factory=list)
    to_join: list[Circle] = field(default_factory=list)
    administered: list[Circle] = field(default_factory=list)
    past: list[Circle] = field(default_factory=list)
    can_open_in: list[Program] = field(default_factory=list)
    can_create_in: list[Program] = field(default_factory=list)


def build_circles_page(user: User) -> CirclesPage:
    """Every circle the user may see, sorted, in two queries however many there are."""
    memberships = list(
        Membership.objects.filter(user_id=user.pk)
        .filter(Q(status=Membership.Status.ACTIVE) | Q(is_admin=True))
        .select_related("program", "mentor_participation", "mentee_participation")
        .order_by("program__name", "program_id")
    )
    page = CirclesPage()
    mentee_programs = set()
    admin_programs = set()
    for membership in memberships:
        if membership.is_admin:
            admin_programs.add(membership.program_id)
            page.can_create_in.append(membership.program)
        if membership.is_active and membership.has_role("mentor"):
            page.can_open_in.append(membership.program)
        if membership.is_active and membership.has_role("mentee"):
            mentee_programs.add(membership.program_id)
    for circle in circles_listed_for(user):
        state = getattr(circle, "my_state", None)
        if circle.mentor.membership.user_id == user.pk:
            page.hosting.append(circle)
        elif state == CircleMembership.State.ACTIVE:
            page.member_of.append(circle)
        elif state == CircleMembership.State.INVITED:
            page.invitations.append(circle)
        elif state == CircleMembership.State.REQUESTED:
            page.requested.append(circle)
        elif (
            circle.kind == Circle.Kind.PROGRAM
            and circle.is_open
            and circle.program_id in mentee_programs
        ):
            page.to_join.append(circle)
        elif circle.program_id in admin_programs or user.is_staff:
            page.administered.append(circle)
        else:
            page.past.append(circle)
    return page


@login_required
def circle_list(request: HttpRequest) -> HttpResponse:
    """My circles, invitations for me, circles I may ask to join, and the ones I run."""
    page = build_circles_page(cast(User, request.user))
    return render(request, f"{TEMPLATES}/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def circle_open(request: HttpRequest, slug: str) -> HttpResponse:
    """A mentor opens a circle for their current mentees (404 for anyone not a mentor here)."""
    user = cast(User, request.user)
    membership = active_membership_with_role(user=user, slug=slug, role="mentor")
    mentor = membership.mentor_participation
    form = CircleOpenForm(request.POST or None, mentees=current_mentees_of(mentor))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            circle = open_circle(
                mentor=mentor,
                by=user,
                topic=values["topic"],
                description=values["description"],
                capacity=values["capacity"],
                invite=list(values["invite"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your circle is open; the mentees you chose are invited."))
            return redirect(circle_url(circle))
    return render(
        request,
        f"{TEMPLATES}/new.html",
        {"program": membership.program, "form": form, "by_mentor": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def circle_create(request: HttpRequest, slug: str) -> HttpResponse:
    """A program admin creates a circle with a mentor (404 non-members, 403 non-admins)."""
    user = cast(User, request.user)
    program = admin_program(user=user, slug=slug)
    mentors = (
        MentorParticipation.objects.filter(
            membership__program=program, membership__status=Membership.Status.ACTIVE
        )
        .select_related("membership__user")
        .order_by("membership__user__display_name")
    )
    form = CircleCreateForm(request.POST or None, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            circle = create_program_circle(
                program=program,
                by=user,
                mentor=values["mentor"],
                topic=values["topic"],
                description=values["description"],
                capacity=values["capacity"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The circle is created; the program's mentees can ask to join.")
            )
            return redirect(circle_url(circle))
    return render(
        request, f"{TEMPLATES}/new.html", {"program": program, "form": form, "by_mentor": False}
    )


def _invite_form(viewer: CircleViewer, data: Any = None) -> CircleInviteForm | None:
    """The mentor's invite form, offering current mentees not yet invited or in."""
    circle = viewer.circle
    if not (viewer.is_mentor and circle.is_open and circle.kind == Circle.Kind.MENTOR):
        return None
    taken = circle.memberships.filter(state__in=CircleMembership.CURRENT_STATES).values("mentee_id")
    mentees = current_mentees_of(circle.mentor).exclude(pk__in=taken)
    return CircleInviteForm(data, mentees=mentees)


@login_required
def circle_detail(request: HttpRequest, circle_id: int) -> HttpResponse:
    """A circle: what it is, and for its mentor, members and admins, who is in and when it
    meets. Others who may see it (mentees of the program) see only what they need to ask."""
    user = cast(User, request.user)
    viewer = viewer_of(visible_circle(user, circle_id), user)
    context: dict[str, Any] = {"circle": viewer.circle, "viewer": viewer}
    if viewer.can_see_roster:
        sessions = list(sessions_of(viewer.circle))
        summaries = rating_summaries(sessions) if viewer.can_manage else {}
        mine = my_ratings(sessions=sessions, user=user)
        context.update(
            mentor=mentor_entry(viewer.circle),
            roster=roster_of(viewer.circle),
            sessions=[
                SessionRow(session, summaries.get(session.pk), mine.get(session.pk))
                for session in sessions
            ],
        )
    if viewer.can_manage:
        context["waiting"] = waiting_answers(viewer.circle)
    context["invite_form"] = _invite_form(viewer)
    return render(request, f"{TEMPLATES}/detail.html", context)


@login_required
@require_POST
def circle_invite(request: HttpRequest, circle_id: int) -> HttpResponse:
    viewer = viewer_for_roster(request, circle_id)
    form = _invite_form(viewer, request.POST)
    if form is None:
        raise PermissionDenied(_("Only the circle's mentor can invite mentees."))
    if form.is_valid():
        run_action(
            request,
            lambda: invite_to_circle(
                circle=viewer.circle,
                by=cast(User, request.user),
                mentees=list(form.cleaned_data["mentees"]),
            ),
            _("Invited: each mentee joins by accepting."),
        )
    else:
        messages.error(request, _("Choose at least one of your current mentees to invite."))
    return redirect(circle_url(viewer.circle))


@login_required
@require_POST
def circle_join(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = visible_circle(request.user, circle_id)
    run_action(
        request,
        lambda: request_to_join_circle(circle=circle, by=cast(User, request.user)),
        _("You asked to join; the mentor will answer."),
    )
    return redirect(circle_url(circle))


@login_required
@require_POST
def circle_answer(
    request: HttpRequest, circle_id: int, membership_id: int, decision: str
) -> HttpResponse:
    """Accept or decline an invitation (the mentee) or a request (the mentor, an admin)."""
    circle = visible_circle(request.user, circle_id)
    membership = get_object_or_404(CircleMembership.objects.filter(circle=circle), pk=membership_id)
    user = cast(User, request.user)
    if decision == "accept":
        run_action(
            request,
            lambda: accept_circle_membership(membership=membership, by=user),
            _("Accepted: the seat is taken."),
        )
    else:
        run_action(
            request,
            lambda: decline_circle_membership(membership=membership, by=user),
            _("Declined."),
        )
    return redirect(circle_url(circle))


@login_required
@require_POST
def circle_leave(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = visible_circle(request.user, circle_id)
    run_action(
        request,
        lambda: leave_circle(circle=circle, by=cast(User, request.user)),
        _("You left the circle."),
    )
    return redirect(circle_url(circle))


@login_required
@require_POST
def circle_close(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = visible_circle(request.user, circle_id)
    run_action(
        request,
        lambda: close_circle(circle=circle, by=cast(User, request.user)),
        _("The circle is closed."),
    )
    return redirect(circle_url(circle))

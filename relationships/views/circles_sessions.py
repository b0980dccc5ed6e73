"""Group session pages of a circle: schedule, a session, log, cancel, notes, rate, .ics.

Reached only at the roster level (`circles_access.roster_viewer`): the circle's mentor,
its active members and the program's admins; shared notes are shown to the mentor and
members only, and each rating's comment to its author only.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mentorship.errors import ActionNotAllowed, ApplicationError
from mentorship.models import User
from relationships.circles_access import CircleViewer, circle_session
from relationships.circles_ics import circle_session_event
from relationships.forms_circles import SessionLogForm, SessionNotesForm, SessionRatingForm
from relationships.forms_meetings import MeetingForm
from relationships.ics import write_calendar
from relationships.models import CircleSession
from relationships.services.circle_sessions import (
    active_member_users,
    cancel_circle_session,
    log_circle_session,
    my_ratings,
    rate_circle_session,
    rating_summaries,
    save_circle_session_notes,
    schedule_circle_session,
    session_url,
)
from relationships.services.circles import circle_url
from relationships.views.circles import run_action, viewer_for_roster
from relationships.views.meetings import add_service_errors, ics_response

TEMPLATES = "relationships/circles"


def _session(
    request: HttpRequest, circle_id: int, session_id: int
) -> tuple[CircleViewer, CircleSession]:
    try:
        return circle_session(cast(User, request.user), circle_id, session_id)
    except ActionNotAllowed as error:
        raise PermissionDenied(error.message) from error


@login_required
@require_http_methods(["GET", "POST"])
def session_schedule(request: HttpRequest, circle_id: int) -> HttpResponse:
    """The mentor schedules a group session (the form of one-to-one meetings)."""
    viewer = viewer_for_roster(request, circle_id)
    if not viewer.is_mentor:
        raise PermissionDenied(_("Only the circle's mentor can schedule its sessions."))
    form = MeetingForm(request.POST or None, initial={"duration_minutes": 60})
    if request.method == "POST" and form.is_valid():
        try:
            session = schedule_circle_session(
                circle=viewer.circle, by=cast(User, request.user), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(circle_url(viewer.circle))
        else:
            messages.success(request, _("The session is scheduled; the members are told."))
            return redirect(session_url(session))
    return render(request, f"{TEMPLATES}/session_new.html", {"circle": viewer.circle, "form": form})


@login_required
def session_detail(request: HttpRequest, circle_id: int, session_id: int) -> HttpResponse:
    viewer, session = _session(request, circle_id, session_id)
    user = cast(User, request.user)
    attended = any(person.pk == user.pk for person in session.attendees.all())
    mine = my_ratings(sessions=[session], user=user).get(session.pk)
    can_rate = session.state == CircleSession.State.HELD and attended and mine is None
    can_edit_notes = (
        viewer.can_read_notes
        and viewer.circle.is_open
        and session.state != CircleSession.State.CANCELLED
    )
    return render(
        request,
        f"{TEMPLATES}/session_detail.html",
        {
            "circle": viewer.circle,
            "viewer": viewer,
            "session": session,
            "summary": rating_summaries([session])[session.pk] if viewer.can_manage else None,
            "my_rating": mine,
            "rating_form": SessionRatingForm() if can_rate else None,
            "notes_form": SessionNotesForm(initial={"shared_notes": session.shared_notes})
            if can_edit_notes
            else None,
            "can_log": viewer.is_mentor
            and viewer.circle.is_open
            and session.state == CircleSession.State.SCHEDULED
            and session.starts_at <= timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_log(request: HttpRequest, circle_id: int, session_id: int) -> HttpResponse:
    """The mentor logs the session as held, with who came and the shared notes."""
    viewer, session = _session(request, circle_id, session_id)
    if not viewer.is_mentor:
        raise PermissionDenied(_("Only the circle's mentor can log its sessions."))
    form = SessionLogForm(request.POST or None, members=active_member_users(viewer.circle))
    if request.method == "POST" and form.is_valid():
        try:
            log_circle_session(
                session=session,
                by=cast(User, request.user),
                attendees=form.attendee_users(),
                shared_notes=form.cleaned_data["shared_notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(session_url(session))
        else:
            messages.success(request, _("The session is logged; the attendees can rate it."))
            return redirect(session_url(session))
    return render(
        request,
        f"{TEMPLATES}/session_log.html",
        {"circle": viewer.circle, "session": session, "form": form},
    )


@login_required
@require_POST
def session_cancel(request: HttpRequest, circle_id: int, session_id: int) -> HttpResponse:
    _viewer, session = _session(request, circle_id, session_id)
    run_action(
        request,
        lambda: cancel_circle_session(session=session, by=cast(User, request.user)),
        _("The session is cancelled; the members are told."),
    )
    return redirect(session_url(session))


@login_required
@require_POST
def session_notes(request: HttpRequest, circle_id: int, session_id: int) -> HttpResponse:
    _viewer, session = _session(request, circle_id, session_id)
    form = SessionNotesForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: save_circle_session_notes(
                session=session,
                by=cast(User, request.user),
                shared_notes=form.cleaned_data["shared_notes"],
            ),
            _("The shared notes are saved."),
        )
    else:
        messages.error(request, _("Keep the notes under 10,000 characters."))
    return redirect(session_url(session))


@login_required
@require_POST
def session_rate(request: HttpRequest, circle_id: int, session_id: int) -> HttpResponse:
    _viewer, session = _session(request, circle_id, session_id)
    # 403 before the form: only attendees rate (the service checks again).
    if not session.attendees.filter(pk=request.user.pk).exists():
        raise PermissionDenied(_("Only those who attended can rate this session."))
    form = SessionRatingForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: rate_circle_session(
                session=session, by=cast(User, request.user), **form.cleaned_data
            ),
            _("Thank you: your rating is saved."),
        )
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return redirect(session_url(session))


@login_required
def session_ics(request: HttpRequest, circle_id: int, session_id: int) -> HttpResponse:
    """The session as an .ics file, for the mentor and each member."""
    viewer, session = _session(request, circle_id, session_id)
    if not (viewer.is_mentor or viewer.is_member):
        raise PermissionDenied(_("Only the circle's mentor and members attend its sessions."))
    calendar = write_calendar([circle_session_event(session, stamp=timezone.now())])
    return ics_response(calendar, filename=f"circle-session-{session.pk}.ics")

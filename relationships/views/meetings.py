"""Meeting pages: the timeline, scheduling, a meeting, logging, rating, private note, .ics.

Only the pair reaches these pages: the relationship is fetched through `visible_to` (404
for strangers), and program admins, who may see the relationship, get a 403 here.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentorship.errors import ActionNotAllowed, ApplicationError
from mentorship.models import User
from relationships.forms_meetings import (
    ActionItemFormSet,
    FeedbackForm,
    MeetingForm,
    MeetingLogForm,
    PrivateNoteForm,
    meeting_initial,
)
from relationships.ics import meeting_event, write_calendar
from relationships.meetings_access import participant_meeting, participant_relationship
from relationships.meetings_timeline import timeline_entries, timeline_for
from relationships.models import Meeting, Relationship
from relationships.services.feedback import give_feedback
from relationships.services.meetings import (
    log_meeting,
    meeting_url,
    private_note_of,
    save_private_note,
    schedule_meeting,
    update_meeting,
)

TEMPLATES = "relationships/meetings"


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form's fields (or on top of the form)."""
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


def pair_relationship(request: HttpRequest, relationship_id: int) -> Relationship:
    try:
        return participant_relationship(cast(User, request.user), relationship_id)
    except ActionNotAllowed as error:
        raise PermissionDenied(error.message) from error


def pair_meeting(request: HttpRequest, relationship_id: int, meeting_id: int) -> Meeting:
    try:
        return participant_meeting(cast(User, request.user), relationship_id, meeting_id)
    except ActionNotAllowed as error:
        raise PermissionDenied(error.message) from error


def _people(relationship: Relationship) -> list[User]:
    return [relationship.mentee.membership.user, relationship.mentor.membership.user]


@login_required
def meeting_list(request: HttpRequest, relationship_id: int) -> HttpResponse:
    """All of a relationship's meetings, newest first."""
    relationship = pair_relationship(request, relationship_id)
    entries = timeline_for(relationship, cast(User, request.user))
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {"relationship": relationship, "entries": entries},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_schedule(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = pair_relationship(request, relationship_id)
    user = cast(User, request.user)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = schedule_meeting(relationship=relationship, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("meeting_list", relationship.pk)
        else:
            messages.success(request, _("The meeting is scheduled; the other side is told."))
            return redirect(meeting_url(meeting))
    return render(
        request, f"{TEMPLATES}/schedule.html", {"relationship": relationship, "form": form}
    )


@login_required
def meeting_detail(request: HttpRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    """One meeting: its details, shared notes and action items, my rating and my own note."""
    meeting = pair_meeting(request, relationship_id, meeting_id)
    user = cast(User, request.user)
    [entry] = timeline_entries([meeting], relationship=meeting.relationship, user=user)
    note = private_note_of(meeting=meeting, user=user)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "relationship": meeting.relationship,
            "meeting": meeting,
            "entry": entry,
            "note_form": PrivateNoteForm(initial={"body": note.body if note else ""}),
            "feedback_form": FeedbackForm() if entry.can_rate else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    """Reschedule a meeting or edit its agenda, while it is scheduled."""
    meeting = pair_meeting(request, relationship_id, meeting_id)
    form = MeetingForm(request.POST or None, initial=meeting_initial(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            update_meeting(meeting=meeting, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(meeting_url(meeting))
        else:
            messages.success(request, _("The meeting is updated."))
            return redirect(meeting_url(meeting))
    return render(
        request,
        f"{TEMPLATES}/edit.html",
        {"relationship": meeting.relationship, "meeting": meeting, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_log(request: HttpRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    """Log what happened, with shared notes, a private note and action items."""
    meeting = pair_meeting(request, relationship_id, meeting_id)
    people = _people(meeting.relationship)
    data = request.POST if request.method == "POST" else None
    form = MeetingLogForm(data)
    items = ActionItemFormSet(data, prefix="items", form_kwargs={"people": people})
    if request.method == "POST" and form.is_valid() and items.is_valid():
        action_items = [item for item in (f.action_item() for f in items.forms) if item]
        try:
            log_meeting(
                meeting=meeting,
                by=cast(User, request.user),
                state=form.cleaned_data["state"],
                actual_minutes=form.cleaned_data["actual_minutes"],
                shared_notes=form.cleaned_data["shared_notes"],
                private_note=form.cleaned_data["private_note"],
                action_items=action_items,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(meeting_url(meeting))
        else:
            messages.success(request, _("The meeting is logged."))
            return redirect(meeting_url(meeting))
    return render(
        request,
        f"{TEMPLATES}/log.html",
        {
            "relationship": meeting.relationship,
            "meeting": meeting,
            "form": form,
            "items": items,
            "not_started": meeting.starts_at > timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_feedback(request: HttpRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    """Rate a held meeting, once; only the one who rates ever sees the rating."""
    meeting = pair_meeting(request, relationship_id, meeting_id)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            give_feedback(meeting=meeting, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(meeting_url(meeting))
        else:
            messages.success(request, _("Thank you: your rating is saved."))
            return redirect(meeting_url(meeting))
    return render(
        request,
        f"{TEMPLATES}/feedback.html",
        {"relationship": meeting.relationship, "meeting": meeting, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_private_note(
    request: HttpRequest, relationship_id: int, meeting_id: int
) -> HttpResponse:
    """Write, change or delete my own private note on a meeting."""
    meeting = pair_meeting(request, relationship_id, meeting_id)
    user = cast(User, request.user)
    note = private_note_of(meeting=meeting, user=user)
    form = PrivateNoteForm(request.POST or None, initial={"body": note.body if note else ""})
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_private_note(meeting=meeting, by=user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(meeting_url(meeting))
        else:
            messages.success(
                request,
                _("Your private note is saved.") if saved else _("Your private note is deleted."),
            )
            return redirect(meeting_url(meeting))
    return render(
        request,
        f"{TEMPLATES}/private_note.html",
        {"relationship": meeting.relationship, "meeting": meeting, "form": form},
    )


def ics_response(calendar: str, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def meeting_ics(request: HttpRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    """The meeting as an .ics file to add to one's calendar."""
    meeting = pair_meeting(request, relationship_id, meeting_id)
    calendar = write_calendar([meeting_event(meeting, stamp=timezone.now())])
    return ics_response(calendar, filename=f"meeting-{meeting.pk}.ics")

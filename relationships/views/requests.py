"""Request pages: ask a mentor (with ranked backups), and one request with its thread.

The detail page is the place where a mentor accepts or declines and where the pair talk
before deciding; the mentee withdraws there too. Every action is a POST to its own URL,
which redirects back (or re-renders with the form's errors).
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.errors import ActionNotAllowed, ApplicationError
from mentorship.models import MenteeGoal, MentorParticipation, User
from mentorship.visibility import active_membership_with_role
from relationships.access import requests_visible_to
from relationships.forms_requests import (
    DeclineForm,
    RequestForm,
    RequestMessageForm,
    add_service_errors,
)
from relationships.models import MentorRequest, RequestMessage
from relationships.services.requests import (
    accept_request,
    add_request_message,
    decline_request,
    send_request,
    withdraw_request,
)


@login_required
def request_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A mentee asks a mentor of the program, with up to two ranked backups."""
    user = cast(User, request.user)
    membership = active_membership_with_role(user=user, slug=slug, role="mentee")
    program = membership.program
    mentee = membership.mentee_participation
    choosable = MentorParticipation.objects.visible_to(user).select_related(
        "membership__user", "membership__program"
    )
    listed = (
        choosable.filter(membership__program=program)
        .exclude(membership__user_id=user.pk)
        .order_by("membership__user__display_name", "membership__user__email")
    )
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        mentee=mentee,
        choosable=choosable,
        listed=listed,
        initial={"mentor": _preselected_mentor(request)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = send_request(
                mentee=mentee,
                choices=form.choices(),
                message=form.cleaned_data["message"],
                goals=list(form.cleaned_data["goals"]),
            )
        except (ValidationError, ApplicationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request is on its way to %(name)s.")
                % {"name": created[0].mentor.membership.user.name},
            )
            return redirect("request_detail", pk=created[0].pk)
    return render(request, "relationships/requests/new.html", {"program": program, "form": form})


def _preselected_mentor(request: HttpRequest) -> int | None:
    """The mentor of `?mentor=` (a mentor participation id); anything else is ignored."""
    value = request.GET.get("mentor", "")
    return int(value) if value.isdecimal() else None


def _visible_request(request: HttpRequest, pk: int) -> MentorRequest:
    """The request if the user may see it (a 404 otherwise), with what its page shows."""
    return get_object_or_404(
        requests_visible_to(request.user)
        .select_related(
            "program", "mentee__membership__user", "mentor__membership__user", "relationship"
        )
        .prefetch_related(
            Prefetch("goals", queryset=MenteeGoal.objects.select_related("goal_area")),
            Prefetch("messages", queryset=RequestMessage.objects.select_related("author")),
        ),
        pk=pk,
    )


def _side(mentor_request: MentorRequest, user: User) -> str | None:
    if mentor_request.mentee.membership.user_id == user.pk:
        return "mentee"
    if mentor_request.mentor.membership.user_id == user.pk:
        return "mentor"
    return None


def _render_detail(
    request: HttpRequest,
    mentor_request: MentorRequest,
    *,
    decline_form: DeclineForm | None = None,
    message_form: RequestMessageForm | None = None,
) -> HttpResponse:
    user = cast(User, request.user)
    side = _side(mentor_request, user)
    pending = mentor_request.state == MentorRequest.State.PENDING
    choices: list[MentorRequest] = []
    if side == "mentee":
        # The other ranked choices made together: the mentee's own plan, shown to them only.
        choices = list(
            MentorRequest.objects.filter(choice_group=mentor_request.choice_group)
            .select_related("mentor__membership__user")
            .order_by("choice_rank")
        )
    relationship = getattr(mentor_request, "relationship", None)
    return render(
        request,
        "relationships/requests/detail.html",
        {
            "req": mentor_request,
            "program": mentor_request.program,
            "side": side,
            "choices": choices,
            "relationship": relationship,
            "can_answer": side == "mentor" and pending,
            "can_withdraw": side == "mentee" and mentor_request.is_open,
            "can_write": side is not None and pending,
            "decline_form": decline_form or DeclineForm(),
            "message_form": message_form or RequestMessageForm(),
        },
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: its state, message, goals and thread, and the actions open to the user."""
    return _render_detail(request, _visible_request(request, pk))


@login_required
@require_POST
def request_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The mentor accepts; at capacity nothing changes and the page says why."""
    mentor_request = _visible_request(request, pk)
    try:
        relationship = accept_request(request=mentor_request, by=cast(User, request.user))
    except ActionNotAllowed as error:
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:  # at capacity, or no longer pending
        messages.error(request, error.message)
        return redirect("request_detail", pk=mentor_request.pk)
    messages.success(
        request,
        _("You are now %(name)s's mentor. Agree your expectations and plan a first meeting.")
        % {"name": mentor_request.mentee.membership.user.name},
    )
    return redirect(reverse("relationship_detail", args=[relationship.pk]))


@login_required
@require_POST
def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """The mentor declines with a reason and an optional note."""
    mentor_request = _visible_request(request, pk)
    if _side(mentor_request, cast(User, request.user)) != "mentor":
        raise PermissionDenied(_("Only the mentor this request was sent to can answer it."))
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            decline_request(
                request=mentor_request,
                by=cast(User, request.user),
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("request_detail", pk=mentor_request.pk)
        else:
            messages.success(request, _("You declined the request; the mentee has been told."))
            return redirect("request_detail", pk=mentor_request.pk)
    return _render_detail(request, mentor_request, decline_form=form)


@login_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The mentee takes a request back (a pending one hands over to the next backup)."""
    mentor_request = _visible_request(request, pk)
    try:
        withdraw_request(request=mentor_request, by=cast(User, request.user))
    except ActionNotAllowed as error:
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You withdrew your request."))
    return redirect("request_detail", pk=mentor_request.pk)


@login_required
@require_POST
def request_message(request: HttpRequest, pk: int) -> HttpResponse:
    """A question from the mentor, or the mentee's answer, while the request is pending."""
    mentor_request = _visible_request(request, pk)
    if _side(mentor_request, cast(User, request.user)) is None:
        raise PermissionDenied(_("Only the mentee and the mentor can write here."))
    form = RequestMessageForm(request.POST)
    if form.is_valid():
        try:
            add_request_message(
                request=mentor_request, by=cast(User, request.user), body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("request_detail", pk=mentor_request.pk)
        else:
            return redirect(reverse("request_detail", args=[mentor_request.pk]) + "#thread")
    return _render_detail(request, mentor_request, message_form=form)

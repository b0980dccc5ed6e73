"""Introduction pages: the list, making one, one introduction with its answers and follow-up.

Every introduction is fetched through `Introduction.objects.visible_to`, so anyone but the
introducer, the mentee, the introduced member and the program's admins gets a 404. Admins
see who was introduced to whom and the state, never the note or anyone's contact.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mentorship.models import User
from mentorship.services.programs import is_program_admin
from mentorship.visibility import programs_with_inner_access
from relationships.forms_introductions import (
    DeclineIntroductionForm,
    FollowUpForm,
    IntroductionForm,
)
from relationships.ics import write_calendar
from relationships.introductions_ics import follow_up_event
from relationships.models import Introduction
from relationships.services.introductions import (
    accept_introduction,
    cancel_follow_up,
    connection_blocked,
    decline_introduction,
    introduce,
    introducible_members,
    introducible_mentees,
    introduction_url,
    set_follow_up,
    withdraw_introduction,
)
from relationships.views.meetings import ics_response
from relationships.views.relationship_common import perform

INTRODUCTIONS_PER_PAGE = 25
INTRODUCTION_RELATED = (
    "program",
    "introduced_by",
    "mentee__membership__user",
    "member__user",
)


def get_introduction(request: HttpRequest, introduction_id: int) -> Introduction:
    """The introduction if this user may see it, else 404."""
    return get_object_or_404(
        Introduction.objects.visible_to(request.user).select_related(*INTRODUCTION_RELATED),
        pk=introduction_id,
    )


@require_GET
@login_required
def introduction_list(request: HttpRequest) -> HttpResponse:
    """Introductions waiting for my answer, then every introduction I can see."""
    user = cast(User, request.user)
    visible = Introduction.objects.visible_to(user).select_related(*INTRODUCTION_RELATED)
    waiting = list(visible.pending().filter(member__user_id=user.pk).order_by("created_at"))
    page = Paginator(visible.order_by("-created_at", "-id"), INTRODUCTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "relationships/introductions/list.html",
        {"waiting": waiting, "page": page, "viewer": user},
    )


@require_GET
@login_required
def introduction_dashboard_section(request: HttpRequest) -> HttpResponse:
    """The dashboard's introductions (to answer, waiting, my connections), loaded by htmx
    after the dashboard itself, so the dashboard's own fixed query budget is untouched."""
    return render(request, "relationships/introductions/_dashboard.html")


@login_required
def introduction_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A mentor introduces one of their mentees (a program admin: any mentee) to a member."""
    user = cast(User, request.user)
    program = get_object_or_404(programs_with_inner_access(user), slug=slug)
    mentees = (
        introducible_mentees(user)
        .filter(membership__program=program)
        .select_related("membership__user")
        .order_by("membership__user__display_name", "membership__user__email")
    )
    if not mentees.exists():
        raise PermissionDenied(
            _("You can introduce the mentees you mentor now, or any mentee of a program you run.")
        )
    preselected = mentees.filter(membership_id=request.GET.get("mentee") or 0).first()
    members = introducible_members(program=program).exclude(user_id=user.pk)
    if preselected is not None:
        members = members.exclude(pk=preselected.membership_id)
    form = IntroductionForm(
        request.POST if request.method == "POST" else None,
        mentees=mentees,
        members=members,
        initial={"mentee": preselected.pk if preselected else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: list[Introduction] = []
        ok = perform(
            request,
            lambda: created.append(
                introduce(by=user, mentee=data["mentee"], member=data["member"], note=data["note"])
            ),
            form=form,
            success=_("Introduction sent. We will tell you when they answer."),
        )
        if ok:
            return redirect(introduction_url(created[0]))
        if not form.errors:
            form.add_error(None, _("The introduction could not be sent."))
    return render(
        request,
        "relationships/introductions/new.html",
        {"program": program, "form": form, "preselected": preselected},
    )


def _detail_context(
    request: HttpRequest,
    introduction: Introduction,
    *,
    decline_form: DeclineIntroductionForm | None = None,
    follow_up_form: FollowUpForm | None = None,
) -> dict[str, Any]:
    user = cast(User, request.user)
    role = introduction.role_of(user)
    connected = introduction.is_accepted and role in ("mentee", "member")
    blocked = connected and connection_blocked(introduction)
    can_arrange = connected and not blocked
    follow_up_initial: dict[str, Any] = {}
    if introduction.follow_up_at is not None:
        follow_up_initial = {
            "starts_at": timezone.localtime(introduction.follow_up_at),
            "duration_minutes": introduction.follow_up_minutes,
            "mode": introduction.follow_up_mode,
            "location": introduction.follow_up_location,
        }
    return {
        "introduction": introduction,
        "role": role,
        "sees_details": introduction.sees_details(user),
        "can_answer": role == "member" and introduction.is_pending,
        "can_withdraw": introduction.is_pending
        and (
            role in ("introducer", "mentee")
            or is_program_admin(user=user, program=introduction.program)
        ),
        "show_contact": can_arrange,
        "connection_blocked": blocked,
        "decline_form": decline_form or DeclineIntroductionForm(),
        "follow_up_form": (follow_up_form or FollowUpForm(initial=follow_up_initial))
        if can_arrange
        else None,
    }


@require_GET
@login_required
def introduction_detail(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = get_introduction(request, introduction_id)
    return render(
        request,
        "relationships/introductions/detail.html",
        _detail_context(request, introduction),
    )


@require_POST
@login_required
def introduction_accept(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = get_introduction(request, introduction_id)
    perform(
        request,
        lambda: accept_introduction(introduction=introduction, by=cast(User, request.user)),
        success=_("You are connected. You can now see each other's contact."),
    )
    return redirect(introduction_url(introduction))


@require_POST
@login_required
def introduction_decline(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = get_introduction(request, introduction_id)
    form = DeclineIntroductionForm(request.POST)
    if form.is_valid():
        ok = perform(
            request,
            lambda: decline_introduction(
                introduction=introduction,
                by=cast(User, request.user),
                note=form.cleaned_data["note"],
            ),
            form=form,
            success=_("You declined the introduction."),
        )
        if ok or not form.errors:
            return redirect(introduction_url(introduction))
    return render(
        request,
        "relationships/introductions/detail.html",
        _detail_context(request, introduction, decline_form=form),
    )


@require_POST
@login_required
def introduction_withdraw(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = get_introduction(request, introduction_id)
    perform(
        request,
        lambda: withdraw_introduction(introduction=introduction, by=cast(User, request.user)),
        success=_("The introduction was withdrawn."),
    )
    return redirect(introduction_url(introduction))


@require_POST
@login_required
def introduction_follow_up(request: HttpRequest, introduction_id: int) -> HttpResponse:
    """Fix or move the follow-up meeting (the two connected people only)."""
    introduction = get_introduction(request, introduction_id)
    if introduction.role_of(cast(User, request.user)) not in ("mentee", "member"):
        raise PermissionDenied(_("Only the two people introduced can arrange a follow-up."))
    form = FollowUpForm(request.POST)
    if form.is_valid():
        ok = perform(
            request,
            lambda: set_follow_up(
                introduction=introduction, by=cast(User, request.user), **form.cleaned_data
            ),
            form=form,
            success=_("The follow-up meeting is set."),
        )
        if ok or not form.errors:
            return redirect(introduction_url(introduction))
    context = _detail_context(request, introduction, follow_up_form=form)
    if context["follow_up_form"] is None:
        return redirect(introduction_url(introduction))
    return render(request, "relationships/introductions/detail.html", context)


@require_POST
@login_required
def introduction_follow_up_cancel(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = get_introduction(request, introduction_id)
    perform(
        request,
        lambda: cancel_follow_up(introduction=introduction, by=cast(User, request.user)),
        success=_("The follow-up meeting is called off."),
    )
    return redirect(introduction_url(introduction))


@require_GET
@login_required
def introduction_follow_up_ics(request: HttpRequest, introduction_id: int) -> HttpResponse:
    """The follow-up meeting as an .ics file: for the two connected people only."""
    introduction = get_introduction(request, introduction_id)
    if (
        introduction.role_of(cast(User, request.user)) not in ("mentee", "member")
        or introduction.follow_up_at is None
    ):
        raise Http404
    calendar = write_calendar([follow_up_event(introduction, stamp=timezone.now())])
    return ics_response(calendar, filename=f"introduction-{introduction.pk}.ics")

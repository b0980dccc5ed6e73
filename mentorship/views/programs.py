"""Program pages: the programs hub, a program's page, joining and leaving, its members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.errors import InvalidTransition
from mentorship.forms_onboarding import JoinForm
from mentorship.models import Membership, Program, User
from mentorship.onboarding import Completeness, completeness, profile_with_answers, with_answers
from mentorship.services.programs import (
    decide_join_request,
    is_program_admin,
    join_program,
)
from mentorship.visibility import admin_program, programs_visible_to

OTHER_PROGRAMS_PER_PAGE = 20
MEMBERS_PER_PAGE = 50
JOIN_REQUESTS_PER_PAGE = 25
SHOWN_STATUSES = (
    Membership.Status.ACTIVE,
    Membership.Status.REQUESTED,
    Membership.Status.INVITED,
)


@dataclass(frozen=True)
class MyProgram:
    """A program the user is in (or asked to join), with their onboarding meter there."""

    membership: Membership
    completeness: Completeness | None

    @property
    def program(self) -> Program:
        return self.membership.program

    @property
    def role_labels(self) -> list[str]:
        return role_labels(self.membership)


def role_labels(membership: Membership) -> list[str]:
    """The roles a member holds, in words, for badges."""
    labels = [str(label) for value, label in Membership.Role.choices if membership.has_role(value)]
    if membership.is_admin:
        labels.append(_("Program admin"))
    return labels


def join_form_for(
    program: Program, membership: Membership | None, data: QueryDict | None = None
) -> JoinForm | None:
    """The join form to offer, or None when the user cannot join or holds every role."""
    invited = membership is not None and membership.status == Membership.Status.INVITED
    if membership is not None and membership.status == Membership.Status.REQUESTED:
        return None
    if not (program.is_open_for_sign_up or invited):
        return None
    held = [role for role in Membership.Role.values if membership and membership.has_role(role)]
    if len(held) == len(Membership.Role.values):
        return None
    return JoinForm(
        data,
        auto_id=f"id_join_{program.slug}_%s",
        program=program,
        held_roles=held,
        needs_approval=not invited
        and not (membership is not None and membership.is_active)
        and program.join_mode == Program.JoinMode.INVITE_ONLY,
    )


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    """The hub: my programs with onboarding progress, and the programs I could join."""
    user = cast(User, request.user)
    memberships = with_answers(
        Membership.objects.filter(user_id=user.pk).filter(
            Q(status__in=SHOWN_STATUSES) | Q(is_admin=True)
        )
    ).order_by("program__name", "program_id")
    profile = profile_with_answers(user)
    mine = [
        MyProgram(
            membership=membership,
            completeness=(
                completeness(user=user, profile=profile, membership=membership)
                if membership.is_active
                else None
            ),
        )
        for membership in memberships
    ]
    others = Program.objects.visible_to(user).exclude(pk__in=[item.program.pk for item in mine])
    page = Paginator(others, OTHER_PROGRAMS_PER_PAGE).get_page(request.GET.get("page"))
    other_cards = [(program, join_form_for(program, None)) for program in page]
    return render(
        request,
        "mentorship/programs/list.html",
        {"mine": mine, "page": page, "other_cards": other_cards},
    )


def _detail_context(
    request: HttpRequest, program: Program, join_form: JoinForm | None = None
) -> dict[str, object]:
    user = cast(User, request.user)
    membership = with_answers(Membership.objects.filter(user_id=user.pk, program=program)).first()
    meter = None
    if membership is not None and membership.is_active:
        meter = completeness(user=user, profile=profile_with_answers(user), membership=membership)
    return {
        "program": program,
        "membership": membership,
        "completeness": meter,
        "is_admin": is_program_admin(user=user, program=program),
        "join_form": join_form or join_form_for(program, membership),
        "can_leave": membership is not None
        and membership.status in (Membership.Status.ACTIVE, Membership.Status.REQUESTED),
    }


@login_required
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_object_or_404(programs_visible_to(request.user), slug=slug)
    return render(request, "mentorship/programs/detail.html", _detail_context(request, program))


@login_required
@require_POST
def program_join(request: HttpRequest, slug: str) -> HttpResponse:
    """Join an open program, or ask to join an invite-only one."""
    user = cast(User, request.user)
    program = get_object_or_404(programs_visible_to(user), slug=slug)
    membership = Membership.objects.filter(user_id=user.pk, program=program).first()
    form = join_form_for(program, membership, request.POST)
    if form is None:
        messages.error(request, _("You cannot join this program now."))
        return redirect("program_detail", slug=program.slug)
    if form.is_valid():
        try:
            membership = join_program(
                user=user,
                program=program,
                roles=form.cleaned_data["roles"],
                message=form.cleaned_data.get("message", ""),
            )
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect("program_detail", slug=program.slug)
        except ValidationError as error:
            form.add_error("roles", error.message_dict.get("roles", error.messages))
        else:
            if membership.status == Membership.Status.REQUESTED:
                messages.info(
                    request,
                    _("Your request to join %(program)s is sent; a program admin will answer.")
                    % {"program": program.name},
                )
                return redirect("program_detail", slug=program.slug)
            if form.adds_roles:
                messages.success(request, _("Your new role is added. Tell us about it."))
                added = form.cleaned_data["roles"][0]
                return redirect("onboarding_step", slug=program.slug, step=added)
            messages.success(
                request,
                _("Welcome to %(program)s! Tell us about yourself so the right people find you.")
                % {"program": program.name},
            )
            return redirect("onboarding", slug=program.slug)
    return render(
        request, "mentorship/programs/detail.html", _detail_context(request, program, form)
    )


MEMBER_ROLE_FILTERS = {
    "mentee": Q(mentee_participation__isnull=False),
    "mentor": Q(mentor_participation__isnull=False),
    "admin": Q(is_admin=True),
}


@login_required
def program_members(request: HttpRequest, slug: str) -> HttpResponse:
    """Program admins: the members by role, and the join requests waiting for an answer."""
    program = admin_program(user=cast(User, request.user), slug=slug)
    active = Membership.objects.filter(program=program, status=Membership.Status.ACTIVE)
    counts = active.aggregate(
        all=Count("pk"),
        **{role: Count("pk", filter=condition) for role, condition in MEMBER_ROLE_FILTERS.items()},
    )
    role = request.GET.get("role", "")
    members = active.filter(MEMBER_ROLE_FILTERS[role]) if role in MEMBER_ROLE_FILTERS else active
    members = members.select_related(
        "user", "mentee_participation", "mentor_participation"
    ).order_by("user__display_name", "user__email")
    requests = (
        Membership.objects.filter(program=program, status=Membership.Status.REQUESTED)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    join_requests = Paginator(requests, JOIN_REQUESTS_PER_PAGE).get_page(
        request.GET.get("requests_page")
    )
    return render(
        request,
        "mentorship/programs/members.html",
        {
            "program": program,
            "role": role if role in MEMBER_ROLE_FILTERS else "",
            "counts": counts,
            "members": Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page")),
            "join_requests": join_requests,
            "join_request_rows": [
                (asker, [str(Membership.Role(role).label) for role in asker.requested_roles])
                for asker in join_requests
            ],
        },
    )


@login_required
@require_POST
def join_request_decide(
    request: HttpRequest, slug: str, membership_id: int, approve: bool
) -> HttpResponse:
    """A program admin approves or declines one request to join."""
    user = cast(User, request.user)
    program = admin_program(user=user, slug=slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user").filter(program=program), pk=membership_id
    )
    try:
        decide_join_request(decided_by=user, membership=membership, approve=approve)
    except InvalidTransition as error:
        messages.error(request, error.message)
    else:
        text = _("%(name)s is now a member.") if approve else _("You declined %(name)s's request.")
        messages.success(request, text % {"name": membership.user.name})
    return redirect("program_members", slug=program.slug)

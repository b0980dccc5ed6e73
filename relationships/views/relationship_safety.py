"""Safety pages: report a concern, the program admins' concern queue, blocking members."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.models import User
from mentorship.visibility import admin_program
from relationships.forms_relationships import ConcernForm, ConcernUpdateForm
from relationships.models import ConcernReport
from relationships.services.safety import (
    block_member,
    concerns_administered_by,
    members_visible_to,
    report_concern,
    unblock_member,
    update_concern,
)
from relationships.views.relationship_common import get_relationship, perform

CONCERNS_PER_PAGE = 25


@login_required
def concern_report(request: HttpRequest, relationship_id: int) -> HttpResponse:
    """Either side reports a concern about the other to the program admins."""
    user = cast(User, request.user)
    relationship = get_relationship(request, relationship_id)
    if relationship.side_of(user) is None:
        raise PermissionDenied(_("Only the mentee and the mentor can report a concern here."))
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reported = perform(
            request,
            lambda: report_concern(relationship=relationship, by=user, **form.cleaned_data),
            form=form,
            success=_("Thank you. The program admins have your report and will follow up."),
        )
        if reported or not form.errors:
            return redirect("relationship_detail", relationship.pk)
    return render(
        request,
        "relationships/safety/report.html",
        {"relationship": relationship, "other": relationship.other_person(user), "form": form},
    )


@login_required
def concern_queue(request: HttpRequest, slug: str) -> HttpResponse:
    """A program's concerns for its admins: open and in review first, then resolved."""
    program = admin_program(user=cast(User, request.user), slug=slug)
    concerns = (
        concerns_administered_by(request.user)
        .filter(program=program)
        .select_related("reporter", "subject", "resolved_by", "relationship")
    )
    state = request.GET.get("state", "")
    if state in ConcernReport.State.values:
        concerns = concerns.filter(state=state)
    page = Paginator(concerns.order_by("state", "-created_at", "-id"), CONCERNS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        (
            concern,
            ConcernUpdateForm(
                prefix=f"concern-{concern.pk}",
                initial={"state": concern.state, "resolution_note": concern.resolution_note},
            ),
        )
        for concern in page
    ]
    return render(
        request,
        "relationships/safety/queue.html",
        {
            "program": program,
            "page": page,
            "rows": rows,
            "state": state if state in ConcernReport.State.values else "",
            "states": ConcernReport.State.choices,
        },
    )


@login_required
@require_POST
def concern_update(request: HttpRequest, slug: str, concern_id: int) -> HttpResponse:
    user = cast(User, request.user)
    program = admin_program(user=user, slug=slug)
    concern = get_object_or_404(
        concerns_administered_by(user).filter(program=program), pk=concern_id
    )
    form = ConcernUpdateForm(request.POST, prefix=f"concern-{concern.pk}")
    if form.is_valid():
        perform(
            request,
            lambda: update_concern(
                concern=concern,
                by=user,
                state=form.cleaned_data["state"],
                resolution_note=form.cleaned_data["resolution_note"],
            ),
            success=_("The concern is updated."),
        )
    else:
        messages.error(request, _("Choose a state from the list."))
    return redirect("concern_queue", program.slug)


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("relationship_list")


@login_required
@require_POST
def member_block(request: HttpRequest, user_id: int) -> HttpResponse:
    """Block someone you share a program with: no requests or messages between you."""
    user = cast(User, request.user)
    member = get_object_or_404(members_visible_to(user), pk=user_id)
    if perform(request, lambda: block_member(by=user, member=member)):
        messages.success(
            request,
            _("You blocked %(name)s. Neither of you can send the other requests or messages.")
            % {"name": member.name},
        )
    return _back(request)


@login_required
@require_POST
def member_unblock(request: HttpRequest, user_id: int) -> HttpResponse:
    user = cast(User, request.user)
    member = get_object_or_404(User.objects.filter(blocks_received__blocker=user), pk=user_id)
    if unblock_member(by=user, member=member):
        messages.success(request, _("You unblocked %(name)s.") % {"name": member.name})
    return _back(request)

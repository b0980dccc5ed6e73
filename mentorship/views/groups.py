"""Pages of the optional group question: where an admin sets it and a participant answers.

The answer page exists only while the program asks the question (404 otherwise) and only
for the program's active members; the settings page is for the program's admins.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mentorship.forms_group import GroupQuestionForm, SelfDescribedGroupForm
from mentorship.models import Membership, User
from mentorship.services.groups import set_group_question, set_self_described_group
from mentorship.views.onboarding import add_service_errors
from mentorship.visibility import admin_program, member_program


@login_required
def program_group_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Turn the optional group question on or off and word it (program admins)."""
    program = admin_program(user=cast(User, request.user), slug=slug)
    form = GroupQuestionForm(
        request.POST or None,
        initial={
            "collects_group": program.collects_group,
            "group_question": program.group_question,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_group_question(
                program=program,
                collects_group=form.cleaned_data["collects_group"],
                group_question=form.cleaned_data["group_question"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The group question is saved."))
            return redirect("program_report", slug=program.slug, report="exposure")
    return render(
        request, "mentorship/programs/group_settings.html", {"program": program, "form": form}
    )


@login_required
def membership_group(request: HttpRequest, slug: str) -> HttpResponse:
    """A participant's own answer to the program's optional group question."""
    program, membership = member_program(user=cast(User, request.user), slug=slug)
    if (
        membership is None
        or membership.status != Membership.Status.ACTIVE
        or not program.collects_group
    ):
        raise Http404
    form = SelfDescribedGroupForm(
        request.POST or None, initial={"group": membership.self_described_group}
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_self_described_group(membership=membership, group=form.cleaned_data["group"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your answer is saved."))
            return redirect("program_detail", slug=program.slug)
    return render(
        request,
        "mentorship/programs/group.html",
        {"program": program, "membership": membership, "form": form},
    )

"""Page actions on the agreement: propose a (new) version, confirm the newest one."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.models import User
from relationships.forms_relationships import AgreementForm, mentee_goals_of
from relationships.services.agreements import confirm_agreement, propose_agreement
from relationships.views.relationship_common import get_pair_relationship, get_relationship, perform
from relationships.views.relationship_detail import render_detail


@login_required
@require_POST
def agreement_propose(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = get_pair_relationship(request, relationship_id)
    form = AgreementForm(
        request.POST, relationship=relationship, mentee_goals=mentee_goals_of(relationship)
    )
    if form.is_valid():
        perform(
            request,
            lambda: propose_agreement(
                relationship=relationship,
                by=cast(User, request.user),
                goals_in_focus=list(form.cleaned_data["goals_in_focus"]),
                cadence=form.cleaned_data["cadence"],
                channel=form.cleaned_data["channel"],
                session_minutes=form.cleaned_data["session_minutes"],
                end_date=form.cleaned_data["end_date"],
                confidentiality=form.cleaned_data["confidentiality"],
                other_expectations=form.cleaned_data["other_expectations"],
            ),
            form=form,
            success=_("Agreement proposed. Confirm it, and ask the other side to confirm too."),
        )
    if form.errors:
        return render_detail(request, relationship, bound={"agreement_form": form})
    return redirect("relationship_detail", relationship.pk)


@login_required
@require_POST
def agreement_confirm(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = get_relationship(request, relationship_id)
    perform(
        request,
        lambda: confirm_agreement(relationship=relationship, by=cast(User, request.user)),
        success=_("You confirmed the agreement."),
    )
    return redirect("relationship_detail", relationship.pk)

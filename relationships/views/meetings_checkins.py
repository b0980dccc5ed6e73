"""The check-in page: my answers on this relationship, and the form when one is due."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentorship.errors import ApplicationError
from mentorship.models import User
from relationships.forms_meetings import CheckInForm
from relationships.models import CheckIn
from relationships.services.checkins import current_period, period_opens_at, submit_check_in
from relationships.views.meetings import add_service_errors, pair_relationship


@login_required
@require_http_methods(["GET", "POST"])
def check_ins(request: HttpRequest, relationship_id: int) -> HttpResponse:
    """Only my own check-ins are listed; the other side's answers are never loaded."""
    relationship = pair_relationship(request, relationship_id)
    user = cast(User, request.user)
    now = timezone.now()
    period = current_period(relationship, now=now)
    mine = list(CheckIn.objects.filter(relationship=relationship, author_id=user.pk))
    answered = any(check_in.period == period for check_in in mine)
    can_answer = relationship.is_current and period > 0 and not answered
    form = CheckInForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("There is no check-in to answer right now."))
            return redirect("check_ins", relationship.pk)
        if form.is_valid():
            try:
                submit_check_in(relationship=relationship, by=user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except ApplicationError as error:
                messages.error(request, error.message)
                return redirect("check_ins", relationship.pk)
            else:
                messages.success(request, _("Thank you: your check-in is saved."))
                return redirect("check_ins", relationship.pk)
    next_opens = period_opens_at(relationship, period + 1) if relationship.is_current else None
    return render(
        request,
        "relationships/meetings/check_ins.html",
        {
            "relationship": relationship,
            "check_ins": mine,
            "form": form,
            "period": period,
            "next_opens": next_opens,
        },
    )

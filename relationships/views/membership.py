"""Pages that span both apps: leaving a program, and a mentee's profile.

They live here because leaving withdraws requests, and a mentor may read the profile of
a mentee who asked them or is matched with them; requests and matches are this app's.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.errors import InvalidTransition
from mentorship.models import Membership, User
from mentorship.onboarding import profile_with_answers
from mentorship.visibility import (
    mentee_participations_visible_to,
    programs_visible_to,
    programs_with_inner_access,
)
from relationships.access import mentee_participations_seen_by
from relationships.services.membership import leave_program_of


@login_required
@require_POST
def program_leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Leave a program (open requests are withdrawn), or take back a request to join it."""
    user = cast(User, request.user)
    program = get_object_or_404(programs_visible_to(user), slug=slug)
    was_request = Membership.objects.filter(
        user_id=user.pk, program=program, status=Membership.Status.REQUESTED
    ).exists()
    try:
        leave_program_of(user=user, program=program)
    except InvalidTransition as error:
        messages.error(request, error.message)
        return redirect("program_detail", slug=program.slug)
    if was_request:
        messages.success(request, _("Your request to join is withdrawn."))
    else:
        messages.success(request, _("You left %(program)s.") % {"program": program.name})
    return redirect("program_list")


@login_required
def mentee_profile(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """A mentee's profile and goals: for the mentee, the program's admins, and mentors the
    mentee asked or is matched with. Anyone else gets a 404."""
    user = cast(User, request.user)
    program = get_object_or_404(programs_with_inner_access(user), slug=slug)
    allowed = mentee_participations_visible_to(user) | mentee_participations_seen_by(user)
    participation = get_object_or_404(
        allowed.filter(membership__program=program)
        .distinct()
        .select_related("membership__user")
        .prefetch_related("goals__goal_area", "skills_wanted", "preferred_languages"),
        membership_id=membership_id,
    )
    mentee = participation.membership.user
    if mentee.pk == user.pk:
        back_url = reverse("onboarding", args=[program.slug])
    elif Membership.objects.filter(user=user, program=program, is_admin=True).exists():
        back_url = reverse("program_members", args=[program.slug])
    else:
        back_url = reverse("dashboard")
    return render(
        request,
        "mentorship/onboarding/mentee_profile.html",
        {
            "program": program,
            "participation": participation,
            "mentee": mentee,
            "profile": profile_with_answers(mentee),
            "is_self": mentee.pk == user.pk,
            "back_url": back_url,
        },
    )

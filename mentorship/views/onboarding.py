"""Onboarding and profiles: the guided questionnaire, the profile page, a mentee's profile.

The questionnaire has a step per role the member holds (after the profile step); each step
saves through its service and moves on to the next. Every answer stays editable: the
steps can be opened again at any time, and the profile has its own page.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mentorship.forms_onboarding import (
    GoalFormSet,
    MenteeForm,
    MentorForm,
    ProfileForm,
    goal_areas_by_slug,
    goal_initial,
)
from mentorship.models import Membership, Program, User
from mentorship.onboarding import (
    Step,
    completeness,
    profile_with_answers,
    steps_for,
    with_answers,
)
from mentorship.services.profiles import (
    GoalInput,
    get_profile,
    save_mentee_participation,
    save_mentor_participation,
    update_profile,
)
from mentorship.visibility import (
    member_program,
)


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


def save_profile(form: ProfileForm, user: User) -> bool:
    """Save a valid profile form through the service; False (with form errors) if refused."""
    data = form.cleaned_data
    try:
        update_profile(
            user=user,
            display_name=data["display_name"],
            time_zone=data["time_zone"],
            industry=data["industry"],
            languages=data["languages"],
            skills=data["skills"],
            meeting_modes=data["meeting_modes"],
            headline=data["headline"],
            bio=data["bio"],
            job_title=data["job_title"],
            organisation=data["organisation"],
            years_experience=data["years_experience"],
            availability_hours_per_month=data["availability_hours_per_month"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def _active_membership(user: User, slug: str) -> tuple[Program, Membership]:
    """The program and the user's active membership there; a 404 for anyone else."""
    program, _membership = member_program(user=user, slug=slug)
    membership = with_answers(
        Membership.objects.filter(user_id=user.pk, program=program, status=Membership.Status.ACTIVE)
    ).first()
    if membership is None:
        raise Http404
    return program, membership


@login_required
def onboarding(request: HttpRequest, slug: str) -> HttpResponse:
    """The questionnaire's overview: the meter, each step's progress, the one next step."""
    user = cast(User, request.user)
    program, membership = _active_membership(user, slug)
    meter = completeness(user=user, profile=profile_with_answers(user), membership=membership)
    return render(
        request,
        "mentorship/onboarding/overview.html",
        {"program": program, "membership": membership, "completeness": meter},
    )


@login_required
def onboarding_step(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    """One step of the questionnaire; a valid answer is saved and the next step opens."""
    user = cast(User, request.user)
    program, membership = _active_membership(user, slug)
    steps = steps_for(membership)
    if step not in steps:
        raise Http404
    current = Step(step)
    data = request.POST if request.method == "POST" else None
    forms: dict[str, object]
    if current == Step.PROFILE:
        profile = get_profile(user)
        form = ProfileForm(data, initial=ProfileForm.initial_for(user=user, profile=profile))
        forms = {"form": form}
        saved = data is not None and form.is_valid() and save_profile(form, user)
    elif current == Step.MENTEE:
        forms, saved = _mentee_step(membership, data)
    else:
        forms, saved = _mentor_step(membership, data)
    if saved:
        messages.success(request, _("Saved."))
        position = steps.index(current)
        if position + 1 < len(steps):
            return redirect("onboarding_step", slug=program.slug, step=steps[position + 1])
        return redirect("onboarding", slug=program.slug)
    # A refused answer changed nothing (the services are atomic), so the meter stands.
    meter = completeness(user=user, profile=profile_with_answers(user), membership=membership)
    return render(
        request,
        "mentorship/onboarding/step.html",
        {
            "program": program,
            "membership": membership,
            "completeness": meter,
            "step": current,
            "step_status": next(s for s in meter.steps if s.step == current),
            "is_last": current == steps[-1],
            **forms,
        },
    )


def _mentee_step(membership: Membership, data: QueryDict | None) -> tuple[dict[str, object], bool]:
    participation = membership.mentee_participation
    form = MenteeForm(data, initial=MenteeForm.initial_for(participation))
    goals = GoalFormSet(
        data,
        prefix="goals",
        initial=goal_initial(participation),
        form_kwargs={"goal_areas": goal_areas_by_slug()},
    )
    forms: dict[str, object] = {"form": form, "goal_formset": goals}
    if data is None or not (form.is_valid() and goals.is_valid()):
        return forms, False
    try:
        save_mentee_participation(
            participation=participation,
            goals=[
                GoalInput(
                    goal_area=goal.cleaned_data["goal_area"],
                    description=goal.cleaned_data["description"],
                    id=goal.cleaned_data.get("id"),
                )
                for goal in goals.kept_forms()
            ],
            skills_wanted=form.cleaned_data["skills_wanted"],
            preferred_languages=form.cleaned_data["preferred_languages"],
            industry_preference=form.cleaned_data["industry_preference"],
            seniority_preference=form.cleaned_data["seniority_preference"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return forms, False
    return forms, True


def _mentor_step(membership: Membership, data: QueryDict | None) -> tuple[dict[str, object], bool]:
    participation = membership.mentor_participation
    form = MentorForm(data, initial=MentorForm.initial_for(participation))
    if data is None or not form.is_valid():
        return {"form": form}, False
    try:
        save_mentor_participation(participation=participation, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return {"form": form}, False
    return {"form": form}, True


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    """The person's profile, shared by all their programs and editable at any time."""
    user = cast(User, request.user)
    profile = get_profile(user)
    form = ProfileForm(
        request.POST or None, initial=ProfileForm.initial_for(user=user, profile=profile)
    )
    if request.method == "POST" and form.is_valid() and save_profile(form, user):
        messages.success(request, _("Your profile is saved."))
        return redirect("profile_edit")
    return render(request, "mentorship/onboarding/profile.html", {"form": form})

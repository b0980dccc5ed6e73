"""Forms of onboarding and profiles: about you, as a mentee (with goals), as a mentor, joining.

Vocabulary fields take slugs (codes for languages), the same values the API and the CSV
import use, so an unknown value is a form error on that field, never a 500.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship.models import (
    GoalArea,
    Industry,
    Language,
    MeetingMode,
    Membership,
    MenteeParticipation,
    MentorParticipation,
    Profile,
    Program,
    Skill,
    User,
)
from mentorship.models.programs import MAX_CAPACITY, MIN_CAPACITY
from mentorship.models.users import time_zone_choices

MAX_GOALS = 10


class JoinForm(forms.Form):
    """Joining a program (or asking to): the roles to take and, optionally, a note."""

    roles = forms.MultipleChoiceField(
        label=_("I want to join as"),
        choices=Membership.Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose mentee, mentor or both.")},
    )
    message = forms.CharField(
        label=_("A note for the program admins"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        program: Program,
        held_roles: list[str],
        needs_approval: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        self.needs_approval = needs_approval
        self.adds_roles = bool(held_roles)
        roles = self.fields["roles"]
        assert isinstance(roles, forms.MultipleChoiceField)
        roles.choices = [
            (value, label) for value, label in Membership.Role.choices if value not in held_roles
        ]
        if held_roles:
            roles.label = _("Also join as")
        if not needs_approval:
            # Only a request waits for an admin, so only a request carries a note.
            del self.fields["message"]


class ProfileForm(forms.Form):
    """The person's profile, shared by all their programs, with their name and time zone."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("How other people on the platform see you."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    headline = forms.CharField(
        label=_("Headline"),
        max_length=140,
        required=False,
        help_text=_("One line, e.g. “Engineering manager helping new leads find their feet”."),
    )
    job_title = forms.CharField(label=_("Current role"), max_length=120, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=120, required=False)
    industry = forms.ModelChoiceField(
        label=_("Industry"),
        queryset=Industry.objects.all(),
        to_field_name="slug",
        required=False,
    )
    years_experience = forms.IntegerField(
        label=_("Years of experience"), min_value=0, max_value=70, required=False
    )
    bio = forms.CharField(
        label=_("Bio"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few sentences about your path and what you care about."),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages you speak"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Your skills"),
        queryset=Skill.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    meeting_modes = forms.MultipleChoiceField(
        label=_("How you like to meet"),
        choices=MeetingMode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability_hours_per_month = forms.IntegerField(
        label=_("Availability (hours per month)"), min_value=0, max_value=160, required=False
    )

    @classmethod
    def initial_for(cls, *, user: User, profile: Profile) -> dict[str, Any]:
        return {
            "display_name": user.display_name,
            "time_zone": user.time_zone,
            "headline": profile.headline,
            "job_title": profile.job_title,
            "organisation": profile.organisation,
            "industry": profile.industry,
            "years_experience": profile.years_experience,
            "bio": profile.bio,
            "languages": list(profile.languages.all()),
            "skills": list(profile.skills.all()),
            "meeting_modes": profile.meeting_mode_list,
            "availability_hours_per_month": profile.availability_hours_per_month,
        }


class MenteeForm(forms.Form):
    """A mentee's wishes beside their goals: skills to build and who they would like."""

    skills_wanted = forms.ModelMultipleChoiceField(
        label=_("Skills you want to build"),
        queryset=Skill.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    preferred_languages = forms.ModelMultipleChoiceField(
        label=_("Languages you can be mentored in"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    industry_preference = forms.ChoiceField(
        label=_("Your mentor's industry"),
        choices=MenteeParticipation.IndustryPreference.choices,
    )
    seniority_preference = forms.ChoiceField(
        label=_("Your mentor's experience"),
        choices=MenteeParticipation.SeniorityPreference.choices,
    )

    @classmethod
    def initial_for(cls, participation: MenteeParticipation) -> dict[str, Any]:
        return {
            "skills_wanted": list(participation.skills_wanted.all()),
            "preferred_languages": list(participation.preferred_languages.all()),
            "industry_preference": participation.industry_preference,
            "seniority_preference": participation.seniority_preference,
        }


class GoalForm(forms.Form):
    """One goal: a goal area and, in the mentee's own words, what they want to achieve.

    The goal areas are passed in once for the whole formset, so ten goals cost one query.
    """

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    goal_area = forms.ChoiceField(label=_("Goal area"))
    description = forms.CharField(
        label=_("What you want to achieve"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In your own words, e.g. “Lead my first team through a product launch”."),
        error_messages={"required": _("Say what you want to achieve.")},
    )

    def __init__(self, *args: Any, goal_areas: dict[str, GoalArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal_areas = goal_areas
        field = self.fields["goal_area"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "---------")] + [
            (slug, area.name) for slug, area in goal_areas.items()
        ]

    def clean_goal_area(self) -> GoalArea:
        return self.goal_areas[self.cleaned_data["goal_area"]]


class BaseGoalFormSet(forms.BaseFormSet[GoalForm]):
    """The mentee's goals; blank extra rows are ignored, ticked rows are removed."""

    def kept_forms(self) -> list[GoalForm]:
        """The goals to keep, after a valid submission: existing ones and filled new ones."""
        return [
            form
            for form in self.forms
            if (form.cleaned_data.get("id") is not None or form.has_changed())
            and not form.cleaned_data.get("DELETE")
        ]


GoalFormSet = cast(
    type[BaseGoalFormSet],
    forms.formset_factory(
        GoalForm,
        formset=BaseGoalFormSet,
        extra=1,
        can_delete=True,
        can_delete_extra=False,
        max_num=MAX_GOALS,
        validate_max=True,
        absolute_max=MAX_GOALS,
    ),
)


def goal_areas_by_slug() -> dict[str, GoalArea]:
    return {area.slug: area for area in GoalArea.objects.all()}


def goal_initial(participation: MenteeParticipation) -> list[dict[str, Any]]:
    return [
        {"id": goal.pk, "goal_area": goal.goal_area.slug, "description": goal.description}
        for goal in participation.goals.select_related("goal_area")
    ]


class MentorForm(forms.Form):
    """What a mentor offers and how many mentees they take at once."""

    expertise_areas = forms.ModelMultipleChoiceField(
        label=_("Areas of expertise"),
        queryset=GoalArea.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    skills_taught = forms.ModelMultipleChoiceField(
        label=_("Skills you can teach"),
        queryset=Skill.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    how_i_can_help = forms.CharField(
        label=_("How I can help"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In your own words: what mentees can bring to you, and how you work."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=MIN_CAPACITY,
        max_value=MAX_CAPACITY,
        help_text=_("How many mentees at once (1–20)."),
    )
    accepting_mentees = forms.BooleanField(label=_("Accepting new mentees"), required=False)

    @classmethod
    def initial_for(cls, participation: MentorParticipation) -> dict[str, Any]:
        return {
            "expertise_areas": list(participation.expertise_areas.all()),
            "skills_taught": list(participation.skills_taught.all()),
            "how_i_can_help": participation.how_i_can_help,
            "capacity": participation.capacity,
            "accepting_mentees": participation.accepting_mentees,
        }

"""Forms of the relationship page: lifecycle, closing survey, agreement, goals, action items,
messages and safety. They parse input; the services hold the rules."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.models import MeetingMode, MenteeGoal, User
from relationships.models import (
    Agreement,
    ClosingSurvey,
    ConcernReport,
    Goal,
    Relationship,
)
from relationships.services.messages import MAX_MESSAGE_LENGTH


class DateInput(forms.DateInput):
    input_type = "date"


class PageForm(forms.Form):
    """A form with its own id prefix: the relationship page shows several forms at once,
    and two `note` fields must not share `id_note`."""

    id_prefix = "id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class PauseForm(PageForm):
    id_prefix = "pause"

    note = forms.CharField(
        label=_("Note for the other side"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExtendForm(PageForm):
    id_prefix = "extend"

    ends_on = forms.DateField(label=_("New end date"), widget=DateInput)

    def __init__(self, *args: Any, relationship: Relationship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.relationship = relationship

    def clean_ends_on(self) -> datetime.date:
        ends_on: datetime.date = self.cleaned_data["ends_on"]
        if ends_on <= self.relationship.ends_on:
            raise forms.ValidationError(_("The new end date must be after the current one."))
        return ends_on


class CloseForm(PageForm):
    id_prefix = "close"

    reason = forms.ChoiceField(label=_("Reason"), choices=Relationship.CloseReason.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ClosingSurveyForm(PageForm):
    id_prefix = "survey"

    overall_rating = forms.TypedChoiceField(
        label=_("Overall, how was it? (1 = poor, 5 = excellent)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    goals_achieved = forms.ChoiceField(
        label=_("Did you achieve your goals?"),
        choices=ClosingSurvey.GoalsAchieved.choices,
        widget=forms.RadioSelect,
    )
    would_recommend = forms.TypedChoiceField(
        label=_("Would you recommend this program to a friend?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def goal_label(goal: MenteeGoal) -> str:
    return f"{goal.goal_area.name}: {goal.description[:80]}"


def mentee_goals_of(relationship: Relationship) -> list[MenteeGoal]:
    """The mentee's goals, loaded once for every form on the page that offers them."""
    return list(relationship.goals_to_work_on().select_related("goal_area"))


class MenteeGoalsMixin:
    """Offers the mentee's goals from a list loaded once, rather than a query per field."""

    fields: dict[str, forms.Field]

    def offer_goals(self, field: str, goals: list[MenteeGoal], *, blank: bool) -> None:
        self.goals_by_id = {goal.pk: goal for goal in goals}
        choices = [(goal.pk, goal_label(goal)) for goal in goals]
        self.fields[field].choices = (  # type: ignore[attr-defined]
            [("", "—"), *choices] if blank else choices
        )

    def goal_for(self, goal_id: int | None) -> MenteeGoal | None:
        return None if goal_id is None else self.goals_by_id[goal_id]


class AgreementForm(MenteeGoalsMixin, PageForm):
    id_prefix = "agreement"

    goals_in_focus = forms.TypedMultipleChoiceField(
        label=_("Goals in focus"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cadence = forms.ChoiceField(label=_("How often you meet"), choices=Agreement.Cadence.choices)
    channel = forms.ChoiceField(label=_("How you meet"), choices=MeetingMode.choices)
    session_minutes = forms.IntegerField(
        label=_("Session length (minutes)"), min_value=10, max_value=480, initial=45
    )
    end_date = forms.DateField(label=_("End date"), widget=DateInput)
    confidentiality = forms.CharField(
        label=_("Confidentiality and boundaries"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    other_expectations = forms.CharField(
        label=_("Other expectations"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        relationship: Relationship,
        mentee_goals: list[MenteeGoal],
        latest: Agreement | None = None,
        **kwargs: Any,
    ) -> None:
        if latest is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "goals_in_focus": [goal.pk for goal in latest.goals_in_focus.all()],
                "cadence": latest.cadence,
                "channel": latest.channel,
                "session_minutes": latest.session_minutes,
                "end_date": latest.end_date,
                "confidentiality": latest.confidentiality,
                "other_expectations": latest.other_expectations,
            }
        elif "initial" not in kwargs:
            kwargs["initial"] = {
                "end_date": relationship.ends_on,
                "cadence": Agreement.Cadence.FORTNIGHTLY,
                "channel": MeetingMode.VIDEO,
            }
        super().__init__(*args, **kwargs)
        self.offer_goals("goals_in_focus", mentee_goals, blank=False)

    def clean_goals_in_focus(self) -> list[MenteeGoal]:
        return [self.goals_by_id[goal_id] for goal_id in self.cleaned_data["goals_in_focus"]]

    def clean_end_date(self) -> datetime.date:
        end_date: datetime.date = self.cleaned_data["end_date"]
        if end_date <= timezone.localdate():
            raise forms.ValidationError(_("The end date must be in the future."))
        return end_date


class GoalForm(MenteeGoalsMixin, PageForm):
    id_prefix = "goal"

    title = forms.CharField(label=_("Goal"), max_length=200)
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    mentee_goal = forms.TypedChoiceField(
        label=_("Towards the mentee's goal"), coerce=int, empty_value=None, required=False
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput)

    def __init__(self, *args: Any, mentee_goals: list[MenteeGoal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_goals("mentee_goal", mentee_goals, blank=True)

    def clean_mentee_goal(self) -> MenteeGoal | None:
        return self.goal_for(self.cleaned_data["mentee_goal"])


class GoalProgressForm(PageForm):
    id_prefix = "progress"

    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput)


def owner_choices(relationship: Relationship) -> list[tuple[int, str]]:
    """The pair as choices, from the already loaded relationship (no query)."""
    mentee: User = relationship.mentee.membership.user
    mentor: User = relationship.mentor.membership.user
    return [(mentee.pk, mentee.name), (mentor.pk, mentor.name)]


class ActionItemForm(PageForm):
    id_prefix = "item"

    title = forms.CharField(label=_("What needs doing"), max_length=200)
    owner = forms.TypedChoiceField(label=_("Who does it"), choices=(), coerce=int)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput)

    def __init__(self, *args: Any, relationship: Relationship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.relationship = relationship
        self.fields["owner"].choices = owner_choices(relationship)  # type: ignore[attr-defined]

    def owner_user(self) -> User:
        """The chosen owner as a user (valid only after `is_valid`)."""
        owner_id = self.cleaned_data["owner"]
        mentee: User = self.relationship.mentee.membership.user
        return mentee if mentee.pk == owner_id else self.relationship.mentor.membership.user


class ActionItemDoneForm(PageForm):
    id_prefix = "done"

    done = forms.BooleanField(required=False)


class MessageForm(PageForm):
    id_prefix = "message"

    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConcernForm(PageForm):
    id_prefix = "concern"

    category = forms.ChoiceField(
        label=_("What is it about?"), choices=ConcernReport.Category.choices
    )
    description = forms.CharField(
        label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    pause = forms.BooleanField(label=_("Pause the relationship now"), required=False)


class ConcernUpdateForm(PageForm):
    id_prefix = "concern_update"

    state = forms.ChoiceField(label=_("State"), choices=ConcernReport.State.choices)
    resolution_note = forms.CharField(
        label=_("Resolution note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

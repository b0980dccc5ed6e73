"""Forms of the request pages: asking a mentor (with ranked backups), declining, the thread."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorship.errors import ApplicationError
from mentorship.models import MenteeGoal, MenteeParticipation, MentorParticipation
from relationships.models import MentorRequest
from relationships.services.requests import Choice

RANK_FIELDS = ("mentor", "backup_1", "backup_2")


class MentorChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A mentor, by participation id, named by the mentor's display name."""

    def label_from_instance(self, obj: Any) -> str:
        mentor: MentorParticipation = obj
        name = mentor.membership.user.name
        if not mentor.accepting_mentees:
            return _("%(name)s (not accepting new mentees)") % {"name": name}
        return name


class GoalChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        goal: MenteeGoal = obj
        return f"{goal.goal_area.name}: {goal.description}"


class RequestForm(forms.Form):
    """A request to one mentor, with up to two ranked backups and the goals it is about.

    The selects list the program's mentors (but not the mentee themself); what may be
    chosen is any mentor the mentee can see, so that a mentor of another program or a
    blocked member gets the service's clear error rather than a generic "invalid choice".
    """

    mentor = MentorChoiceField(
        queryset=MentorParticipation.objects.none(),
        label=gettext_lazy("Mentor"),
        empty_label=gettext_lazy("Choose a mentor"),
        error_messages={"invalid_choice": gettext_lazy("Choose a mentor from the list.")},
    )
    backup_1 = MentorChoiceField(
        queryset=MentorParticipation.objects.none(),
        required=False,
        label=gettext_lazy("Backup choice 1"),
        empty_label=gettext_lazy("No backup"),
        error_messages={"invalid_choice": gettext_lazy("Choose a mentor from the list.")},
        help_text=gettext_lazy(
            "If your mentor declines or does not answer in time, the request goes to your "
            "first backup, then to the second. Backups do not see your request until then."
        ),
    )
    backup_2 = MentorChoiceField(
        queryset=MentorParticipation.objects.none(),
        required=False,
        label=gettext_lazy("Backup choice 2"),
        empty_label=gettext_lazy("No backup"),
        error_messages={"invalid_choice": gettext_lazy("Choose a mentor from the list.")},
    )
    message = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Why this mentor, and what you hope to work on together."),
    )
    goals = GoalChoiceField(
        queryset=MenteeGoal.objects.none(),
        required=False,
        label=gettext_lazy("Goals this request is about"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        data: Any = None,
        *,
        mentee: MenteeParticipation,
        choosable: QuerySet[MentorParticipation],
        listed: QuerySet[MentorParticipation],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        listed_choices = [
            (mentor.pk, self._field("mentor").label_from_instance(mentor)) for mentor in listed
        ]
        for name in RANK_FIELDS:
            field = self._field(name)
            field.queryset = choosable
            # Display only: validation looks the id up in `choosable`.
            field.choices = [("", field.empty_label), *listed_choices]
        goals = self.fields["goals"]
        assert isinstance(goals, GoalChoiceField)
        goals.queryset = MenteeGoal.objects.filter(participation=mentee).select_related("goal_area")

    def _field(self, name: str) -> MentorChoiceField:
        field = self.fields[name]
        assert isinstance(field, MentorChoiceField)
        return field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: set[int] = set()
        for name in RANK_FIELDS:
            mentor = cleaned.get(name)
            if mentor is None:
                continue
            if mentor.pk in seen:
                self.add_error(name, _("Choose each mentor only once."))
            seen.add(mentor.pk)
        if cleaned.get("backup_2") and not cleaned.get("backup_1"):
            self.add_error("backup_2", _("Choose your first backup before your second."))
        return cleaned

    def choices(self) -> list[Choice]:
        """The ranked choices, first choice first (call after `is_valid`)."""
        return [
            Choice(mentor=self.cleaned_data[name])
            for name in RANK_FIELDS
            if self.cleaned_data.get(name) is not None
        ]


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason"),
        choices=MentorRequest.DeclineReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("A note for the mentee"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestMessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def add_service_errors(form: forms.Form, error: ValidationError | ApplicationError) -> None:
    """Show a service's refusal on the form: on the field it names, else above the form.

    Services name fields the way the API does (`mentors` for the ranked choices), which
    the form shows above its fields since the message names the mentor concerned.
    """
    if isinstance(error, ValidationError):
        errors: dict[str, list[str]] = (
            error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        )
    else:
        errors = error.errors or {"": [error.message]}
    for field, messages in errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)

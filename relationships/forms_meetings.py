"""Forms of the meetings area: schedule, log, rate, private note, check-in.

Forms parse input; the services hold the rules (a form that accepts a value the service
refuses shows the service's message on the field).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship.models import MeetingMode, User
from relationships.models import Fit, Meeting
from relationships.services.meetings import (
    LOGGED_STATES,
    MAX_ACTUAL_MINUTES,
    MAX_DURATION,
    MIN_DURATION,
    NewActionItem,
)

RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]
_LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    """Schedule a meeting, or reschedule one and edit its agenda."""

    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=_LOCAL_DATETIME, help_text=_("In your own time zone.")
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=MIN_DURATION, max_value=MAX_DURATION, initial=45
    )
    mode = forms.ChoiceField(label=_("How you will meet"), choices=MeetingMode.choices)
    location = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Both of you see it, and it goes into calendar invitations."),
    )


class MeetingLogForm(forms.Form):
    """What happened: held, cancelled or no-show, with notes for both and for oneself."""

    state = forms.ChoiceField(
        label=_("What happened"),
        choices=[(state.value, state.label) for state in LOGGED_STATES],
        widget=forms.RadioSelect,
    )
    actual_minutes = forms.IntegerField(
        label=_("How long it actually lasted, in minutes"),
        min_value=1,
        max_value=MAX_ACTUAL_MINUTES,
        required=False,
        help_text=_("Only for a held meeting."),
    )
    shared_notes = forms.CharField(
        label=_("Shared notes"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("You both see these."),
    )
    private_note = forms.CharField(
        label=_("Private note"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you will ever see this: not the other side, not the program admins."),
    )


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action item"), max_length=200, required=False)
    owner = forms.TypedChoiceField(label=_("Who"), coerce=int, required=False)
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        owner = self.fields["owner"]
        assert isinstance(owner, forms.TypedChoiceField)
        owner.choices = [(person.pk, person.name) for person in people]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        if cleaned.get("title") and cleaned.get("owner") not in self.people:
            self.add_error("owner", _("Choose who will do it."))
        return cleaned

    def action_item(self) -> NewActionItem | None:
        """The parsed item, or None for a row left empty."""
        title = self.cleaned_data.get("title", "").strip()
        if not title:
            return None
        return NewActionItem(
            title=title,
            owner=self.people[self.cleaned_data["owner"]],
            due_on=self.cleaned_data.get("due_on"),
        )


ActionItemFormSet = forms.formset_factory(ActionItemForm, extra=3, max_num=10, validate_max=True)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this meeting?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 is not at all, 5 is very. The other side never sees your rating."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PrivateNoteForm(forms.Form):
    body = forms.CharField(
        label=_("My private note"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you will ever see this. Leave it empty to delete the note."),
    )


class CheckInForm(forms.Form):
    how_it_is_going = forms.TypedChoiceField(
        label=_("How is it going? (1 badly, 5 very well)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    good_fit = forms.ChoiceField(
        label=_("Is this a good fit?"), choices=Fit.choices, widget=forms.RadioSelect
    )
    goal_progress = forms.TypedChoiceField(
        label=_("Progress toward your goals (1 none, 5 a lot)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you see your answers; program admins see totals over many people."),
    )


def meeting_initial(meeting: Meeting) -> dict[str, Any]:
    """A scheduled meeting's values for the edit form."""
    return {
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "mode": meeting.mode,
        "location": meeting.location,
        "agenda": meeting.agenda,
    }

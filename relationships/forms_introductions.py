"""Forms of introductions: make one, decline one, and fix the follow-up meeting.

Forms parse input; `relationships.services.introductions` holds the rules, and a rule it
refuses shows as an error on the field it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mentorship.models import MeetingMode, Membership, MenteeParticipation
from relationships.services.meetings import MAX_DURATION, MIN_DURATION

_LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MenteeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.membership.user.name)


class MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.name)


class IntroductionForm(forms.Form):
    """Who to introduce to whom, and why they should meet."""

    mentee = MenteeChoiceField(queryset=MenteeParticipation.objects.none(), label=_("Mentee"))
    member = MemberChoiceField(
        queryset=Membership.objects.none(),
        label=_("Introduce them to"),
        help_text=_("Mentors who are not taking new mentees are not listed."),
    )
    note = forms.CharField(
        label=_("Why these two should meet"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Both of them see this note; the program admins do not."),
    )

    def __init__(
        self,
        *args: Any,
        mentees: QuerySet[MenteeParticipation],
        members: QuerySet[Membership],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees  # type: ignore[attr-defined]
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class DeclineIntroductionForm(forms.Form):
    note = forms.CharField(
        label=_("A word to the mentee and the introducer (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FollowUpForm(forms.Form):
    """The connection's one follow-up meeting."""

    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=_LOCAL_DATETIME, help_text=_("In your own time zone.")
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=MIN_DURATION, max_value=MAX_DURATION, initial=30
    )
    mode = forms.ChoiceField(label=_("How you will meet"), choices=MeetingMode.choices)
    location = forms.CharField(label=_("Place or link"), max_length=300, required=False)

"""Forms of mentor circles. They parse input; `services.circles` and
`services.circle_sessions` hold the rules (a refused value shows the service's message).

Scheduling a session reuses the meetings' `MeetingForm`: the same fields and limits.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mentorship.models import MenteeParticipation, MentorParticipation, User
from relationships.forms_meetings import RATING_CHOICES
from relationships.models.circles import MAX_CIRCLE_CAPACITY, MIN_CIRCLE_CAPACITY


class MenteeChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.membership.user.name)


class CircleFieldsForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=120)
    description = forms.CharField(
        label=_("What the circle is about"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Members see the topic and this description."),
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=MIN_CIRCLE_CAPACITY,
        max_value=MAX_CIRCLE_CAPACITY,
        initial=6,
        help_text=_("How many mentees can be in the circle at once."),
    )


class CircleOpenForm(CircleFieldsForm):
    """A mentor opens a circle and invites some of their current mentees."""

    invite = MenteeChoiceField(
        label=_("Invite"),
        queryset=MenteeParticipation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each one is asked, and joins only by accepting."),
    )

    def __init__(self, *args: Any, mentees: QuerySet[MenteeParticipation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invite = self.fields["invite"]
        assert isinstance(invite, MenteeChoiceField)
        invite.queryset = mentees


class MentorChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.membership.user.name)


class CircleCreateForm(CircleFieldsForm):
    """A program admin creates a circle with one of the program's mentors."""

    mentor = MentorChoiceField(label=_("Mentor"), queryset=MentorParticipation.objects.none())

    def __init__(self, *args: Any, mentors: QuerySet[MentorParticipation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentor = self.fields["mentor"]
        assert isinstance(mentor, MentorChoiceField)
        mentor.queryset = mentors


class CircleInviteForm(forms.Form):
    mentees = MenteeChoiceField(
        label=_("Invite"),
        queryset=MenteeParticipation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, mentees: QuerySet[MenteeParticipation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mentees"]
        assert isinstance(field, MenteeChoiceField)
        field.queryset = mentees


class SessionLogForm(forms.Form):
    """The mentor logs a session as held: who came, and the shared notes."""

    attendees = forms.TypedMultipleChoiceField(
        label=_("Who came"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    shared_notes = forms.CharField(
        label=_("Shared notes"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The circle's mentor and members see these; program admins do not."),
    )

    def __init__(self, *args: Any, members: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {member.pk: member for member in members}
        attendees = self.fields["attendees"]
        assert isinstance(attendees, forms.TypedMultipleChoiceField)
        attendees.choices = [(member.pk, member.name) for member in members]
        attendees.initial = list(self.members)

    def attendee_users(self) -> list[User]:
        return [self.members[pk] for pk in self.cleaned_data["attendees"]]


class SessionNotesForm(forms.Form):
    shared_notes = forms.CharField(
        label=_("Shared notes"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The circle's mentor and members see these; program admins do not."),
    )


class SessionRatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this session?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_(
            "1 is not at all, 5 is very. The mentor and program admins see only the average."
        ),
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you see your comment."),
    )

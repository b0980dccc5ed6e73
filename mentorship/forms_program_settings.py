"""The program settings form a program admin fills in; the model's `clean` checks it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship.models import Program
from mentorship.services.programs import EDITABLE_SETTINGS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ProgramSettingsForm(forms.ModelForm[Program]):
    """Every setting a program admin may change (`EDITABLE_SETTINGS`), with plain help."""

    class Meta:
        model = Program
        fields = list(EDITABLE_SETTINGS)
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "pairing": forms.RadioSelect,
            "seniority_preference": forms.RadioSelect,
        }
        labels = {
            "status": _("Status"),
            "join_mode": _("Who may join"),
            "matching_mode": _("How people are matched"),
            "default_mentor_capacity": _("Mentees per mentor (default)"),
            "max_open_requests_per_mentee": _("Open requests per mentee"),
            "mentor_response_days": _("Days a mentor has to answer a request"),
            "relationship_length_months": _("Relationship length (months)"),
            "first_check_in_days": _("First check-in after (days)"),
            "check_in_interval_days": _("Then a check-in every (days)"),
        }
        help_texts = {
            "default_mentor_capacity": _(
                "How many mentees a new mentor takes at once, from 1 to 20. "
                "Each mentor can change their own."
            ),
            "max_open_requests_per_mentee": _(
                "How many requests a mentee may have waiting for an answer at the same time."
            ),
            "pairing": _(
                "Peer mentoring pairs people who learn from each other: everyone is both "
                "mentor and mentee, suggestions favour people at a similar stage whose skills "
                "complement yours, and both sides of a pair can do everything. Switching to "
                "peer mode gives every member the role they lack. Switching back keeps those "
                "roles, so nobody loses a request or relationship."
            ),
            "seniority_preference": _(
                "Usually a mentor has more experience than their mentee. Reverse mentoring "
                "turns this round: a less experienced person who knows what the mentee wants "
                "to learn (a new technology, say) comes first. With no preference, experience "
                "does not count either way. Suggestions are recomputed after a change."
            ),
        }

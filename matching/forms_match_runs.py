"""Forms of the cohort match-run pages: a new run, pair edits, and choosing two runs to compare."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from matching.models import MatchRun, ProposedPair
from matching.ranking.explanation import FACTOR_LABELS
from matching.ranking.scoring import FACTORS, MAX_WEIGHT
from matching.services.match_runs import mentors_with_room, unmatched_mentees
from mentorship.models import MenteeParticipation, MentorParticipation, Program

# Service argument → form field, so a service's `ValidationError` lands on the right field.
SERVICE_FIELDS = {"mentee_ids": "mentees", "mentor_ids": "mentors"}


def _mentee_label(mentee: MenteeParticipation) -> str:
    return mentee.membership.user.name


def _mentor_label(mentor: MentorParticipation) -> str:
    room = getattr(mentor, "room", None)
    name = mentor.membership.user.name
    return f"{name} ({_('places free')}: {room})" if room is not None else name


class MatchRunForm(forms.Form):
    """Who to match and how: defaults to everyone eligible and the program's ranker weights."""

    mentees = forms.ModelMultipleChoiceField(
        label=_("Mentees without a mentor"),
        queryset=MenteeParticipation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one mentee.")},
    )
    mentors = forms.ModelMultipleChoiceField(
        label=_("Mentors with room"),
        queryset=MentorParticipation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one mentor.")},
    )
    objective = forms.ChoiceField(
        label=_("Objective"),
        choices=MatchRun.Objective.choices,
        initial=MatchRun.Objective.TOTAL_SCORE,
        widget=forms.RadioSelect,
    )
    min_score = forms.FloatField(
        label=_("Minimum score (optional)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Pairs scoring below this (0–100) are never proposed."),
    )

    def __init__(
        self, *args: Any, program: Program, weights: Mapping[str, float], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        mentees = cast(
            "forms.ModelMultipleChoiceField[MenteeParticipation]", self.fields["mentees"]
        )
        mentees.queryset = unmatched_mentees(program)
        mentees.label_from_instance = _mentee_label  # type: ignore[method-assign,assignment]
        mentors = cast(
            "forms.ModelMultipleChoiceField[MentorParticipation]", self.fields["mentors"]
        )
        mentors.queryset = mentors_with_room(program)
        mentors.label_from_instance = _mentor_label  # type: ignore[method-assign,assignment]
        if not self.is_bound:
            self.initial["mentees"] = list(mentees.queryset.values_list("pk", flat=True))
            self.initial["mentors"] = list(mentors.queryset.values_list("pk", flat=True))
        for factor in FACTORS:
            self.fields[f"weight_{factor}"] = forms.FloatField(
                label=FACTOR_LABELS[factor],
                min_value=0,
                max_value=MAX_WEIGHT,
                initial=weights.get(factor, 0.0),
                help_text=_("0 to 10; 0 leaves the factor out."),
            )

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{factor}"] for factor in FACTORS]

    def weights(self) -> dict[str, float]:
        return {factor: self.cleaned_data[f"weight_{factor}"] for factor in FACTORS}

    def mentee_ids(self) -> list[int]:
        return [mentee.pk for mentee in self.cleaned_data["mentees"]]

    def mentor_ids(self) -> list[int]:
        return [mentor.pk for mentor in self.cleaned_data["mentors"]]


class PairStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ProposedPair.Status.choices)


def _pair_label(pair: ProposedPair) -> str:
    return f"{pair.mentee.membership.user.name} – {pair.mentor.membership.user.name}"


def proposed_pairs(run: MatchRun) -> QuerySet[ProposedPair]:
    return (
        ProposedPair.objects.filter(run=run, status=ProposedPair.Status.PROPOSED)
        .select_related("mentee__membership__user", "mentor__membership__user")
        .order_by("mentee__membership__user__display_name", "pk")
    )


class SwapForm(forms.Form):
    """Exchange the mentors of two proposed pairs."""

    pair = forms.ModelChoiceField(label=_("Pair"), queryset=ProposedPair.objects.none())
    swap_with = forms.ModelChoiceField(
        label=_("Swap mentors with"), queryset=ProposedPair.objects.none()
    )

    def __init__(self, *args: Any, run: MatchRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("pair", "swap_with"):
            field = cast("forms.ModelChoiceField[ProposedPair]", self.fields[name])
            field.queryset = proposed_pairs(run)
            field.label_from_instance = _pair_label  # type: ignore[method-assign,assignment]


class MoveForm(forms.Form):
    """Give a proposed pair's mentee another chosen mentor who has a place left."""

    pair = forms.ModelChoiceField(label=_("Pair"), queryset=ProposedPair.objects.none())
    mentor = forms.ModelChoiceField(
        label=_("New mentor"), queryset=MentorParticipation.objects.none()
    )

    def __init__(self, *args: Any, run: MatchRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pair = cast("forms.ModelChoiceField[ProposedPair]", self.fields["pair"])
        pair.queryset = proposed_pairs(run)
        pair.label_from_instance = _pair_label  # type: ignore[method-assign,assignment]
        mentor = cast("forms.ModelChoiceField[MentorParticipation]", self.fields["mentor"])
        mentor.queryset = (
            MentorParticipation.objects.filter(pk__in=[int(pk) for pk in run.mentor_capacity])
            .select_related("membership__user")
            .order_by("membership__user__display_name", "pk")
        )
        mentor.label_from_instance = _mentor_label  # type: ignore[method-assign,assignment]


class CompareForm(forms.Form):
    first = forms.ModelChoiceField(label=_("Run"), queryset=MatchRun.objects.none())
    second = forms.ModelChoiceField(label=_("Compared with"), queryset=MatchRun.objects.none())

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        runs = MatchRun.objects.filter(
            program=program, state__in=[MatchRun.State.READY, MatchRun.State.PUBLISHED]
        ).order_by("-created_at", "-id")
        for name in ("first", "second"):
            field = cast("forms.ModelChoiceField[MatchRun]", self.fields[name])
            field.queryset = runs
            field.label_from_instance = run_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("first") == data.get("second"):
            self.add_error("second", _("Choose two different runs."))
        return data


def run_label(run: MatchRun) -> str:
    return f"#{run.pk} · {run.get_objective_display()} · {run.created_at:%d %b %Y %H:%M}"

"""Cohort match runs: starting one, computing its proposal in a worker, re-running around locks.

A program admin chooses unmatched mentees and mentors with room, an objective and a
minimum score. The run is a row with a `Job` the page polls; the worker scores the cohort
with the ranker, solves it with `assign_cohort` (an exact optimum, or a stable matching)
and stores each pair with its score and reasons, and the proposal's metrics. Nobody is
told anything until the run is published (`match_run_publish`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q, QuerySet
from django.utils.translation import gettext as _

from matching.models import MatchRun
from matching.ranking.assignment import OBJECTIVES
from matching.ranking.scoring import InvalidWeights, validate_weights
from matching.services.suggestions import active_ranker
from mentorship.celery import QUEUE_RANKING
from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import Membership, MenteeParticipation, MentorParticipation, Program, User
from mentorship.services.jobs import (
    start_job,
)
from mentorship.services.programs import is_program_admin
from relationships.models import Relationship

COMPUTE_TASK = "matching.tasks.compute_match_run"
JOB_KIND = "match_run"
MIN_SCORE_LIMIT = 100.0  # ranker scores are 0–100


# --- who can be in a run --------------------------------------------------------------


def unmatched_mentees(program: Program) -> QuerySet[MenteeParticipation]:
    """Active mentees of the program without a current (active or paused) relationship."""
    matched = Relationship.objects.filter(program=program).current().values("mentee_id")
    return (
        MenteeParticipation.objects.filter(
            membership__program=program, membership__status=Membership.Status.ACTIVE
        )
        .exclude(pk__in=matched)
        .select_related("membership__user")
        .order_by("membership__user__display_name", "pk")
    )


def mentors_with_room(program: Program) -> QuerySet[MentorParticipation]:
    """Active, accepting mentors of the program with a free place; `room` is annotated."""
    return (
        MentorParticipation.objects.filter(
            membership__program=program,
            membership__status=Membership.Status.ACTIVE,
            accepting_mentees=True,
        )
        .annotate(
            in_use=Count(
                "relationships", filter=Q(relationships__state__in=Relationship.CURRENT_STATES)
            )
        )
        .annotate(room=ExpressionWrapper(F("capacity") - F("in_use"), output_field=IntegerField()))
        .filter(room__gt=0)
        .select_related("membership__user")
        .order_by("membership__user__display_name", "pk")
    )


# --- starting a run ---------------------------------------------------------------------


def _chosen_ids(
    requested: Sequence[int] | None, available: list[int], *, field: str, noun: str
) -> tuple[list[int], dict[str, list[str]]]:
    """The requested ids (default: all available), or an error naming those not available."""
    if requested is None:
        chosen = available
    else:
        offered = set(available)
        unknown = sorted({pk for pk in requested if pk not in offered})
        if unknown:
            message = _("Not %(noun)s of this program: %(ids)s.") % {
                "noun": noun,
                "ids": ", ".join(str(pk) for pk in unknown),
            }
            return [], {field: [message]}
        chosen = sorted(set(requested))
    if not chosen:
        return [], {field: [_("There are no %(noun)s to match.") % {"noun": noun}]}
    return chosen, {}


def _checked_min_score(min_score: float | None) -> tuple[float | None, dict[str, list[str]]]:
    if min_score is None:
        return None, {}
    if not isinstance(min_score, int | float) or not math.isfinite(min_score):
        return None, {"min_score": [_("The minimum score must be a number.")]}
    if min_score < 0:
        return None, {"min_score": [_("The minimum score cannot be below 0.")]}
    if min_score > MIN_SCORE_LIMIT:
        return None, {
            "min_score": [
                _(
                    "The minimum score %(n)g is above every possible score (scores go up "
                    "to 100): nobody would be matched."
                )
                % {"n": min_score}
            ]
        }
    return float(min_score), {}


@transaction.atomic
def start_match_run(
    *,
    program: Program,
    by: User,
    mentee_ids: Sequence[int] | None = None,
    mentor_ids: Sequence[int] | None = None,
    objective: str,
    min_score: float | None,
    weights: Mapping[str, float] | None = None,
    based_on: MatchRun | None = None,
) -> MatchRun:
    """Check the choices, create the run and its job, and queue the computation.

    Mentees and mentors default to every unmatched mentee and every mentor with room (or
    the chosen ones of `based_on`, still eligible). Anything wrong is a `ValidationError`
    naming the field, and nothing is created.
    """
    if not is_program_admin(user=by, program=program):
        raise ActionNotAllowed(_("Only this program's admins can run cohort matching."))
    if based_on is not None:
        if based_on.program_id != program.pk:
            raise ValidationError({"based_on": [_("That run belongs to another program.")]})
        if not based_on.is_editable:
            raise InvalidTransition(_("Only a proposal that is ready can be re-run."))
    errors: dict[str, list[str]] = {}
    if objective not in OBJECTIVES:
        errors["objective"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(OBJECTIVES)}
        ]
    checked_min, min_errors = _checked_min_score(min_score)
    errors.update(min_errors)
    ranker = active_ranker(program)
    base_weights = based_on.weights if based_on is not None else ranker.weights
    try:
        checked_weights = validate_weights({**base_weights, **(weights or {})})
    except InvalidWeights as error:
        errors["weights"] = [str(error)]
        checked_weights = {}
    mentees_free = list(unmatched_mentees(program).values_list("pk", flat=True))
    mentors_free = list(mentors_with_room(program).values_list("pk", flat=True))
    if based_on is not None:
        # A re-run keeps the chosen people who are still free.
        mentee_ids = mentee_ids or [pk for pk in based_on.mentee_ids if pk in set(mentees_free)]
        mentor_ids = mentor_ids or [pk for pk in based_on.mentor_ids if pk in set(mentors_free)]
    chosen_mentees, mentee_errors = _chosen_ids(
        mentee_ids, mentees_free, field="mentee_ids", noun=_("unmatched mentees")
    )
    chosen_mentors, mentor_errors = _chosen_ids(
        mentor_ids, mentors_free, field="mentor_ids", noun=_("mentors with room")
    )
    errors.update(mentee_errors)
    errors.update(mentor_errors)
    if errors:
        raise ValidationError(errors)
    run = MatchRun.objects.create(
        program=program,
        created_by=by,
        objective=objective,
        min_score=checked_min,
        weights=checked_weights,
        ranker=ranker,
        mentee_ids=chosen_mentees,
        mentor_ids=chosen_mentors,
        based_on=based_on,
    )
    run.job = start_job(
        owner=by,
        kind=JOB_KIND,
        task_name=COMPUTE_TASK,
        task_kwargs={"run_id": run.pk},
        queue=QUEUE_RANKING,
    )
    run.save(update_fields=["job"])
    return run


def rerun_match_run(*, run: MatchRun, by: User) -> MatchRun:
    """A new run like this one, keeping its locked pairs fixed (the others are re-solved)."""
    return start_match_run(
        program=run.program,
        by=by,
        objective=run.objective,
        min_score=run.min_score,
        weights=run.weights,
        based_on=run,
    )

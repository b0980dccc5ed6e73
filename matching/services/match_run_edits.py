"""A program admin's edits of a proposal: remove, lock, restore, move and swap pairs.

Edits are allowed while the run is ready for review. Each one locks the run's row, so two
admins editing the same proposal take turns, and is checked against the room each mentor
had when the run was computed (`MatchRun.mentor_capacity`). A pair an admin creates by
moving or swapping must be one the ranker allows, and it is scored and explained afresh.
The publish step counts capacity again against the live relationships.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Min, Sum
from django.utils.translation import gettext as _

from matching.models import MatchRun, ProposedPair
from matching.services.match_run_scores import PairScore, score_one_pair
from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import MentorParticipation, User
from mentorship.services.programs import is_program_admin


def _lock_editable_run(run_id: int, by: User) -> MatchRun:
    # The run's row only (`of`), as in publishing: a locked program row would hold up every
    # commit that references the program, and invite deadlocks with accepts.
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run_id)
    if not is_program_admin(user=by, program=run.program):
        raise ActionNotAllowed(_("Only this program's admins can change a proposal."))
    if not run.is_editable:
        raise InvalidTransition(
            _("This run is %(state)s: only a proposal ready for review can be changed.")
            % {"state": run.get_state_display().lower()}
        )
    return run


def _lock_pair(run: MatchRun, pair_id: int) -> ProposedPair:
    return (
        ProposedPair.objects.select_for_update(of=("self",))
        .select_related("mentee")
        .get(pk=pair_id, run=run)
    )


def places_taken(run: MatchRun) -> Counter[int]:
    """Mentor id → pairs of this proposal (proposed or locked) that mentor would take."""
    taken = (
        ProposedPair.objects.filter(run=run, status__in=ProposedPair.ACTIVE_STATUSES)
        .values("mentor_id")
        .annotate(n=Count("id"))
    )
    return Counter({row["mentor_id"]: row["n"] for row in taken})


def room_in_run(run: MatchRun, mentor_id: int) -> int:
    """Places the mentor had at run time that this proposal does not use yet."""
    return int(run.mentor_capacity.get(str(mentor_id), 0)) - places_taken(run)[mentor_id]


def current_figures(run: MatchRun) -> dict[str, Any]:
    """The proposal as it stands after edits: matched, coverage, scores, places used."""
    active = ProposedPair.objects.filter(run=run, status__in=ProposedPair.ACTIVE_STATUSES)
    figures = active.aggregate(
        matched=Count("id"), total=Sum("score"), mean=Avg("score"), lowest=Min("score")
    )
    mentees = int(run.metrics.get("mentees", 0))
    matched = int(figures["matched"] or 0)
    return {
        "matched": matched,
        "coverage": matched / mentees if mentees else 0.0,
        "total_score": round(float(figures["total"] or 0.0), 2),
        "mean_score": round(float(figures["mean"]), 2) if figures["mean"] is not None else None,
        "lowest_score": float(figures["lowest"]) if figures["lowest"] is not None else None,
        "capacity_used": matched,
        "edited": True,
    }


def _save_figures(run: MatchRun) -> None:
    run.metrics = {**run.metrics, "current": current_figures(run)}
    run.save(update_fields=["metrics"])


@transaction.atomic
def set_pair_status(*, pair: ProposedPair, status: str, by: User) -> ProposedPair:
    """Remove a pair, lock it (kept as is by a re-run), or put it back as proposed."""
    if status not in ProposedPair.Status.values:
        raise ValidationError(
            {"status": [_("Choose one of: %(c)s.") % {"c": ", ".join(ProposedPair.Status.values)}]}
        )
    run = _lock_editable_run(pair.run_id, by)
    pair = _lock_pair(run, pair.pk)
    if pair.status == status:
        return pair
    if pair.status == ProposedPair.Status.REMOVED and room_in_run(run, pair.mentor_id) <= 0:
        raise InvalidTransition(
            _("%(mentor)s has no place left in this proposal; remove or move another pair first.")
            % {"mentor": _mentor_name(pair.mentor_id)}
        )
    pair.status = status
    pair.save(update_fields=["status"])
    _save_figures(run)
    return pair


def _mentor_name(mentor_id: int) -> str:
    mentor = MentorParticipation.objects.select_related("membership__user").get(pk=mentor_id)
    return mentor.membership.user.name


def _require_proposed(pair: ProposedPair) -> None:
    if pair.status == ProposedPair.Status.LOCKED:
        raise InvalidTransition(_("This pair is locked; unlock it before changing its mentor."))
    if pair.status == ProposedPair.Status.REMOVED:
        raise InvalidTransition(_("This pair was removed; restore it before changing its mentor."))


def _scored(run: MatchRun, pair: ProposedPair, mentor_id: int, field: str) -> PairScore:
    scored = score_one_pair(
        program=run.program, mentee=pair.mentee, mentor_id=mentor_id, weights=run.weights
    )
    if scored is None:
        raise ValidationError(
            {
                field: [
                    _(
                        "%(mentor)s cannot be paired with %(mentee)s (no shared language, "
                        "excluded by the mentee, a block, or no longer accepting)."
                    )
                    % {
                        "mentor": _mentor_name(mentor_id),
                        "mentee": pair.mentee.membership.user.name,
                    }
                ]
            }
        )
    if run.min_score is not None and scored.score < run.min_score:
        raise ValidationError(
            {
                field: [
                    _("That pair scores %(score).2f, below this run's minimum of %(min)g.")
                    % {"score": scored.score, "min": run.min_score}
                ]
            }
        )
    return scored


def _apply(pair: ProposedPair, mentor_id: int, scored: PairScore) -> None:
    pair.mentor_id = mentor_id
    pair.score = scored.score
    pair.breakdown = scored.breakdown
    pair.reasons = scored.breakdown.get("reasons", [])
    pair.save(update_fields=["mentor", "score", "breakdown", "reasons"])


@transaction.atomic
def move_pair(*, pair: ProposedPair, mentor_id: int, by: User) -> ProposedPair:
    """Give the pair's mentee another chosen mentor who still has a place in the proposal."""
    run = _lock_editable_run(pair.run_id, by)
    pair = _lock_pair(run, pair.pk)
    _require_proposed(pair)
    if mentor_id == pair.mentor_id:
        return pair
    if str(mentor_id) not in run.mentor_capacity:
        raise ValidationError({"mentor": [_("Choose one of the mentors chosen for this run.")]})
    if room_in_run(run, mentor_id) <= 0:
        raise InvalidTransition(
            _("%(mentor)s has no place left in this proposal; swap with one of their pairs.")
            % {"mentor": _mentor_name(mentor_id)}
        )
    _apply(pair, mentor_id, _scored(run, pair, mentor_id, "mentor"))
    _save_figures(run)
    return pair


@transaction.atomic
def swap_pairs(*, pair: ProposedPair, other: ProposedPair, by: User) -> ProposedPair:
    """Exchange the mentors of two pairs (every mentor keeps the same number of mentees)."""
    run = _lock_editable_run(pair.run_id, by)
    if other.run_id != run.pk:
        raise ValidationError({"swap_with": [_("Choose a pair of the same run.")]})
    first, second = sorted([pair.pk, other.pk])
    locked = {first: _lock_pair(run, first), second: _lock_pair(run, second)}
    pair, other = locked[pair.pk], locked[other.pk]
    _require_proposed(pair)
    _require_proposed(other)
    if pair.pk == other.pk or pair.mentor_id == other.mentor_id:
        raise ValidationError({"swap_with": [_("Choose a pair with a different mentor.")]})
    mine, theirs = pair.mentor_id, other.mentor_id
    scored_mine = _scored(run, pair, theirs, "swap_with")
    scored_theirs = _scored(run, other, mine, "swap_with")
    _apply(pair, theirs, scored_mine)
    _apply(other, mine, scored_theirs)
    _save_figures(run)
    return pair

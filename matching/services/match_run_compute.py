"""Computing a cohort run's proposal: the body of the `compute_match_run` task.

The worker scores the cohort with the ranker (`match_run_scores`), keeps the locked pairs
of the run it is based on, solves the rest with `assign_cohort` in the room left, and
stores each pair with its score and reasons and the proposal's metrics, in one
transaction. Progress goes on the run's `Job`, which the run page polls.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import MatchRun, ProposedPair
from matching.ranking.assignment import UNMATCHED, assign_cohort, min_score_problem
from matching.ranking.assignment_metrics import proposal_metrics
from matching.services.match_run_scores import CohortScores, cohort_scores, stored_score
from matching.services.match_runs import mentors_with_room, unmatched_mentees
from mentorship.models import Job
from mentorship.services.jobs import fail_job, finish_job, mark_job_running, report_job_progress

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]


class ProposalRefused(Exception):
    """The cohort cannot give a useful proposal (the message says why, for the admin)."""


def compute_match_run(*, run_id: int, job_id: str | uuid.UUID | None = None) -> None:
    """Score, solve and store a run's proposal, with progress on its job.

    Idempotent: a redelivered task for a run that already finished only ends its job as
    the run ended, and one for a run still in progress starts over and replaces what was
    stored. Transient
    database errors propagate so the task is retried; anything else fails the run.
    """
    run = MatchRun.objects.select_related("program").get(pk=run_id)
    if not run.is_in_progress:
        # An earlier delivery stored the outcome, then its worker died before ending the
        # job: end it now as the run ended, or the page would poll it forever.
        if job_id:
            _end_job_as_run_ended(run, job_id)
        return
    if job_id:
        mark_job_running(job_id=job_id)
    MatchRun.objects.filter(pk=run.pk, state__in=MatchRun.IN_PROGRESS_STATES).update(
        state=MatchRun.State.RUNNING
    )

    def progress(percent: int, message: str) -> None:
        if job_id:
            report_job_progress(job_id=job_id, progress=percent, message=message)

    try:
        proposal = _propose(run, progress)
    except OperationalError:
        raise
    except ProposalRefused as refused:
        _fail(run, job_id, str(refused))
        return
    except Exception:
        logger.exception("Computing match run %s failed", run_id)
        _fail(run, job_id, _("Computing the proposal failed; nothing was changed."))
        return
    progress(90, _("Saving the proposal"))
    _store(run, proposal)
    if job_id:
        finish_job(
            job_id=job_id,
            result={"run_id": run.pk, "metrics": proposal["metrics"]},
            message=_("The proposal is ready."),
        )


def _end_job_as_run_ended(run: MatchRun, job_id: str | uuid.UUID) -> None:
    if Job.objects.filter(pk=job_id, state__in=Job.FINISHED_STATES).exists():
        return  # ended already (a duplicate delivery): keep its times as they were
    if run.state == MatchRun.State.FAILED:
        fail_job(job_id=job_id, error=run.error)
    else:  # ready, or published since
        finish_job(
            job_id=job_id,
            result={"run_id": run.pk, "metrics": run.metrics},
            message=_("The proposal is ready."),
        )


def _fail(run: MatchRun, job_id: str | uuid.UUID | None, message: str) -> None:
    MatchRun.objects.filter(pk=run.pk, state__in=MatchRun.IN_PROGRESS_STATES).update(
        state=MatchRun.State.FAILED, error=message[:2000], finished_at=timezone.now()
    )
    if job_id:
        fail_job(job_id=job_id, error=message)


def _locked_pairs(run: MatchRun, mentee_ids: set[int], room: dict[int, int]) -> dict[int, int]:
    """mentee id → mentor id of `based_on`'s locked pairs that can still be kept."""
    if run.based_on_id is None:
        return {}
    kept: dict[int, int] = {}
    locked = ProposedPair.objects.filter(
        run_id=run.based_on_id, status=ProposedPair.Status.LOCKED
    ).order_by("pk")
    for mentee_id, mentor_id in locked.values_list("mentee_id", "mentor_id"):
        if mentee_id in mentee_ids and room.get(mentor_id, 0) > 0:
            kept[mentee_id] = mentor_id
            room[mentor_id] -= 1
    return kept


def _propose(run: MatchRun, progress: Any) -> dict[str, Any]:
    """The proposal as plain data: pairs, unmatched mentees, metrics, capacities."""
    program = run.program
    progress(5, _("Reading the cohort"))
    mentees = list(unmatched_mentees(program).filter(pk__in=run.mentee_ids).order_by("pk"))
    room = {
        mentor.pk: int(mentor.room)  # type: ignore[attr-defined]
        for mentor in mentors_with_room(program).filter(pk__in=run.mentor_ids)
    }
    if not mentees:
        raise ProposalRefused(_("Every chosen mentee has been matched since the run started."))
    if not room:
        raise ProposalRefused(_("No chosen mentor has room any more."))
    total_room = dict(room)
    locked = _locked_pairs(run, {mentee.pk for mentee in mentees}, room)

    def reading(done: int, total: int) -> None:
        if done % 25 == 0 or done == total:
            progress(
                5 + int(55 * done / total),
                _("Reading %(n)d of %(total)d mentees")
                % {
                    "n": done,
                    "total": total,
                },
            )

    cohort = cohort_scores(
        program=program,
        mentees=mentees,
        mentor_ids=sorted(room),
        weights=run.weights,
        progress=reading,
    )
    if not cohort.mentor_ids:
        raise ProposalRefused(_("No chosen mentor is open to new mentees in the ranker."))
    problem = min_score_problem(cohort.scores, run.min_score)
    if problem:
        raise ProposalRefused(problem)
    progress(70, _("Finding the best pairs"))
    assignment = _solve(run, cohort, locked, room)
    capacities = np.asarray([total_room[pk] for pk in cohort.mentor_ids], dtype=np.int64)
    metrics = proposal_metrics(cohort.scores, capacities, assignment, min_score=run.min_score)
    progress(80, _("Explaining each pair"))
    pairs = []
    for position, column in enumerate(assignment.tolist()):
        if column == UNMATCHED:
            continue
        score = cohort.score(position, column)
        assert score is not None  # the solver only pairs allowed pairs
        breakdown = cohort.explain(position, column, score)
        mentee_id = cohort.mentees[position].pk
        pairs.append(
            {
                "mentee_id": mentee_id,
                "mentor_id": cohort.mentor_ids[column],
                "score": stored_score(score),
                "breakdown": breakdown,
                "reasons": breakdown.get("reasons", []),
                "locked": locked.get(mentee_id) == cohort.mentor_ids[column],
            }
        )
    unmatched = [
        {
            "mentee_id": cohort.mentees[position].pk,
            "reason": reason.value,
            "detail": cohort.unmatched_detail(position, reason),
        }
        for position, reason in sorted(metrics.unmatched.items())
    ]
    return {
        "pairs": pairs,
        "unmatched": unmatched,
        "metrics": metrics.summary(),
        "mentor_capacity": {str(pk): total_room[pk] for pk in cohort.mentor_ids},
    }


def _solve(
    run: MatchRun, cohort: CohortScores, locked: dict[int, int], room: dict[int, int]
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Each mentee's mentor column: locked pairs fixed, the rest solved in the room left."""
    column_of = {mentor_id: column for column, mentor_id in enumerate(cohort.mentor_ids)}
    assignment = np.full(len(cohort.mentees), UNMATCHED, dtype=np.int64)
    free: list[int] = []
    for position, mentee in enumerate(cohort.mentees):
        mentor_id = locked.get(mentee.pk)
        column = column_of.get(mentor_id) if mentor_id is not None else None
        if column is not None and cohort.score(position, column) is not None:
            assignment[position] = column
        else:
            if mentor_id is not None:  # the lock no longer holds: give its place back
                room[mentor_id] += 1
                locked.pop(mentee.pk)
            free.append(position)
    if free:
        capacities = np.asarray([room[pk] for pk in cohort.mentor_ids], dtype=np.int64)
        rows = np.asarray(free, dtype=np.int64)
        solved = assign_cohort(
            cohort.scores[rows], capacities, objective=run.objective, min_score=run.min_score
        )
        assignment[rows] = solved
    return assignment


@transaction.atomic
def _store(run: MatchRun, proposal: dict[str, Any]) -> None:
    locked_run = MatchRun.objects.select_for_update().get(pk=run.pk)
    if not locked_run.is_in_progress:
        return  # another delivery of this task finished first
    ProposedPair.objects.filter(run=locked_run).delete()
    ProposedPair.objects.bulk_create(
        ProposedPair(
            run=locked_run,
            mentee_id=pair["mentee_id"],
            mentor_id=pair["mentor_id"],
            score=pair["score"],
            breakdown=pair["breakdown"],
            reasons=pair["reasons"],
            status=ProposedPair.Status.LOCKED if pair["locked"] else ProposedPair.Status.PROPOSED,
        )
        for pair in proposal["pairs"]
    )
    locked_run.state = MatchRun.State.READY
    locked_run.metrics = proposal["metrics"]
    locked_run.unmatched = proposal["unmatched"]
    locked_run.mentor_capacity = proposal["mentor_capacity"]
    locked_run.error = ""
    locked_run.finished_at = timezone.now()
    locked_run.save(
        update_fields=["state", "metrics", "unmatched", "mentor_capacity", "error", "finished_at"]
    )

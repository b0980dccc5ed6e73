"""The learning loop's services: train a ranker from outcomes, activate it, roll back.

Training reads each request and relationship that was born from a suggestion (so it carries
the factor values the ranker gave it), labels it from how it turned out
(`matching.ranking.learning`), fits weights and stores them as an *inactive* ranker version
with its model card in `details`. An admin then activates it, which only the evidence
allows: at least `MIN_PAIRS_TO_ACTIVATE` labelled pairs, and a held-out AUC that is above
the current ranker's with 95% confidence. The rule we chose: both rankers are scored on the
*same* held-out mentees and bootstrap resamples, and the 95% interval of the difference
(trained − current) must lie above 0. That is the direct test of "better"; requiring two
separate intervals not to overlap would be a far stricter test (about 99.5%) that refuses
real improvements on a program's few hundred outcomes. Rolling back to a version that was
active before needs no evidence: it already ran in this program once.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import RankerModel
from matching.ranking.learning import (
    LabelledPair,
    NotEnoughData,
    decline_label,
    relationship_label,
    train,
)
from matching.services.suggestions import active_ranker
from mentorship.celery import QUEUE_RANKING
from mentorship.errors import ActionNotAllowed, ApplicationError, InvalidTransition
from mentorship.models import AuditEntry, Job, Program, User
from mentorship.services.audit import record_audit
from mentorship.services.jobs import (
    fail_job,
    finish_job,
    mark_job_running,
    report_job_progress,
    start_job,
)
from mentorship.services.programs import is_program_admin
from relationships.models import CheckIn, MentorRequest, Relationship

TRAIN_TASK = "matching.tasks.train_ranker"
JOB_KIND = "ranker_training"
MIN_PAIRS_TO_ACTIVATE = 200


class ActivationRefused(ApplicationError):
    """The evidence does not allow this model to rank mentees (yet)."""


def _factor_values(breakdown: dict[str, Any]) -> dict[str, float]:
    return {
        str(factor["factor"]): float(factor["value"])
        for factor in breakdown.get("factors", [])
        if isinstance(factor, dict) and "factor" in factor and "value" in factor
    }


def labelled_pairs(program: Program) -> list[LabelledPair]:
    """Every pair of the program with a snapshot and a clear outcome, oldest first.

    Three queries whatever the size: declined requests, relationships, and their check-in
    answers (only the fit answer is read; no comment ever leaves the check-in).
    """
    pairs: list[LabelledPair] = []
    declined = (
        MentorRequest.objects.filter(program=program, state=MentorRequest.State.DECLINED)
        .exclude(match_breakdown={})
        .values_list("mentee_id", "mentor_id", "match_breakdown", "decline_reason", "sent_at")
    )
    for mentee_id, mentor_id, breakdown, reason, sent_at in declined:
        label = decline_label(reason)
        values = _factor_values(breakdown)
        if label is not None and values:
            day = sent_at.date().isoformat() if sent_at else ""
            pairs.append(LabelledPair(mentee_id, mentor_id, values, label, day))
    relationships = list(
        Relationship.objects.filter(program=program)
        .exclude(match_breakdown={})
        .values_list(
            "pk", "mentee_id", "mentor_id", "match_breakdown", "state", "close_reason", "started_at"
        )
    )
    fits: dict[int, list[str]] = {}
    answers = CheckIn.objects.filter(relationship__program=program).order_by("created_at", "pk")
    for relationship_id, fit in answers.values_list("relationship_id", "good_fit"):
        fits.setdefault(relationship_id, []).append(fit)
    for pk, mentee_id, mentor_id, breakdown, state, reason, started_at in relationships:
        label = relationship_label(state=state, close_reason=reason, check_in_fits=fits.get(pk, []))
        values = _factor_values(breakdown)
        if label is not None and values:
            pairs.append(
                LabelledPair(mentee_id, mentor_id, values, label, started_at.date().isoformat())
            )
    pairs.sort(key=lambda pair: (pair.day, pair.mentee, pair.mentor))
    return pairs


def request_training(*, program: Program, by: User) -> Job:
    """A program admin asks for a model trained on the program's outcomes: a job to watch."""
    if not is_program_admin(user=by, program=program):
        raise ActionNotAllowed(_("Only this program's admins can train a ranker."))
    return start_job(
        owner=by,
        kind=JOB_KIND,
        task_name=TRAIN_TASK,
        task_kwargs={"program_id": program.pk},
        queue=QUEUE_RANKING,
    )


def train_ranker(
    *, program_id: int, job_id: str | uuid.UUID | None = None, by: User | None = None
) -> RankerModel | None:
    """Fit weights on the program's outcomes and store them as an inactive ranker version.

    The body of the `train_ranker` task and of `manage.py train_ranker`. A re-run of the
    same job replaces that job's model instead of adding another. Too little data fails the
    job with the reason (and returns None); the active ranker is never touched.
    """
    job = mark_job_running(job_id=job_id) if job_id else None
    program = Program.objects.get(pk=program_id)
    current = active_ranker(program)
    pairs = labelled_pairs(program)
    if job_id:
        report_job_progress(
            job_id=job_id, progress=20, message=_("%(n)d labelled pairs") % {"n": len(pairs)}
        )
    try:
        result = train(pairs, current_weights=current.weights)
    except NotEnoughData as error:
        if job_id:
            fail_job(job_id=job_id, error=str(error))
            return None
        raise
    details = result.details(current_weights=current.weights)
    details["compared_with"] = current.version
    details["trained_at"] = timezone.now().isoformat()
    owner = job.owner if job is not None else by
    fields: dict[str, Any] = {
        "kind": RankerModel.Kind.TRAINED,
        "weights": result.weights,
        "details": details,
        "is_active": False,
        "created_by": owner,
    }
    if job is not None:
        model, _created = RankerModel.objects.update_or_create(
            program=program, job=job, defaults=fields
        )
    else:
        model = RankerModel.objects.create(program=program, **fields)
    if job_id:
        finish_job(
            job_id=job_id,
            result={"ranker_model": model.pk, "pairs": len(pairs)},
            message=_("Model v%(version)s is trained; read its card.") % {"version": model.version},
        )
    return model


def was_active_before(model: RankerModel) -> bool:
    """Weight versions are born active; trained ones count once someone activated them."""
    return model.kind == RankerModel.Kind.WEIGHTS or model.activated_at is not None


def activation_refusal(model: RankerModel, *, current: RankerModel) -> str | None:
    """Why this model may not be activated now, in plain words; None when it may."""
    if was_active_before(model):
        return None  # a rollback: it already ranked this program's mentees once
    metrics = model.details.get("metrics", {}).get("auc", {})
    pairs = int(model.details.get("data", {}).get("pairs", 0))
    if pairs < MIN_PAIRS_TO_ACTIVATE:
        return _(
            "Trained on %(pairs)d labelled pairs; at least %(needed)d are needed before a "
            "model may rank mentees."
        ) % {"pairs": pairs, "needed": MIN_PAIRS_TO_ACTIVATE}
    if model.details.get("compared_with") != current.version:
        return _(
            "It was compared with ranker v%(then)s, but v%(now)s is active now: train again "
            "to compare with the ranker it would replace."
        ) % {"then": model.details.get("compared_with"), "now": current.version}
    difference = metrics.get("difference")
    if not difference:
        return _("The held-out data were too one-sided to measure the model.")
    if difference["low"] <= 0:
        return _(
            "Its held-out AUC is %(new).3f against the current ranker's %(old).3f, but the "
            "95%% interval of the difference (%(low)+.3f to %(high)+.3f) does not lie above "
            "0: no evidence that it ranks better."
        ) % {
            "new": metrics["trained"]["mean"],
            "old": metrics["current"]["mean"],
            "low": difference["low"],
            "high": difference["high"],
        }
    return None


@transaction.atomic
def activate_ranker(*, model: RankerModel, by: User) -> RankerModel:
    """Make `model` the program's ranker (or roll back to an earlier version), with an audit
    entry. New suggestions then use its weights and record its version; stored lists made
    by another version are stale (`is_stale`) and recompute when next opened."""
    program = model.program
    if not is_program_admin(user=by, program=program):
        raise ActionNotAllowed(_("Only this program's admins can change how mentors are ranked."))
    current = active_ranker(program)
    model = RankerModel.objects.select_for_update().get(pk=model.pk)
    if model.is_active:
        raise InvalidTransition(_("This ranker version is already active."))
    refusal = activation_refusal(model, current=current)
    if refusal:
        raise ActivationRefused(refusal)
    rollback = was_active_before(model)
    RankerModel.objects.select_for_update().filter(program=program, is_active=True).update(
        is_active=False
    )
    model.is_active = True
    model.activated_at = timezone.now()
    model.save(update_fields=["is_active", "activated_at"])
    record_audit(
        actor=by,
        action=AuditEntry.Action.ACTIVATED_RANKER,
        program=program,
        target=model,
        detail=(
            f"Rolled back from v{current.version} to v{model.version}"
            if rollback
            else f"Replaced v{current.version} with trained v{model.version}"
        ),
    )
    return model

"""Publishing a cohort run in a worker: the admin asks, a job shows how it went.

Publishing locks every mentee's and mentor's participation row and may create hundreds of
relationships and notifications, so it runs in a worker instead of the web request.
`request_publish` refuses at once what it can tell at once (published, not ready, out of
date as things stand), marks the run `publishing` so nobody edits or publishes it twice,
and queues `publish_match_run_task`. The worker calls `publish_match_run`, one transaction:
a worker killed halfway leaves nothing behind, and the redelivered task publishes again
from the start; once the run is published, another delivery only finishes the job.
A refusal found by the worker (a mentee matched meanwhile) fails the job with the message
and gives the run back as `ready`, so the admin reads why on the run's page.
"""

from __future__ import annotations

import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.utils.translation import gettext as _

from matching.models import MatchRun, ProposedPair
from matching.services.match_run_publish import active_pairs, publish_match_run, stale_pairs
from mentorship.celery import QUEUE_RANKING
from mentorship.errors import ActionNotAllowed, ApplicationError, InvalidTransition
from mentorship.models import Job, User
from mentorship.services.jobs import (
    fail_job,
    finish_job,
    mark_job_running,
    report_job_progress,
    start_job,
)
from mentorship.services.programs import is_program_admin

PUBLISH_TASK = "matching.tasks.publish_match_run"
JOB_KIND = "match_run_publish"

logger = logging.getLogger(__name__)


@transaction.atomic
def request_publish(*, run: MatchRun, by: User) -> Job:
    """Check what can be checked now, mark the run `publishing` and queue the publish.

    Raises `InvalidTransition` (409) for a run already published or being published, not
    ready, without pairs, or out of date already; nothing is queued then. The worker
    checks again under row locks, since anything may change until it runs.
    """
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run.pk)
    if not is_program_admin(user=by, program=run.program):
        raise ActionNotAllowed(_("Only this program's admins can publish a proposal."))
    if run.state == MatchRun.State.PUBLISHED:
        raise InvalidTransition(_("This run was already published."))
    if run.is_publishing:
        raise InvalidTransition(_("This run is being published already."))
    if not run.is_editable:
        raise InvalidTransition(_("Only a proposal that is ready can be published."))
    pairs = active_pairs(run)
    if not pairs:
        raise InvalidTransition(_("This proposal has no pairs left to publish."))
    problems = stale_pairs(run, pairs)  # without locks: a cheap early answer, not the final one
    if problems:
        raise InvalidTransition(
            _("This proposal is out of date; nothing was published. %(problems)s")
            % {"problems": " ".join(problems)},
            errors={"pairs": problems},
        )
    job = start_job(
        owner=by,
        kind=JOB_KIND,
        task_name=PUBLISH_TASK,
        task_kwargs={"run_id": run.pk, "by_id": by.pk},
        queue=QUEUE_RANKING,
    )
    MatchRun.objects.filter(pk=run.pk).update(state=MatchRun.State.PUBLISHING, publish_job=job)
    return job


def _published_result(run: MatchRun) -> dict[str, int]:
    created = ProposedPair.objects.filter(run=run, relationship__isnull=False).count()
    return {"run_id": run.pk, "relationships": created}


def publish_in_worker(*, run_id: int, by_id: int, job_id: str | uuid.UUID) -> None:
    """The task's body: publish the run and finish its job, or fail it with the reason.

    Idempotent: for a run already published (an earlier delivery committed, then its
    worker died) it only finishes the job. Transient database errors propagate, so the
    task is retried with the run still `publishing`.
    """
    run = MatchRun.objects.get(pk=run_id)
    if run.state == MatchRun.State.PUBLISHED:
        finish_job(job_id=job_id, result=_published_result(run), message=_("Published."))
        return
    if not run.is_publishing:
        # Nobody asked for this publish any more (the request was superseded).
        fail_job(job_id=job_id, error=_("This run is no longer waiting to be published."))
        return
    mark_job_running(job_id=job_id)
    report_job_progress(job_id=job_id, progress=10, message=_("Creating the relationships"))
    try:
        publish_match_run(run=run, by=User.objects.get(pk=by_id))
    except OperationalError:
        raise
    except (ApplicationError, ValidationError) as error:
        message = error.message if isinstance(error, ApplicationError) else error.messages[0]
        _give_back(run, job_id, message)
        return
    except Exception:
        logger.exception("Publishing match run %s failed", run_id)
        _give_back(run, job_id, _("Publishing failed; nothing was published."))
        return
    run.refresh_from_db()
    result = _published_result(run)
    finish_job(
        job_id=job_id,
        result=result,
        message=_("Published: %(n)d relationships started, and everyone was notified.")
        % {"n": result["relationships"]},
    )


def _give_back(run: MatchRun, job_id: str | uuid.UUID, message: str) -> None:
    """Nothing was published: the run is ready again and the job says why."""
    MatchRun.objects.filter(pk=run.pk, state=MatchRun.State.PUBLISHING).update(
        state=MatchRun.State.READY
    )
    fail_job(job_id=job_id, error=message)

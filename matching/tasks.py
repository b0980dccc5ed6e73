"""Celery tasks of the matching app, all on the `ranking` queue (see mentorship/celery.py)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="matching.tasks.compute_suggestions",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=300,
    soft_time_limit=280,
)
def compute_suggestions(*, mentee_id: int, job_id: str | None = None) -> None:
    """Compute and store one mentee's suggestions (idempotent: the list is replaced)."""
    from matching.services.suggestions import compute_suggestions as compute

    compute(mentee_id=mentee_id, job_id=job_id)


@shared_task(name="matching.tasks.search_suggestions", time_limit=120, soft_time_limit=110)
def search_suggestions(*, mentee_id: int, query: str, job_id: str) -> None:
    """Re-rank one mentee's mentors for a free-text wish; the result goes on the job."""
    from matching.services.suggestions import search_suggestions as search

    search(mentee_id=mentee_id, query=query, job_id=job_id)


@shared_task(name="matching.tasks.recompute_program", time_limit=1800, soft_time_limit=1780)
def recompute_program(*, program_id: int, job_id: str | None = None) -> int:
    """Recompute every mentee's list in a program, with progress on the job."""
    from matching.services.suggestions import recompute_program as recompute

    return recompute(program_id=program_id, job_id=job_id)


@shared_task(name="matching.tasks.rebuild_indexes", time_limit=1800, soft_time_limit=1780)
def rebuild_indexes() -> int:
    """Nightly: refit every live program's mentor index (a new build number)."""
    from matching.index_cache import rebuild_index
    from mentorship.models import Program

    programs = Program.objects.exclude(status__in=[Program.Status.DRAFT, Program.Status.CLOSED])
    for program in programs:
        rebuild_index(program)
    return programs.count()


@shared_task(name="matching.tasks.refresh_stale_suggestions", time_limit=1800, soft_time_limit=1780)
def refresh_stale_suggestions() -> int:
    """Nightly: recompute the lists that went stale and nobody opened."""
    from matching.services.suggestions import refresh_stale_suggestions as refresh

    return refresh()


@shared_task(
    name="matching.tasks.compute_match_run",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=900,
    soft_time_limit=880,
)
def compute_match_run(*, run_id: int, job_id: str | None = None) -> None:
    """Compute a cohort run's proposal (idempotent: a finished run is left as it is)."""
    from matching.services.match_run_compute import compute_match_run as compute

    compute(run_id=run_id, job_id=job_id)


@shared_task(
    name="matching.tasks.publish_match_run",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=600,
    soft_time_limit=580,
)
def publish_match_run(*, run_id: int, by_id: int, job_id: str) -> None:
    """Publish a cohort run (idempotent: one transaction; a published run only ends the job)."""
    from matching.services.match_run_publishing import publish_in_worker

    publish_in_worker(run_id=run_id, by_id=by_id, job_id=job_id)


@shared_task(
    name="matching.tasks.train_ranker",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=900,
    soft_time_limit=880,
)
def train_ranker(*, program_id: int, job_id: str) -> int | None:
    """Train a ranker version on a program's outcomes (a re-run replaces the job's model)."""
    from matching.services.training import train_ranker as train

    model = train(program_id=program_id, job_id=job_id)
    return model.pk if model else None

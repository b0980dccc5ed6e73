"""Suggestions: computing, storing, refreshing and dismissing a mentee's top mentors.

Computation runs in Celery workers on the `ranking` queue; pages only request it (a job
the page polls) and read what is stored. A list is replaced in one transaction, so a
re-run never duplicates and a failed run leaves the previous list in place.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.index_cache import current_index
from matching.models import Dismissal, Impression, RankerModel, Suggestion, SuggestionList
from matching.ranking.explanation import Names, explain
from matching.ranking.index import MentorIndex, QueryVector
from matching.ranking.peer import explain_peer, peer_rank
from matching.ranking.records import MenteeQuery
from matching.ranking.scoring import DEFAULT_WEIGHTS, InvalidWeights, rank, validate_weights
from matching.records import mentee_query, peer_queries, vocabulary_names
from mentorship.celery import QUEUE_RANKING
from mentorship.errors import ActionNotAllowed
from mentorship.models import Job, MenteeParticipation, MentorParticipation, Program, User
from mentorship.services.jobs import fail_job, finish_job, mark_job_running, start_job
from mentorship.services.programs import is_program_admin

logger = logging.getLogger(__name__)

SUGGESTIONS_PER_MENTEE = 20
COMPUTE_TASK = "matching.tasks.compute_suggestions"
SEARCH_TASK = "matching.tasks.search_suggestions"
JOB_KIND = "suggestions"
SEARCH_JOB_KIND = "suggestions_search"
# A queued or running job younger than this is reused instead of starting another.
JOB_REUSE_WINDOW = timedelta(minutes=5)


def active_ranker(program: Program) -> RankerModel:
    """The program's active ranker version, created with the default weights on first use."""
    ranker = RankerModel.objects.filter(program=program, is_active=True).first()
    if ranker is None:
        with transaction.atomic():
            ranker, _created = RankerModel.objects.get_or_create(
                program=program, is_active=True, defaults={"weights": dict(DEFAULT_WEIGHTS)}
            )
    return ranker


@transaction.atomic
def set_ranker_weights(*, program: Program, weights: Mapping[str, float], by: User) -> RankerModel:
    """A program admin changes the weights: a new ranker version becomes active."""
    if not is_program_admin(user=by, program=program):
        raise ActionNotAllowed(_("Only this program's admins can change how mentors are ranked."))
    try:
        checked = validate_weights(weights)
    except InvalidWeights as error:
        raise ValidationError({"weights": [str(error)]}) from None
    RankerModel.objects.select_for_update().filter(program=program, is_active=True).update(
        is_active=False
    )
    return RankerModel.objects.create(
        program=program, weights=checked, created_by=by, kind=RankerModel.Kind.WEIGHTS
    )


@dataclass(frozen=True)
class Computed:
    mentors: list[dict[str, Any]]
    ranker: RankerModel
    index_build: int
    eligible: int


def _compute(mentee: MenteeParticipation, *, extra_text: str = "") -> Computed:
    program = mentee.membership.program
    index = current_index(program)
    query = mentee_query(mentee, extra_text=extra_text)
    vector = index.vectorize(query.text)
    ranker = active_ranker(program)
    names = vocabulary_names()
    if program.pairing == Program.Pairing.PEER:
        return _compute_peers(
            index, query, program=program, vector=vector, ranker=ranker, names=names
        )
    ranking = rank(
        index, query, weights=ranker.weights, k=SUGGESTIONS_PER_MENTEE, query_vector=vector
    )
    mentors = [
        {
            "mentor_id": scored.mentor_id,
            "rank": position,
            "score": scored.score,
            "breakdown": explain(index, query, scored, query_vector=vector, names=names),
        }
        for position, scored in enumerate(ranking.mentors, start=1)
    ]
    return Computed(
        mentors=mentors, ranker=ranker, index_build=ranking.build_number, eligible=ranking.eligible
    )


def _compute_peers(
    index: MentorIndex,
    query: MenteeQuery,
    *,
    program: Program,
    vector: QueryVector,
    ranker: RankerModel,
    names: Names,
) -> Computed:
    """A peer program: the symmetric score, so A sees B exactly as B sees A (`ranking.peer`)."""
    others = peer_queries(program)
    others.pop(query.user_id, None)
    ranking = peer_rank(
        index, query, others, weights=ranker.weights, k=SUGGESTIONS_PER_MENTEE, query_vector=vector
    )
    mentors = [
        {
            "mentor_id": match.mentor_id,
            "rank": position,
            "score": match.score,
            "breakdown": explain_peer(
                index, query, match, query_vector=vector, others=others, names=names
            ),
        }
        for position, match in enumerate(ranking.peers, start=1)
    ]
    return Computed(
        mentors=mentors, ranker=ranker, index_build=ranking.build_number, eligible=ranking.eligible
    )


def compute_suggestions(*, mentee_id: int, job_id: str | uuid.UUID | None = None) -> None:
    """Compute and store a mentee's top mentors (the `compute_suggestions` task's body).

    Transient database errors propagate so the task is retried; anything else is recorded
    on the list and the job, and the previous suggestions stay.
    """
    if job_id:
        mark_job_running(job_id=job_id)
    mentee = MenteeParticipation.objects.select_related(
        "membership__program", "membership__user"
    ).get(pk=mentee_id)
    try:
        computed = _compute(mentee)
        _store(mentee, computed)
    except OperationalError:
        raise
    except Exception as error:
        logger.exception("Computing suggestions for mentee %s failed", mentee_id)
        SuggestionList.objects.update_or_create(
            mentee=mentee,
            defaults={
                "last_error": f"{type(error).__name__}: {error}"[:2000],
                "failed_at": timezone.now(),
            },
        )
        if job_id:
            fail_job(
                job_id=job_id, error=_("Computing suggestions failed; the previous list stays.")
            )
        return
    if job_id:
        finish_job(
            job_id=job_id,
            result={
                "suggestions": len(computed.mentors),
                "ranker_version": computed.ranker.version,
            },
            message=_("Suggestions are ready."),
        )


@transaction.atomic
def _store(mentee: MenteeParticipation, computed: Computed) -> None:
    now = timezone.now()
    listing, _created = SuggestionList.objects.select_for_update().get_or_create(mentee=mentee)
    Suggestion.objects.filter(mentee=mentee).delete()
    Suggestion.objects.bulk_create(
        Suggestion(
            program_id=mentee.membership.program_id,
            mentee=mentee,
            mentor_id=item["mentor_id"],
            rank=item["rank"],
            score=item["score"],
            breakdown=item["breakdown"],
            ranker=computed.ranker,
            index_build=computed.index_build,
            computed_at=now,
        )
        for item in computed.mentors
    )
    listing.computed_at = now
    listing.ranker = computed.ranker
    listing.index_build = computed.index_build
    listing.eligible_mentors = computed.eligible
    listing.last_error = ""
    listing.failed_at = None
    listing.save()


def is_stale(mentee: MenteeParticipation) -> bool:
    """Older than the mentee's goals or profile, the program's settings, or an edit of a
    mentor in the list (in a peer program also than a listed peer's wishes or this
    person's own offer)."""
    listing = SuggestionList.objects.filter(mentee=mentee).first()
    if listing is None or listing.computed_at is None:
        return True
    computed_at = listing.computed_at
    if mentee.updated_at > computed_at:
        return True
    # The program's settings changed (pairing and experience preference shape every score).
    if mentee.membership.program.updated_at > computed_at:
        return True
    # Made by another ranker version than the active one (a model was activated or rolled
    # back): the list must be recomputed to carry the new version.
    if listing.ranker_id != active_ranker(mentee.membership.program).pk:
        return True
    profile_changed = (
        mentee.membership.user.profile.updated_at
        if hasattr(mentee.membership.user, "profile")
        else None
    )
    if profile_changed is not None and profile_changed > computed_at:
        return True
    if MentorParticipation.objects.filter(
        suggested_to__mentee=mentee, changed_at__gt=computed_at
    ).exists():
        return True
    if mentee.membership.program.pairing != Program.Pairing.PEER:
        return False
    # Peer scores also read what the others want to learn and what this person can teach.
    suggested_people = Suggestion.objects.filter(mentee=mentee).values("mentor__membership__user")
    return (
        MenteeParticipation.objects.filter(
            membership__program_id=mentee.membership.program_id,
            membership__user__in=suggested_people,
            updated_at__gt=computed_at,
        ).exists()
        or MentorParticipation.objects.filter(
            membership_id=mentee.membership_id, changed_at__gt=computed_at
        ).exists()
    )


def request_refresh(*, mentee: MenteeParticipation, by: User) -> Job:
    """Queue a recompute of the mentee's list (or return the one already under way)."""
    if mentee.membership.user_id != by.pk:
        raise ActionNotAllowed(_("Only the mentee can refresh their suggestions."))
    listing, _created = SuggestionList.objects.get_or_create(mentee=mentee)
    job = listing.job
    recent = timezone.now() - JOB_REUSE_WINDOW
    if job is not None and not job.is_finished and job.created_at > recent:
        return job
    with transaction.atomic():
        job = start_job(
            owner=by,
            kind=JOB_KIND,
            task_name=COMPUTE_TASK,
            task_kwargs={"mentee_id": mentee.pk},
            queue=QUEUE_RANKING,
        )
        SuggestionList.objects.filter(pk=listing.pk).update(job=job)
    return job


def search_suggestions(*, mentee_id: int, query: str, job_id: str | uuid.UUID) -> None:
    """Re-rank for a free-text wish blended with the mentee's goals; the result is the job's."""
    mark_job_running(job_id=job_id)
    mentee = MenteeParticipation.objects.select_related(
        "membership__program", "membership__user"
    ).get(pk=mentee_id)
    computed = _compute(mentee, extra_text=query)
    finish_job(
        job_id=job_id,
        result={
            "query": query,
            "ranker_version": computed.ranker.version,
            "index_build": computed.index_build,
            "mentors": computed.mentors,
        },
    )


def request_search(*, mentee: MenteeParticipation, by: User, query: str) -> Job:
    if mentee.membership.user_id != by.pk:
        raise ActionNotAllowed(_("Only the mentee can search their suggestions."))
    query = query.strip()
    if not query:
        raise ValidationError({"q": [_("Say in a few words what you are looking for.")]})
    return start_job(
        owner=by,
        kind=SEARCH_JOB_KIND,
        task_name=SEARCH_TASK,
        task_kwargs={"mentee_id": mentee.pk, "query": query[:200]},
        queue=QUEUE_RANKING,
    )


def record_impression(
    *, mentee: MenteeParticipation, suggestions: list[Suggestion], query: str = ""
) -> Impression:
    """Remember which mentors were shown, in which order: exposure analysis needs it."""
    return Impression.objects.create(
        mentee=mentee,
        mentor_ids=[suggestion.mentor_id for suggestion in suggestions],
        scores=[suggestion.score for suggestion in suggestions],
        ranker=suggestions[0].ranker if suggestions else None,
        query=query[:200],
    )


@transaction.atomic
def dismiss_suggestion(*, suggestion: Suggestion, by: User) -> Dismissal:
    """ "Not interested": drop it from the list, never suggest again, keep it as a signal."""
    if suggestion.mentee.membership.user_id != by.pk:
        raise ActionNotAllowed(_("Only the mentee can dismiss their suggestions."))
    dismissal, _created = Dismissal.objects.get_or_create(
        mentee=suggestion.mentee,
        mentor=suggestion.mentor,
        defaults={"rank": suggestion.rank, "score": suggestion.score},
    )
    suggestion.delete()
    return dismissal


def recompute_program(*, program_id: int, job_id: str | uuid.UUID | None = None) -> int:
    """Recompute every active mentee's list in a program, reporting progress on the job."""
    from mentorship.models import Membership
    from mentorship.services.jobs import report_job_progress

    if job_id:
        mark_job_running(job_id=job_id)
    mentee_ids = list(
        MenteeParticipation.objects.filter(
            membership__program_id=program_id, membership__status=Membership.Status.ACTIVE
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for done, mentee_id in enumerate(mentee_ids, start=1):
        compute_suggestions(mentee_id=mentee_id)
        if job_id and (done % 25 == 0 or done == len(mentee_ids)):
            report_job_progress(
                job_id=job_id,
                progress=int(100 * done / len(mentee_ids)),
                message=_("%(done)d of %(total)d mentees")
                % {"done": done, "total": len(mentee_ids)},
            )
    if job_id:
        finish_job(job_id=job_id, result={"mentees": len(mentee_ids)})
    return len(mentee_ids)


def refresh_stale_suggestions() -> int:
    """Nightly sweep: recompute every stale list of an active mentee."""
    from mentorship.models import Membership

    refreshed = 0
    mentees = MenteeParticipation.objects.filter(
        membership__status=Membership.Status.ACTIVE
    ).select_related("membership__user__profile")
    for mentee in mentees.iterator(chunk_size=500):
        if mentee.goals.exists() and is_stale(mentee):
            compute_suggestions(mentee_id=mentee.pk)
            refreshed += 1
    return refreshed

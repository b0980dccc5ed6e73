"""Publishing a cohort proposal: every pair becomes a relationship, all or nothing.

The proposal was computed against the relationships of its time. Between then and now
mentees may have been matched and mentors may have filled up through ordinary requests,
so publishing locks every mentee's and then every mentor's participation row, counts
their current relationships again and refuses the whole publish, naming the pairs, when
any pair no longer fits. Each person gets one message, stored in the same transaction (the
relationships are started without their own "now matched" message). Admins publish through
`match_run_publishing.request_publish`, which runs this in a worker.

Lock order, the same on every path that starts a relationship: mentee rows, then mentor
rows, each in id order. Accepting a request locks its mentee's row before the mentor's
(`relationships.services.requests.accept_request`), so an accept and a publish touching
the same mentee queue up instead of each seeing the mentee unmatched, and neither can
deadlock the other or a second publish.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import MatchRun, ProposedPair
from mentorship.errors import ActionNotAllowed, ApplicationError, InvalidTransition
from mentorship.models import (
    AuditEntry,
    Membership,
    MenteeParticipation,
    MentorParticipation,
    NotificationKind,
    User,
)
from mentorship.services.audit import record_audit
from mentorship.services.notifications import notify
from mentorship.services.programs import is_program_admin
from relationships.models import Relationship
from relationships.services.relationships import start_relationship
from relationships.services.snapshots import Snapshot

# A cohort pair is the admin's one proposal for that mentee, hence rank 1 in the snapshot.
COHORT_RANK = 1


def active_pairs(run: MatchRun) -> list[ProposedPair]:
    return list(
        ProposedPair.objects.filter(run=run, status__in=ProposedPair.ACTIVE_STATUSES)
        .select_related(
            "mentee__membership__user",
            "mentee__membership__program",
            "mentor__membership__user",
            "mentor__membership__program",
        )
        .order_by("pk")
    )


def _label(pair: ProposedPair) -> str:
    return f"{pair.mentee.membership.user.name} – {pair.mentor.membership.user.name}"


def stale_pairs(run: MatchRun, pairs: list[ProposedPair]) -> list[str]:
    """Why each pair can no longer be published, one sentence per problem.

    Call with the mentees' and the mentors' rows locked: the counts are then the truth
    until commit.
    """
    mentor_ids = sorted({pair.mentor_id for pair in pairs})
    mentors = {
        mentor.pk: mentor
        for mentor in MentorParticipation.objects.filter(pk__in=mentor_ids).annotate(
            in_use=Count(
                "relationships", filter=Q(relationships__state__in=Relationship.CURRENT_STATES)
            )
        )
    }
    matched = set(
        Relationship.objects.filter(program=run.program, mentee_id__in=[p.mentee_id for p in pairs])
        .current()
        .values_list("mentee_id", flat=True)
    )
    problems: list[str] = []
    wanted = Counter(pair.mentor_id for pair in pairs)
    for pair in pairs:
        if pair.mentee_id in matched:
            problems.append(
                _("%(pair)s: %(mentee)s already has a mentor now.")
                % {"pair": _label(pair), "mentee": pair.mentee.membership.user.name}
            )
        elif pair.mentee.membership.status != Membership.Status.ACTIVE or (
            pair.mentor.membership.status != Membership.Status.ACTIVE
        ):
            problems.append(
                _("%(pair)s: one of them is no longer an active member.") % {"pair": _label(pair)}
            )
    for mentor_id, count in sorted(wanted.items()):
        mentor = mentors[mentor_id]
        room = mentor.capacity - mentor.in_use  # type: ignore[attr-defined]
        if count > room:
            names = ", ".join(_label(pair) for pair in pairs if pair.mentor_id == mentor_id)
            problems.append(
                _("%(pairs)s: the mentor has %(room)d place(s) left for %(count)d mentee(s).")
                % {"pairs": names, "room": max(room, 0), "count": count}
            )
    return problems


@transaction.atomic
def publish_match_run(*, run: MatchRun, by: User) -> list[Relationship]:
    """Turn every proposed and locked pair into a relationship, then tell everyone.

    Refused (409) for a run already published or not ready, and for a stale run: nothing
    is created and the message names each pair that no longer fits.
    """
    # The run's row only (`of`): locking the program row too would make every insert that
    # references the program wait for this publish at its commit-time foreign-key check,
    # and deadlock with an accept of one of this run's mentees.
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run.pk)
    if not is_program_admin(user=by, program=run.program):
        raise ActionNotAllowed(_("Only this program's admins can publish a proposal."))
    if run.state == MatchRun.State.PUBLISHED:
        raise InvalidTransition(_("This run was already published."))
    # `publishing`: the worker of `request_publish` is doing it (a redelivery runs it again).
    if not (run.is_editable or run.is_publishing):
        raise InvalidTransition(_("Only a proposal that is ready can be published."))
    pairs = active_pairs(run)
    if not pairs:
        raise InvalidTransition(_("This proposal has no pairs left to publish."))
    # Mentees first, then mentors, each in id order: the order `accept_request` uses too.
    # With a mentee's row held, no accept can give them a mentor before this commits, so
    # the "already has a mentor" check in `stale_pairs` stays true until then.
    mentee_ids = sorted({pair.mentee_id for pair in pairs})
    list(MenteeParticipation.objects.select_for_update().filter(pk__in=mentee_ids).order_by("pk"))
    mentor_ids = sorted({pair.mentor_id for pair in pairs})
    list(MentorParticipation.objects.select_for_update().filter(pk__in=mentor_ids).order_by("pk"))
    problems = stale_pairs(run, pairs)
    if problems:
        raise InvalidTransition(
            _("This proposal is out of date; nothing was published. %(problems)s")
            % {"problems": " ".join(problems)},
            errors={"pairs": problems},
        )
    relationships = []
    for pair in pairs:
        try:
            relationship = start_relationship(
                mentee=pair.mentee,
                mentor=pair.mentor,
                origin=Relationship.Origin.COHORT,
                snapshot=Snapshot(
                    score=pair.score,
                    rank=COHORT_RANK,
                    breakdown=pair.breakdown,
                    ranker_version=run.ranker.version,
                ),
                notify_pair=False,  # `notify_published` sends each person one message
            )
        except (ApplicationError, ValidationError) as error:
            message = error.message if isinstance(error, ApplicationError) else error.messages[0]
            raise InvalidTransition(
                _("%(pair)s cannot be published: %(why)s Nothing was published.")
                % {"pair": _label(pair), "why": message},
                errors={"pairs": [f"{_label(pair)}: {message}"]},
            ) from None
        pair.relationship = relationship
        relationships.append(relationship)
    ProposedPair.objects.bulk_update(pairs, ["relationship"])
    run.state = MatchRun.State.PUBLISHED
    run.published_by = by
    run.published_at = timezone.now()
    run.save(update_fields=["state", "published_by", "published_at"])
    record_audit(
        actor=by,
        action=AuditEntry.Action.PUBLISHED_MATCH_RUN,
        program=run.program,
        target=run,
        detail=_("%(n)d relationships created") % {"n": len(relationships)},
    )
    # In the same transaction (the notifications' emails go through the outbox after
    # commit): a worker killed right after the commit cannot leave anyone untold, and a
    # redelivered publish, which finds the run published, cannot tell anyone twice.
    notify_published(run_id=run.pk)
    return relationships


def notify_published(*, run_id: int) -> None:
    """Tell each mentee who their mentor is, and each mentor who their new mentees are."""
    pairs = ProposedPair.objects.filter(run_id=run_id, relationship__isnull=False).select_related(
        "mentee__membership__user", "mentor__membership__user", "run__program"
    )
    by_mentor: dict[int, list[ProposedPair]] = {}
    for pair in pairs:
        mentor_user = pair.mentor.membership.user
        notify(
            recipient=pair.mentee.membership.user,
            kind=NotificationKind.MATCH_PUBLISHED,
            title=_("You have been matched with %(name)s") % {"name": mentor_user.name},
            body=_("%(program)s matched you with a mentor. Say hello and plan a first meeting.")
            % {"program": pair.run.program.name},
            url=reverse("relationship_detail", args=[pair.relationship_id]),
        )
        by_mentor.setdefault(pair.mentor_id, []).append(pair)
    for mentor_pairs in by_mentor.values():
        names = ", ".join(pair.mentee.membership.user.name for pair in mentor_pairs)
        notify(
            recipient=mentor_pairs[0].mentor.membership.user,
            kind=NotificationKind.MATCH_PUBLISHED,
            title=_("New mentees from %(program)s: %(names)s")
            % {"program": mentor_pairs[0].run.program.name, "names": names},
            body=_("The program matched you with new mentees. Say hello and plan a first meeting."),
            url=reverse("relationship_detail", args=[mentor_pairs[0].relationship_id])
            if len(mentor_pairs) == 1
            else reverse("relationship_list"),
        )

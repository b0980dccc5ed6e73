"""Inactivity: relationships that stopped meeting get a nudge, then a flag to the admins.

An inactivity spell starts at the last held meeting (or the start of the relationship if
none was held yet). It becomes a spell worth a nudge when it lasts longer than the agreed
cadence plus `GRACE_DAYS` (or `NO_AGREEMENT_DAYS` without a confirmed agreement): both
people are nudged, once per spell (`Relationship.nudged_at`). At twice that, the program's
admins are told (`Relationship.flagged_at`). Logging a held meeting ends the spell: the
marks are cleared by `log_meeting`, and the reminder keys name the spell's start, so a
new spell is nudged afresh while a re-run scan of the same spell sends nothing.
Paused relationships are left alone: the pair agreed to stop for a while.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.models import NotificationKind
from mentorship.services.notifications import notify
from mentorship.services.programs import program_admins
from relationships.models import Agreement, Meeting, Relationship
from relationships.services.relationships import relationship_url
from relationships.services.reminders import claim_reminder

GRACE_DAYS = 7
NO_AGREEMENT_DAYS = 21


def with_activity(relationships: QuerySet[Relationship]) -> QuerySet[Relationship]:
    """Annotate `last_held_at` (start of the latest held meeting) and `agreed_cadence` (of
    the latest agreement version both confirmed, or None), as subqueries so the row count
    of the outer query is untouched."""
    held = Meeting.objects.filter(relationship=OuterRef("pk"), state=Meeting.State.HELD).order_by(
        "-starts_at"
    )
    confirmed = Agreement.objects.filter(
        relationship=OuterRef("pk"),
        mentee_confirmed_at__isnull=False,
        mentor_confirmed_at__isnull=False,
    ).order_by("-version")
    return relationships.annotate(
        last_held_at=Subquery(held.values("starts_at")[:1]),
        agreed_cadence=Subquery(confirmed.values("cadence")[:1]),
    )


def allowed_gap_days(agreed_cadence: str | None) -> int:
    """Days without a held meeting before a relationship counts as inactive."""
    if not agreed_cadence:
        return NO_AGREEMENT_DAYS
    return Agreement.CADENCE_DAYS[Agreement.Cadence(agreed_cadence)] + GRACE_DAYS


def spell_start(relationship: Relationship) -> datetime.datetime:
    """Where the current spell is counted from (needs `with_activity`)."""
    last_held: datetime.datetime | None = getattr(relationship, "last_held_at", None)
    return last_held or relationship.started_at


def scan_inactivity(*, now: datetime.datetime | None = None) -> int:
    """Nudge both sides of inactive relationships, and flag long spells to program admins.

    Returns how many nudges and flags were made (a relationship nudged and flagged in the
    same scan counts twice). Safe to run again: each is marked on the relationship and
    claimed under a key naming the spell, inside the transaction that notifies.
    """
    now = now or timezone.now()
    done = 0
    active = with_activity(
        Relationship.objects.filter(state=Relationship.State.ACTIVE, started_at__lte=now)
    ).order_by("pk")
    for candidate in active.iterator(chunk_size=500):
        since = spell_start(candidate)
        gap = datetime.timedelta(days=allowed_gap_days(getattr(candidate, "agreed_cadence", None)))
        if now - since <= gap:
            continue
        stamp = since.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S")
        with transaction.atomic():
            relationship = (
                Relationship.objects.select_for_update(of=("self",))
                .select_related("program", "mentee__membership__user", "mentor__membership__user")
                .get(pk=candidate.pk)
            )
            if relationship.state != Relationship.State.ACTIVE:
                continue
            days = (now - since).days
            if relationship.nudged_at is None and claim_reminder(
                f"inactivity:{relationship.pk}:{stamp}:nudge"
            ):
                _nudge(relationship, days=days)
                relationship.nudged_at = now
                relationship.save(update_fields=["nudged_at", "updated_at"])
                done += 1
            if (
                now - since > 2 * gap
                and relationship.flagged_at is None
                and claim_reminder(f"inactivity:{relationship.pk}:{stamp}:flag")
            ):
                _flag(relationship, days=days)
                relationship.flagged_at = now
                relationship.save(update_fields=["flagged_at", "updated_at"])
                done += 1
    return done


def _nudge(relationship: Relationship, *, days: int) -> None:
    for person in (relationship.mentee.membership.user, relationship.mentor.membership.user):
        notify(
            recipient=person,
            kind=NotificationKind.RELATIONSHIP_UPDATE,
            title=_("You and %(name)s have not met for %(days)d days")
            % {"name": relationship.other_person(person).name, "days": days},
            body=_("Schedule a meeting, or pause the relationship if you need a break."),
            url=relationship_url(relationship),
        )


def _flag(relationship: Relationship, *, days: int) -> None:
    for admin in program_admins(relationship.program):
        notify(
            recipient=admin,
            kind=NotificationKind.RELATIONSHIP_UPDATE,
            title=_("%(mentee)s and %(mentor)s have not met for %(days)d days")
            % {
                "mentee": relationship.mentee.membership.user.name,
                "mentor": relationship.mentor.membership.user.name,
                "days": days,
            },
            body=_("They were nudged and have still not logged a meeting."),
            url=reverse("relationship_health", args=[relationship.program.slug]),
        )

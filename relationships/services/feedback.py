"""Feedback on a held meeting: each side rates it 1–5, once, with an optional comment.

Feedback is for the program's learning, not for the other side: it is never shown to the
other person and nobody is notified of it (even "your mentor rated the meeting" would tell
the other side something). Program admins only ever see aggregates over at least
`MIN_ANSWERS_FOR_AGGREGATES` answers (see `relationships.health`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext as _

from mentorship.errors import InvalidTransition
from mentorship.models import User
from relationships.models import Meeting, MeetingFeedback
from relationships.models.checkins import MIN_ANSWERS_FOR_AGGREGATES
from relationships.services.relationships import ensure_open, ensure_participant

MAX_COMMENT = 2000


@transaction.atomic
def give_feedback(*, meeting: Meeting, by: User, rating: int, comment: str = "") -> MeetingFeedback:
    """Rate a held meeting once; a second rating by the same side is refused (409)."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related(
            "relationship__mentee__membership__user", "relationship__mentor__membership__user"
        )
        .get(pk=meeting.pk)
    )
    ensure_participant(meeting.relationship, by)
    ensure_open(meeting.relationship)
    if meeting.state != Meeting.State.HELD:
        raise InvalidTransition(_("Only a meeting logged as held can be rated."))
    errors: dict[str, list[str]] = {}
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        errors["rating"] = [_("Rate the meeting from 1 to 5.")]
    if len(comment) > MAX_COMMENT:
        errors["comment"] = [_("Keep the comment under %(n)d characters.") % {"n": MAX_COMMENT}]
    if errors:
        raise ValidationError(errors)
    if MeetingFeedback.objects.filter(meeting=meeting, author=by).exists():
        raise InvalidTransition(_("You have already rated this meeting."))
    try:
        with transaction.atomic():
            return MeetingFeedback.objects.create(
                meeting=meeting, author=by, rating=rating, comment=comment.strip()
            )
    except IntegrityError as error:  # a double submit raced past the check above
        raise InvalidTransition(_("You have already rated this meeting.")) from error


@dataclass(frozen=True)
class FeedbackSummary:
    """Meeting ratings pooled over many answers; never built from fewer than the minimum."""

    answers: int
    average_rating: float


def feedback_summary(feedback: QuerySet[MeetingFeedback]) -> FeedbackSummary | None:
    """The average rating, or None below `MIN_ANSWERS_FOR_AGGREGATES` (one query)."""
    totals = feedback.aggregate(answers=Count("id"), rating=Avg("rating"))
    answers = int(totals["answers"] or 0)
    if answers < MIN_ANSWERS_FOR_AGGREGATES:
        return None
    return FeedbackSummary(answers=answers, average_rating=round(float(totals["rating"]), 2))

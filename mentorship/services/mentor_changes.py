"""Telling the ranker that a mentor changed, by bumping `MentorParticipation.changed_at`.

The lower apps never call the matching app; they only move this timestamp, and matching
notices by comparing it with what it last saw (STYLE.md: "matching notices by comparing
timestamps").
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from mentorship.models import MentorParticipation, User


def mark_mentors_changed(*, mentor_ids: Iterable[int] = (), user: User | None = None) -> int:
    """Bump `changed_at` of the given mentor participations and/or all of `user`'s."""
    ids = set(mentor_ids)
    if user is not None:
        # Ids first, then an update by primary key: an UPDATE ... WHERE id IN (a join) can get
        # a nested-loop plan that rescans both tables per row when the planner's statistics
        # are stale (fresh bulk loads), which turned each call into seconds.
        ids.update(
            MentorParticipation.objects.filter(membership__user=user).values_list("pk", flat=True)
        )
    if not ids:
        return 0
    return MentorParticipation.objects.filter(pk__in=ids).update(changed_at=timezone.now())

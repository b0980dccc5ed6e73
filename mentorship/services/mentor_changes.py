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
    ids = list(mentor_ids)
    rows = MentorParticipation.objects.none()
    if ids:
        rows = MentorParticipation.objects.filter(pk__in=ids)
    if user is not None:
        rows = rows | MentorParticipation.objects.filter(membership__user=user)
    return rows.update(changed_at=timezone.now())

"""Telling matching that a mentor changed: the ranker, by bumping
`MentorParticipation.changed_at`, and the directory's cached searches, by renewing their
generation.

The lower apps never call the matching app; they only move this timestamp and this
generation, and matching notices by comparing them with what it last saw (STYLE.md:
"matching notices by comparing timestamps").
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
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
    renew_search_generation()
    return MentorParticipation.objects.filter(pk__in=ids).update(changed_at=timezone.now())


# The directory caches a search's results under the generation current when it ran
# (`matching.directory_cache`); a new generation makes every cached search miss.
SEARCH_GENERATION_KEY = "mentors:search-generation"


def renew_search_generation() -> None:
    """Forget every cached directory search: now, and again once the change that calls
    this is committed (a search running in between could cache the old rows under the
    generation renewed now)."""
    _new_search_generation()
    transaction.on_commit(_new_search_generation)


def _new_search_generation() -> None:
    cache.set(SEARCH_GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def search_generation() -> str:
    """The generation directory searches are cached under now."""
    generation = cache.get(SEARCH_GENERATION_KEY)
    if generation is None:
        cache.add(SEARCH_GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(SEARCH_GENERATION_KEY, "")
    return str(generation)

"""Each worker process keeps one mentor index per program in memory, and keeps it current.

Before scoring, `current_index` asks the database two cheap questions: is there a newer
full build than the one in memory (then refit here from the database, so every process
uses the same vocabulary), and which mentors changed since this process last looked (an
indexed range scan on `MentorParticipation.changed_at`; those rows are upserted). So no
process ever scores from stale rows, and none pays for a refit on every edit.
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from matching.models import IndexBuild
from matching.ranking.index import MentorIndex
from matching.records import load_mentors
from mentorship.models import MentorParticipation, Program

# Transactions that commit late carry older timestamps than rows we already saw; looking
# back this far re-reads a few rows (upserts are idempotent) and misses none.
LOOK_BACK = datetime.timedelta(seconds=30)


@dataclass
class CachedIndex:
    index: MentorIndex
    last_look: datetime.datetime
    # The `changed_at` of every mentor as last applied to `index`.
    applied: dict[int, datetime.datetime]


_cache: dict[int, CachedIndex] = {}
_lock = threading.Lock()


def latest_build_number(program: Program) -> int | None:
    number: int | None = IndexBuild.objects.filter(program=program).aggregate(n=Max("number"))["n"]
    return number


def rebuild_index(program: Program) -> IndexBuild:
    """A full refit (nightly, or on demand): a new build number every process will follow."""
    started = time.perf_counter()
    with transaction.atomic():
        number = (latest_build_number(program) or 0) + 1
        index, look, applied = _fit(program, number)
        build = IndexBuild.objects.create(
            program=program,
            number=number,
            mentors=len(index),
            vocabulary_size=index.vocabulary_size,
            seconds=round(time.perf_counter() - started, 3),
        )
    with _lock:
        _cache[program.pk] = CachedIndex(index=index, last_look=look, applied=applied)
    return build


def _fit(
    program: Program, number: int
) -> tuple[MentorIndex, datetime.datetime, dict[int, datetime.datetime]]:
    look = timezone.now()
    load = load_mentors(program)
    return MentorIndex.build(load.records, build_number=number), look, load.changed_at


def current_index(program: Program) -> MentorIndex:
    """This process's index of the program, refitted or caught up as needed."""
    number = latest_build_number(program)
    if number is None:
        rebuild_index(program)
        return _cache[program.pk].index
    with _lock:
        cached = _cache.get(program.pk)
    if cached is None or cached.index.build_number != number:
        index, look, applied = _fit(program, number)
        cached = CachedIndex(index=index, last_look=look, applied=applied)
    else:
        catch_up(cached, program)
    with _lock:
        _cache[program.pk] = cached
    return cached.index


def catch_up(cached: CachedIndex, program: Program) -> int:
    """Apply the mentors changed since the last look; returns how many rows were re-read.

    The look-back window is scanned by id and timestamp only (an indexed range); full
    records are loaded just for rows whose `changed_at` differs from what was applied, so
    a recent bulk change is not re-read by every ranking for the whole window.
    """
    look = timezone.now()
    recent = MentorParticipation.objects.filter(
        membership__program=program, changed_at__gte=cached.last_look - LOOK_BACK
    ).values_list("pk", "changed_at")
    stale = [pk for pk, changed_at in recent if cached.applied.get(pk) != changed_at]
    if stale:
        load = load_mentors(program, mentor_ids=stale)
        cached.index.upsert(load.records)
        cached.index.remove(load.removed_ids)
        cached.applied.update(load.changed_at)
    cached.last_look = look
    return len(stale)


def forget(program_id: int | None = None) -> None:
    """Drop cached indexes (tests, and after a program is deleted)."""
    with _lock:
        if program_id is None:
            _cache.clear()
        else:
            _cache.pop(program_id, None)

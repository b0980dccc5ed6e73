"""Mentor capacity: counted, never stored, and never exceeded.

Capacity in use is the number of the mentor's active and paused relationships in the
program. Every service that can create a relationship calls `lock_mentor_capacity` first:
it locks the mentor's participation row, so concurrent accepts queue up behind each other
and each one counts what the previous one committed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from mentorship.models import MentorParticipation
from relationships.errors import MentorAtCapacity
from relationships.models import Relationship


@dataclass(frozen=True)
class Capacity:
    total: int
    in_use: int

    @property
    def remaining(self) -> int:
        return max(0, self.total - self.in_use)


def capacity_of(mentor: MentorParticipation) -> Capacity:
    """The mentor's capacity and how much of it is in use (no lock: for display)."""
    in_use = Relationship.objects.filter(mentor=mentor).current().count()
    return Capacity(total=mentor.capacity, in_use=in_use)


def lock_mentor_capacity(*, mentor_id: int) -> MentorParticipation:
    """Lock the mentor's row (inside a transaction) and refuse if no capacity is left."""
    mentor = MentorParticipation.objects.select_for_update().get(pk=mentor_id)
    if capacity_of(mentor).remaining <= 0:
        raise MentorAtCapacity(
            _("This mentor has no room for another mentee right now (capacity %(n)d).")
            % {"n": mentor.capacity}
        )
    return mentor

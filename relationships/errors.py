"""Rule violations of the relationships app (see mentorship.errors for the family)."""

from __future__ import annotations

from mentorship.errors import ApplicationError, InvalidTransition


class MentorAtCapacity(InvalidTransition):
    """The mentor already has as many current mentees as their capacity allows (409)."""


class RequestLimitReached(ApplicationError):
    """The mentee already has the program's maximum of open requests (400)."""


class Blocked(ApplicationError):
    """One of the two has blocked the other: no requests or messages between them (400)."""


class RelationshipClosed(InvalidTransition):
    """The relationship is closed and read-only (409)."""

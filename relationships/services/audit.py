"""Auditing who looks at a relationship from outside it.

Program admins (and platform admins) may open any relationship of a program they run, to
help when it is in trouble; the pair should be able to trust that this power is used
with care, so each such opening is written to the audit log that platform admins read.
"""

from __future__ import annotations

from mentorship.models import AuditEntry, User
from mentorship.services.audit import record_audit
from relationships.models import Relationship


def record_outside_view(*, user: User, relationship: Relationship) -> None:
    """Log that `user` opened `relationship`'s details, unless they are one of the pair.

    Needs `mentee.membership` and `mentor.membership` loaded (as `get_relationship` does),
    so telling the pair apart costs no query.
    """
    if relationship.side_of(user) is not None:
        return
    record_audit(
        actor=user,
        action=AuditEntry.Action.VIEWED_RELATIONSHIP,
        program=relationship.program,
        target=relationship,
    )

"""Writing the audit log (see `mentorship.models.audit`)."""

from __future__ import annotations

from django.db import models

from mentorship.models import AuditEntry, Program, User


def record_audit(
    *,
    actor: User | None,
    action: str,
    program: Program | None = None,
    target: models.Model | None = None,
    detail: str = "",
) -> AuditEntry:
    """Add one row to the audit log; `target` names the object by model label and id."""
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        program=program,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        detail=detail[:300],
    )

"""The audit log: who opened or changed what that belongs to someone else, and when.

Program admins may open a relationship's details from a report; platform admins read the
log to see that this power is used with care. Rows are only ever added.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models

from mentorship.models.programs import Program
from mentorship.models.users import User


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def visible_to(self, user: User | AnonymousUser) -> AuditEntryQuerySet:
        """Only platform admins read the audit log."""
        if not user.is_authenticated or not user.is_staff:
            return self.none()
        return self.all()


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        VIEWED_RELATIONSHIP = "viewed_relationship", "Opened a relationship's details"
        EXPORTED_REPORT = "exported_report", "Exported a report"
        PUBLISHED_MATCH_RUN = "published_match_run", "Published a cohort match run"
        ACTIVATED_RANKER = "activated_ranker", "Activated a ranker model"
        DOWNLOADED_DATA = "downloaded_data", "Downloaded their own data"
        DELETED_ACCOUNT = "deleted_account", "Deleted their account"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.target_type} {self.target_id}"

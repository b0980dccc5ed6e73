"""Safety: concerns reported to program admins, and blocks between members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorship.models import Program, User
from relationships.models.relationships import Relationship


class ConcernReport(models.Model):
    class Category(models.TextChoices):
        HARASSMENT = "harassment", _("Harassment or discrimination")
        INAPPROPRIATE = "inappropriate", _("Inappropriate behaviour")
        UNRESPONSIVE = "unresponsive", _("Unresponsive or unreliable")
        CONFIDENTIALITY = "confidentiality", _("Breach of confidentiality")
        OTHER = "other", _("Something else")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        IN_REVIEW = "in_review", _("In review")
        RESOLVED = "resolved", _("Resolved")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="concerns")
    relationship = models.ForeignKey(
        Relationship, null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.TextField(max_length=5000)
    paused_relationship = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    resolution_note = models.TextField(blank=True, max_length=2000)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["state", "-created_at"]

    def __str__(self) -> str:
        return f"Concern {self.pk} ({self.state})"


class BlockQuerySet(models.QuerySet["Block"]):
    def between(self, first: User, second: User) -> BlockQuerySet:
        """Blocks either way between two people: either one blocks all contact."""
        return self.filter(
            Q(blocker_id=first.pk, blocked_id=second.pk)
            | Q(blocker_id=second.pk, blocked_id=first.pk)
        )


class Block(models.Model):
    """After a block: no requests, messages or suggestions between the two, either way."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlockQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"

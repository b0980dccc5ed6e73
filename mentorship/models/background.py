"""Rows that make background work durable: the task outbox and user-visible jobs.

The broker (Redis) holds nothing we cannot afford to lose. Every task request is first an
`OutboxMessage` written in the caller's transaction; it is published after commit and,
if the broker was down, again by the relay. Work a person waits for also has a `Job`
row that the task updates and pages poll.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from mentorship.models.users import User

# A task request is normally published milliseconds after its transaction commits; one
# still unsent after this long (or already refused once) means the broker is unreachable.
OUTBOX_DELAY_GRACE = timedelta(seconds=5)


class OutboxMessageQuerySet(models.QuerySet["OutboxMessage"]):
    def delayed(self) -> OutboxMessageQuerySet:
        """Unsent requests the broker refused, or that have waited past the grace period."""
        waited_too_long = Q(created_at__lte=timezone.now() - OUTBOX_DELAY_GRACE)
        return self.filter(Q(attempts__gt=0) | waited_too_long, sent_at__isnull=True)


class OutboxMessage(models.Model):
    """A task request that must reach the broker at least once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict, blank=True)
    queue = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"], name="outbox_unsent_idx", condition=Q(sent_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        state = "sent" if self.sent_at else "unsent"
        return f"{self.task_name} ({state})"


class JobQuerySet(models.QuerySet["Job"]):
    def visible_to(self, user: User | AnonymousUser) -> JobQuerySet:
        """Jobs this user may watch: only their own (anyone else gets a 404)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner_id=user.pk)


class Job(models.Model):
    """Background work a person waits for, with its progress, result or error."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    FINISHED_STATES = (State.SUCCEEDED, State.FAILED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(max_length=50)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="job_progress_0_100"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "succeeded", "failed"]),
                name="job_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.state} {self.progress}%"

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED_STATES

    @cached_property
    def is_delayed(self) -> bool:
        """Still queued because its task request has not reached the broker yet.

        `start_job` puts the job id into the task's kwargs, which is the link to the outbox
        row; once a worker picked the job up it is no longer waiting on the broker.
        """
        if self.state != self.State.QUEUED:
            return False
        return OutboxMessage.objects.delayed().filter(kwargs__job_id=str(self.pk)).exists()

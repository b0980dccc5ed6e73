"""Cohort match runs: a program admin's proposal of mentor-mentee pairs, reviewed, then published.

A run is computed in a worker (its `Job` shows the progress), kept with who ran it and who
published it, and never changed after publishing. Each proposed pair keeps its score, the
per-factor breakdown and the reasons, so the proposal can be reviewed and later analysed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from matching.models.ranker import RankerModel
from mentorship.models import Job, MenteeParticipation, MentorParticipation, Program, User
from relationships.models import Relationship


class MatchRunQuerySet(models.QuerySet["MatchRun"]):
    def visible_to(self, user: User | AnonymousUser) -> MatchRunQuerySet:
        """Runs of the programs this user administers (platform admins see every run)."""
        return self.filter(program__in=Program.objects.administered_by(user))


class MatchRun(models.Model):
    """One cohort matching computation and its proposal, from queued to published."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        READY = "ready", _("Ready for review")
        FAILED = "failed", _("Failed")
        # Publishing was requested; a worker is creating the relationships (`publish_job`).
        PUBLISHING = "publishing", _("Publishing")
        PUBLISHED = "published", _("Published")

    class Objective(models.TextChoices):
        TOTAL_SCORE = "total_score", _("Best total score")
        COVERAGE = "coverage", _("Match as many mentees as possible")
        STABLE = "stable", _("Stable (no pair would rather swap)")

    IN_PROGRESS_STATES = (State.QUEUED, State.RUNNING)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="match_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    objective = models.CharField(max_length=12, choices=Objective.choices)
    min_score = models.FloatField(null=True, blank=True)
    weights = models.JSONField(default=dict)
    ranker = models.ForeignKey(RankerModel, on_delete=models.PROTECT, related_name="match_runs")
    mentee_ids = models.JSONField(default=list)
    mentor_ids = models.JSONField(default=list)
    # Each chosen mentor's room at run time (mentor id as a string → places), after the
    # places that locked pairs of `based_on` keep; edits are checked against it.
    mentor_capacity = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The latest publish attempt's job: its error says why a publish was refused.
    publish_job = models.ForeignKey(
        Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    metrics = models.JSONField(default=dict, blank=True)
    # Mentees the proposal leaves without a mentor: [{"mentee_id", "reason", "detail"}].
    unmatched = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reruns"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MatchRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    state__in=["queued", "running", "ready", "failed", "publishing", "published"]
                ),
                name="match_run_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(objective__in=["total_score", "coverage", "stable"]),
                name="match_run_objective_valid",
            ),
            models.CheckConstraint(
                condition=Q(min_score__isnull=True) | (Q(min_score__gte=0) & Q(min_score__lte=100)),
                name="match_run_min_score_0_100",
            ),
            # Published exactly when it records when; never published twice.
            models.CheckConstraint(
                condition=(Q(state="published") & Q(published_at__isnull=False))
                | (~Q(state="published") & Q(published_at__isnull=True)),
                name="match_run_published_at_iff_published",
            ),
            models.CheckConstraint(
                condition=~Q(based_on=models.F("id")), name="match_run_not_based_on_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"Match run {self.pk} of {self.program} ({self.state})"

    @property
    def is_in_progress(self) -> bool:
        return self.state in self.IN_PROGRESS_STATES

    @property
    def is_publishing(self) -> bool:
        return self.state == self.State.PUBLISHING

    @property
    def is_editable(self) -> bool:
        """Only a ready proposal may be edited, re-run around its locks, or published."""
        return self.state == self.State.READY


class ProposedPair(models.Model):
    """One mentee and the mentor a run proposes for them, with the score's explanation."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        LOCKED = "locked", _("Locked")
        REMOVED = "removed", _("Removed")

    ACTIVE_STATUSES = (Status.PROPOSED, Status.LOCKED)

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="pairs")
    mentee = models.ForeignKey(MenteeParticipation, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(MentorParticipation, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    breakdown = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    relationship = models.OneToOneField(
        Relationship,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="proposed_pair_one_per_mentee"),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "locked", "removed"]),
                name="proposed_pair_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="proposed_pair_score_0_100"
            ),
            # A removed pair is never published.
            models.CheckConstraint(
                condition=~Q(status="removed") | Q(relationship__isnull=True),
                name="proposed_pair_removed_not_published",
            ),
        ]

    def __str__(self) -> str:
        return f"Mentee {self.mentee_id} with mentor {self.mentor_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

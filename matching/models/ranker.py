"""The ranker's versions (weights or a trained model) and the builds of its mentor index."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentorship.models import Program


class RankerModel(models.Model):
    """One version of how a program ranks mentors; its id is "the ranker version".

    Only one is active per program. Without any row the platform defaults apply (and a
    row is created for them on first use, so every suggestion names a real version).
    """

    class Kind(models.TextChoices):
        WEIGHTS = "weights", "Weighted factors"
        TRAINED = "trained", "Trained from outcomes"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="ranker_models")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WEIGHTS)
    weights = models.JSONField(default=dict)
    # For trained models: what it learned, in the open (filled by the learning loop).
    details = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)
    # When it last became active (None: a trained model never activated). A version that
    # was active once may be rolled back to without new evidence.
    activated_at = models.DateTimeField(null=True, blank=True)
    # The training job that made it: a re-run of the job replaces its model.
    job = models.OneToOneField(
        "mentorship.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(is_active=True),
                name="one_active_ranker_per_program",
            ),
        ]

    def __str__(self) -> str:
        return f"Ranker v{self.pk} for {self.program}"

    @property
    def version(self) -> str:
        return str(self.pk)


class IndexBuild(models.Model):
    """A full (re)fit of a program's mentor index; worker processes rebuild when it moves."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="index_builds")
    number = models.PositiveIntegerField()
    mentors = models.PositiveIntegerField(default=0)
    vocabulary_size = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="index_build_unique"),
        ]

    def __str__(self) -> str:
        return f"Index build {self.number} of {self.program}"

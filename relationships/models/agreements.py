"""The agreement (expectations): proposed by either side, confirmed by both, versioned.

Each edit is a new version; a version is in force once both have confirmed it. Earlier
versions are kept, so either side can see what was agreed before.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentorship.models import MeetingMode, MenteeGoal
from relationships.models.relationships import Relationship


class Agreement(models.Model):
    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly")

    CADENCE_DAYS = {Cadence.WEEKLY: 7, Cadence.FORTNIGHTLY: 14, Cadence.MONTHLY: 30}

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="agreements"
    )
    version = models.PositiveIntegerField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    goals_in_focus = models.ManyToManyField(MenteeGoal, blank=True, related_name="+")
    cadence = models.CharField(max_length=12, choices=Cadence.choices)
    channel = models.CharField(max_length=10, choices=MeetingMode.choices)
    session_minutes = models.PositiveSmallIntegerField(default=45)
    end_date = models.DateField()
    confidentiality = models.TextField(_("confidentiality and boundaries"), blank=True)
    other_expectations = models.TextField(blank=True)
    mentee_confirmed_at = models.DateTimeField(null=True, blank=True)
    mentor_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "version"], name="agreement_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(session_minutes__gte=10) & models.Q(session_minutes__lte=480),
                name="agreement_session_10_480",
            ),
        ]

    def __str__(self) -> str:
        return f"Agreement v{self.version} of relationship {self.relationship_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.mentee_confirmed_at is not None and self.mentor_confirmed_at is not None

    @property
    def cadence_days(self) -> int:
        return self.CADENCE_DAYS[self.Cadence(self.cadence)]

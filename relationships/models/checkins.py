"""Check-ins on the program's cadence, and the closing survey.

Individual answers are visible to their author only; program admins see aggregates over
at least five answers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from relationships.models.relationships import Relationship

MIN_ANSWERS_FOR_AGGREGATES = 5


class Fit(models.TextChoices):
    YES = "yes", _("Yes")
    UNSURE = "unsure", _("Unsure")
    NO = "no", _("No")


class CheckIn(models.Model):
    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="check_ins"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # 1 for the first check-in (after `first_check_in_days`), then one per interval.
    period = models.PositiveSmallIntegerField()
    how_it_is_going = models.PositiveSmallIntegerField()
    good_fit = models.CharField(max_length=6, choices=Fit.choices)
    goal_progress = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "author", "period"], name="check_in_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(how_it_is_going__gte=1)
                & Q(how_it_is_going__lte=5)
                & Q(goal_progress__gte=1)
                & Q(goal_progress__lte=5),
                name="check_in_ratings_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.period} on relationship {self.relationship_id}"


class ClosingSurvey(models.Model):
    class GoalsAchieved(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="closing_surveys"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    overall_rating = models.PositiveSmallIntegerField()
    goals_achieved = models.CharField(max_length=6, choices=GoalsAchieved.choices)
    would_recommend = models.BooleanField()
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "author"], name="closing_survey_once_per_person"
            ),
            models.CheckConstraint(
                condition=Q(overall_rating__gte=1) & Q(overall_rating__lte=5),
                name="closing_survey_rating_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Closing survey on relationship {self.relationship_id}"

"""Suggestions (a mentee's current top list), what was shown, and what was dismissed."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import models

from matching.models.ranker import RankerModel
from mentorship.lookups import one_of
from mentorship.models import (
    MenteeParticipation,
    MentorParticipation,
    Program,
    User,
    in_programs_run_by,
)


class SuggestionQuerySet(models.QuerySet["Suggestion"]):
    def visible_to(self, user: User | AnonymousUser) -> SuggestionQuerySet:
        """A mentee's suggestions are theirs alone (and their program admins')."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        mine = MenteeParticipation.objects.filter(membership__user_id=user.pk).values("pk")
        return self.filter(one_of("mentee_id", mine) | in_programs_run_by(user.pk))


class Suggestion(models.Model):
    """One mentor in a mentee's current top list, with the score's full explanation.

    The whole list is replaced in one transaction on recompute, so a re-run never duplicates
    and a failed run leaves the previous list in place.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="suggestions")
    mentee = models.ForeignKey(
        MenteeParticipation, on_delete=models.CASCADE, related_name="suggestions"
    )
    mentor = models.ForeignKey(
        MentorParticipation, on_delete=models.CASCADE, related_name="suggested_to"
    )
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    breakdown = models.JSONField(default=dict)
    ranker = models.ForeignKey(RankerModel, on_delete=models.PROTECT, related_name="+")
    index_build = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["mentee", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "rank"], name="suggestion_rank_unique"),
            models.UniqueConstraint(fields=["mentee", "mentor"], name="suggestion_mentor_unique"),
        ]

    def __str__(self) -> str:
        return f"#{self.rank} for mentee {self.mentee_id}: mentor {self.mentor_id}"

    @property
    def ranker_version(self) -> str:
        return str(self.ranker_id)


class SuggestionList(models.Model):
    """The state of one mentee's list: when it was computed, by what, and the last failure."""

    mentee = models.OneToOneField(
        MenteeParticipation, on_delete=models.CASCADE, related_name="suggestion_list"
    )
    computed_at = models.DateTimeField(null=True, blank=True)
    ranker = models.ForeignKey(
        RankerModel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    index_build = models.PositiveIntegerField(null=True, blank=True)
    eligible_mentors = models.PositiveIntegerField(default=0)
    job = models.ForeignKey(
        "mentorship.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_error = models.TextField(blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Suggestion list of mentee {self.mentee_id}"


class Impression(models.Model):
    """One list as it was shown to a mentee: for exposure analysis (who gets seen at all)."""

    mentee = models.ForeignKey(
        MenteeParticipation, on_delete=models.CASCADE, related_name="impressions"
    )
    mentor_ids = models.JSONField(default=list)
    scores = models.JSONField(default=list)
    ranker = models.ForeignKey(RankerModel, null=True, on_delete=models.SET_NULL, related_name="+")
    query = models.CharField(max_length=200, blank=True)
    shown_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["mentee", "-shown_at"], name="impression_mentee")]

    def __str__(self) -> str:
        return f"Impression for mentee {self.mentee_id} at {self.shown_at}"


class Dismissal(models.Model):
    """ "Not interested": never suggest this mentor to this mentee again (and a signal)."""

    mentee = models.ForeignKey(
        MenteeParticipation, on_delete=models.CASCADE, related_name="dismissals"
    )
    mentor = models.ForeignKey(MentorParticipation, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor"], name="dismissal_unique"),
        ]

    def __str__(self) -> str:
        return f"Mentee {self.mentee_id} dismissed mentor {self.mentor_id}"

"""The match snapshot copied onto requests and relationships born from a suggestion.

Later analysis must not depend on a suggestion list that has since been recomputed, so the
score, rank, per-factor breakdown and ranker version travel with the request.
"""

from __future__ import annotations

from django.db import models


class MatchSnapshot(models.Model):
    match_score = models.FloatField(null=True, blank=True)
    match_rank = models.PositiveIntegerField(null=True, blank=True)
    match_breakdown = models.JSONField(default=dict, blank=True)
    ranker_version = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True

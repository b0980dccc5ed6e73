"""Admin pages for the matching app."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from matching.models import (
    Dismissal,
    Impression,
    IndexBuild,
    MatchRun,
    ProposedPair,
    RankerModel,
    Suggestion,
)


@admin.register(RankerModel)
class RankerModelAdmin(admin.ModelAdmin[RankerModel]):
    list_display = ["id", "program", "kind", "is_active", "created_by", "created_at"]
    list_filter = ["kind", "is_active", "program"]


@admin.register(IndexBuild)
class IndexBuildAdmin(admin.ModelAdmin[IndexBuild]):
    list_display = ["program", "number", "mentors", "vocabulary_size", "seconds", "created_at"]
    list_filter = ["program"]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin[Suggestion]):
    list_display = ["mentee", "rank", "mentor", "score", "ranker", "index_build", "computed_at"]
    list_filter = ["program"]
    list_select_related = ["mentee__membership__user", "mentor__membership__user", "ranker"]
    raw_id_fields = ["mentee", "mentor"]


@admin.register(Dismissal)
class DismissalAdmin(admin.ModelAdmin[Dismissal]):
    list_display = ["mentee", "mentor", "rank", "score", "created_at"]
    raw_id_fields = ["mentee", "mentor"]


@admin.register(Impression)
class ImpressionAdmin(admin.ModelAdmin[Impression]):
    list_display = ["mentee", "ranker", "query", "shown_at"]
    raw_id_fields = ["mentee"]


class ProposedPairInline(admin.TabularInline[ProposedPair, MatchRun]):
    model = ProposedPair
    fields = readonly_fields = ("mentee", "mentor", "score", "status", "relationship")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: MatchRun | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MatchRun | None = None) -> bool:
        return False


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin[MatchRun]):
    """Read-only: a run is computed by its task and edited and published through the app,
    whose services keep capacities, the audit trail and the notifications right."""

    list_display = ["id", "program", "state", "objective", "created_by", "created_at"]
    list_filter = ["state", "program"]
    list_select_related = ["program", "created_by"]
    inlines = [ProposedPairInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MatchRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: MatchRun | None = None) -> bool:
        return False

"""Admin pages for the matching app."""

from __future__ import annotations

from django.contrib import admin

from matching.models import Dismissal, Impression, IndexBuild, RankerModel, Suggestion


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

"""Admin site pages for platform admins."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from mentorship.models import (
    AuditEntry,
    GoalArea,
    Industry,
    Job,
    Language,
    Membership,
    MenteeGoal,
    MenteeParticipation,
    MentorParticipation,
    Notification,
    NotificationPreference,
    OutboxMessage,
    ParticipantImport,
    Profile,
    Program,
    Skill,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "time_zone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the log is only ever added to, by services."""

    list_display = ["created_at", "actor", "action", "program", "target_type", "target_id"]
    list_filter = ["action"]
    list_select_related = ["actor", "program"]
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: AuditEntry | None = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ["id", "kind", "owner", "state", "progress", "created_at"]
    list_filter = ["kind", "state"]
    list_select_related = ["owner"]
    readonly_fields = [field.name for field in Job._meta.fields]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_display = ["id", "task_name", "created_at", "sent_at", "attempts"]
    list_filter = ["task_name"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]


class VocabularyAdmin(admin.ModelAdmin[Any]):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}


admin.site.register(Skill, VocabularyAdmin)
admin.site.register(GoalArea, VocabularyAdmin)
admin.site.register(Industry, VocabularyAdmin)


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin[Language]):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class MembershipInline(admin.TabularInline[Membership, Program]):
    model = Membership
    extra = 0
    fields = ["user", "status", "is_admin", "joined_at", "left_at"]
    raw_id_fields = ["user"]
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = [
        "name",
        "slug",
        "status",
        "join_mode",
        "matching_mode",
        "pairing",
        "seniority_preference",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["status", "join_mode", "matching_mode", "pairing", "seniority_preference"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "program", "status", "is_admin", "joined_at"]
    list_filter = ["status", "is_admin", "program"]
    search_fields = ["user__email", "user__display_name", "program__name"]
    list_select_related = ["user", "program"]
    raw_id_fields = ["user"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ["user", "headline", "industry", "years_experience"]
    list_filter = ["industry"]
    search_fields = ["user__email", "user__display_name", "headline", "organisation"]
    list_select_related = ["user", "industry"]
    raw_id_fields = ["user"]
    filter_horizontal = ["skills", "languages"]


class MenteeGoalInline(admin.TabularInline[MenteeGoal, MenteeParticipation]):
    model = MenteeGoal
    extra = 0


@admin.register(MenteeParticipation)
class MenteeParticipationAdmin(admin.ModelAdmin[MenteeParticipation]):
    list_display = ["membership", "industry_preference", "seniority_preference", "updated_at"]
    list_filter = ["membership__program", "industry_preference", "seniority_preference"]
    search_fields = ["membership__user__email", "membership__user__display_name"]
    list_select_related = ["membership__user", "membership__program"]
    raw_id_fields = ["membership"]
    filter_horizontal = ["skills_wanted", "preferred_languages"]
    inlines = [MenteeGoalInline]


@admin.register(MentorParticipation)
class MentorParticipationAdmin(admin.ModelAdmin[MentorParticipation]):
    list_display = ["membership", "capacity", "accepting_mentees", "updated_at"]
    list_filter = ["membership__program", "accepting_mentees"]
    search_fields = ["membership__user__email", "membership__user__display_name", "search_text"]
    list_select_related = ["membership__user", "membership__program"]
    raw_id_fields = ["membership"]
    filter_horizontal = ["expertise_areas", "skills_taught"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["recipient", "kind", "title", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__email", "title"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin[NotificationPreference]):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(ParticipantImport)
class ParticipantImportAdmin(admin.ModelAdmin[ParticipantImport]):
    list_display = ["program", "uploaded_by", "filename", "state", "row_count", "created_at"]
    list_filter = ["state", "program"]
    search_fields = ["filename", "program__name"]
    list_select_related = ["program", "uploaded_by"]
    exclude = ["content"]
    readonly_fields = ["errors", "summary"]

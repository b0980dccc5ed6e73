"""Admin pages for the relationships app.

Deliberately absent: private notes (only their author may ever read them), meeting
feedback, check-in answers, closing surveys and message threads (individual answers and
conversations are for the people in them; program admins see aggregates in the app).
"""

from __future__ import annotations

from django.contrib import admin

from relationships.models import (
    ActionItem,
    Agreement,
    Block,
    Circle,
    CircleSession,
    ConcernReport,
    Goal,
    Introduction,
    Meeting,
    MentorRequest,
    Relationship,
    SentReminder,
)


@admin.register(MentorRequest)
class MentorRequestAdmin(admin.ModelAdmin[MentorRequest]):
    list_display = ["id", "program", "mentee", "mentor", "state", "choice_rank", "created_at"]
    list_filter = ["state", "program"]
    search_fields = ["mentee__membership__user__email", "mentor__membership__user__email"]
    list_select_related = ["program", "mentee__membership__user", "mentor__membership__user"]
    raw_id_fields = ["mentee", "mentor", "goals"]
    exclude = ["message"]


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin[Relationship]):
    list_display = ["id", "program", "mentee", "mentor", "state", "started_at", "ends_on"]
    list_filter = ["state", "origin", "program", "close_reason"]
    search_fields = ["mentee__membership__user__email", "mentor__membership__user__email"]
    list_select_related = ["program", "mentee__membership__user", "mentor__membership__user"]
    raw_id_fields = ["mentee", "mentor", "request", "closed_by"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin[Agreement]):
    list_display = ["relationship", "version", "cadence", "channel", "end_date", "created_at"]
    list_filter = ["cadence", "channel"]
    raw_id_fields = ["relationship", "proposed_by", "goals_in_focus"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin[Goal]):
    list_display = ["title", "relationship", "status", "progress", "target_date"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["relationship", "mentee_goal", "created_by", "updated_by"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin[ActionItem]):
    list_display = ["title", "relationship", "owner", "due_on", "done_at"]
    search_fields = ["title"]
    raw_id_fields = ["relationship", "meeting", "owner", "created_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ["id", "relationship", "starts_at", "state", "mode", "duration_minutes"]
    list_filter = ["state", "mode"]
    raw_id_fields = ["relationship", "logged_by", "created_by"]


@admin.register(ConcernReport)
class ConcernReportAdmin(admin.ModelAdmin[ConcernReport]):
    list_display = ["id", "program", "category", "state", "created_at", "resolved_at"]
    list_filter = ["state", "category", "program"]
    raw_id_fields = ["relationship", "reporter", "subject", "resolved_by"]


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin[Block]):
    list_display = ["blocker", "blocked", "created_at"]
    search_fields = ["blocker__email", "blocked__email"]
    raw_id_fields = ["blocker", "blocked"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin[SentReminder]):
    list_display = ["key", "sent_at"]
    search_fields = ["key"]


# Not here either: thank-you notes, circle session ratings and private notes; their words are
# for the people involved (the app shows admins only counts and averages).


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin[Circle]):
    list_display = ["id", "topic", "program", "mentor", "kind", "state", "capacity", "created_at"]
    list_filter = ["state", "kind", "program"]
    search_fields = ["topic", "mentor__membership__user__email"]
    list_select_related = ["program", "mentor__membership__user"]
    raw_id_fields = ["mentor", "created_by"]
    # Closing goes through the app (`close_circle`): members are told, sessions cancelled.
    readonly_fields = ["state", "closed_at"]


@admin.register(CircleSession)
class CircleSessionAdmin(admin.ModelAdmin[CircleSession]):
    list_display = ["id", "circle", "starts_at", "state", "mode", "duration_minutes"]
    list_filter = ["state", "mode"]
    list_select_related = ["circle"]
    raw_id_fields = ["circle", "logged_by", "created_by"]
    # The shared notes are the members' own record; admins see when and how only.
    exclude = ["shared_notes", "attendees"]


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin[Introduction]):
    list_display = ["id", "program", "mentee", "member", "introduced_by", "state", "created_at"]
    list_filter = ["state", "program"]
    search_fields = ["mentee__membership__user__email", "member__user__email"]
    list_select_related = ["program", "mentee__membership__user", "member__user", "introduced_by"]
    raw_id_fields = ["introduced_by", "relationship", "mentee", "member"]
    # The note, the answer and the follow-up place are for the three people involved.
    exclude = ["note", "answer_note", "follow_up_location"]

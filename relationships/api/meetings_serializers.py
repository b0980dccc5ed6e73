"""Serializers of the meetings API. None of them has a private-note field except the
private-note endpoint's own, which is filled from `PrivateNote.objects.written_by(caller)`."""

from __future__ import annotations

import datetime
from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from mentorship.models import MeetingMode, User
from relationships.models import ActionItem, CheckIn, Fit, Meeting, MeetingFeedback
from relationships.services.meetings import (
    LOGGED_STATES,
    MAX_ACTUAL_MINUTES,
    MAX_DURATION,
    MIN_DURATION,
    meeting_ends_at,
)


# A named component rather than an inline enum: profiles list the same modes under another
# field name, which spectacular would otherwise warn about.
@extend_schema_field(
    {"type": "string", "enum": list(MeetingMode.values)}, component_name="MeetingMode"
)
class MeetingModeField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=MeetingMode.choices, **kwargs)


@extend_schema_serializer(component_name="MeetingPerson")
class PersonSerializer(serializers.ModelSerializer[User]):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "name"]
        read_only_fields = fields


@extend_schema_serializer(component_name="MeetingActionItem")
class ActionItemSerializer(serializers.ModelSerializer[ActionItem]):
    owner = PersonSerializer(read_only=True)

    class Meta:
        model = ActionItem
        fields = ["id", "title", "owner", "due_on", "done_at"]
        read_only_fields = fields


@extend_schema_serializer(component_name="MyMeetingFeedback")
class MyFeedbackSerializer(serializers.ModelSerializer[MeetingFeedback]):
    class Meta:
        model = MeetingFeedback
        fields = ["rating", "comment", "created_at"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    """A meeting as either of the pair sees it. `my_feedback` is the caller's own rating
    (the other side's is never included); there is no private-note field, by design."""

    ends_at = serializers.SerializerMethodField()
    mode = MeetingModeField(read_only=True)
    action_items = ActionItemSerializer(many=True, read_only=True)
    my_feedback = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "relationship",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "mode",
            "location",
            "agenda",
            "state",
            "actual_minutes",
            "shared_notes",
            "logged_at",
            "logged_by",
            "created_by",
            "action_items",
            "my_feedback",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField())
    def get_ends_at(self, meeting: Meeting) -> datetime.datetime:
        return meeting_ends_at(meeting)

    @extend_schema_field(MyFeedbackSerializer(allow_null=True))
    def get_my_feedback(self, meeting: Meeting) -> dict[str, Any] | None:
        feedback = self.context.get("my_feedback", {}).get(meeting.pk)
        return MyFeedbackSerializer(feedback).data if feedback else None


class MeetingCreateSerializer(serializers.Serializer[None]):
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(
        min_value=MIN_DURATION, max_value=MAX_DURATION, default=45
    )
    mode = MeetingModeField()
    location = serializers.CharField(max_length=300, allow_blank=True, default="")
    agenda = serializers.CharField(max_length=4000, allow_blank=True, default="")


class MeetingUpdateSerializer(serializers.Serializer[None]):
    """Only the fields sent change."""

    starts_at = serializers.DateTimeField(required=False)
    duration_minutes = serializers.IntegerField(
        min_value=MIN_DURATION, max_value=MAX_DURATION, required=False
    )
    mode = MeetingModeField(required=False)
    location = serializers.CharField(max_length=300, allow_blank=True, required=False)
    agenda = serializers.CharField(max_length=4000, allow_blank=True, required=False)


@extend_schema_serializer(component_name="MeetingActionItemInput")
class ActionItemInputSerializer(serializers.Serializer[None]):
    title = serializers.CharField(max_length=200)
    owner = serializers.IntegerField(help_text="User id of the mentee or the mentor.")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class MeetingLogSerializer(serializers.Serializer[None]):
    state = serializers.ChoiceField(choices=[(state.value, state.label) for state in LOGGED_STATES])
    actual_minutes = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ACTUAL_MINUTES,
        required=False,
        allow_null=True,
        default=None,
        help_text="Required when held.",
    )
    shared_notes = serializers.CharField(max_length=10000, allow_blank=True, default="")
    private_note = serializers.CharField(
        max_length=10000,
        allow_blank=True,
        default="",
        write_only=True,
        help_text="Only you will ever see it; read it back from the private-note endpoint.",
    )
    action_items = ActionItemInputSerializer(many=True, required=False, default=list)


class FeedbackInputSerializer(serializers.Serializer[None]):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, allow_blank=True, default="")


class PrivateNoteSerializer(serializers.Serializer[None]):
    """The caller's own note; `body` is empty when there is none."""

    body = serializers.CharField(max_length=10000, allow_blank=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)


class CheckInSerializer(serializers.ModelSerializer[CheckIn]):
    class Meta:
        model = CheckIn
        fields = [
            "id",
            "period",
            "how_it_is_going",
            "good_fit",
            "goal_progress",
            "comment",
            "created_at",
        ]
        read_only_fields = fields


class CheckInInputSerializer(serializers.Serializer[None]):
    how_it_is_going = serializers.IntegerField(min_value=1, max_value=5)
    good_fit = serializers.ChoiceField(choices=Fit.choices)
    goal_progress = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, allow_blank=True, default="")

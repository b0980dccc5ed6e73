"""Output serializers of the relationship API, shared by its operations.

Choice fields use named enum components (`enum_field`), so the schema names them once and
they never collide with other apps' `state` or `status` enums.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from drf_spectacular.utils import OpenApiResponse, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from mentorship.api.serializers import ErrorSerializer
from mentorship.models import MeetingMode, MenteeGoal, User
from relationships.models import (
    ActionItem,
    Agreement,
    Block,
    ClosingSurvey,
    ConcernReport,
    Goal,
    Meeting,
    Message,
    Relationship,
)

ERROR_409 = OpenApiResponse(
    ErrorSerializer,
    description="Not possible in the current state (e.g. the relationship is closed).",
)


def enum_field(
    component: str, choices: type[models.TextChoices], *, blank: bool = False
) -> Callable[..., serializers.ChoiceField]:
    """A ChoiceField class documented as the named enum component `component`.

    `blank` documents `""` among the values, for a stored choice that is empty until set
    (the API fuzzing test found `close_reason: ""` breaking the schema of open relationships).
    """
    values = [*choices.values, ""] if blank else list(choices.values)

    @extend_schema_field({"type": "string", "enum": values}, component_name=component)
    class NamedChoiceField(serializers.ChoiceField):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(choices=choices.choices, **kwargs)

    NamedChoiceField.__name__ = f"{component}Field"
    return NamedChoiceField


RelationshipStateField = enum_field("RelationshipState", Relationship.State)
CloseReasonField = enum_field("RelationshipCloseReason", Relationship.CloseReason)
# What a relationship shows: empty while it is not closed.
ClosedBecauseField = enum_field("RelationshipClosedBecause", Relationship.CloseReason, blank=True)
OriginField = enum_field("RelationshipOrigin", Relationship.Origin)
CadenceField = enum_field("AgreementCadence", Agreement.Cadence)
ChannelField = enum_field("AgreementChannel", MeetingMode)
GoalStatusField = enum_field("RelationshipGoalStatus", Goal.Status)
GoalsAchievedField = enum_field("ClosingSurveyGoalsAchieved", ClosingSurvey.GoalsAchieved)
ConcernCategoryField = enum_field("ConcernCategory", ConcernReport.Category)
ConcernStateField = enum_field("ConcernState", ConcernReport.State)


@extend_schema_serializer(component_name="RelationshipPerson")
class PersonSerializer(serializers.Serializer[User]):
    """One of the pair, with the contact email both sides (and the program's admins) see."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)


@extend_schema_serializer(component_name="RelationshipProgram")
class ProgramRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


@extend_schema_serializer(component_name="Relationship")
class RelationshipSerializer(serializers.ModelSerializer[Relationship]):
    """A relationship's metadata: the pair, its state and its dates."""

    program = ProgramRefSerializer(read_only=True)
    mentee = PersonSerializer(source="mentee.membership.user", read_only=True)
    mentor = PersonSerializer(source="mentor.membership.user", read_only=True)
    state = RelationshipStateField(read_only=True)
    origin = OriginField(read_only=True)
    close_reason = ClosedBecauseField(read_only=True, allow_blank=True)

    class Meta:
        model = Relationship
        fields = [
            "id",
            "program",
            "mentee",
            "mentor",
            "state",
            "origin",
            "started_at",
            "ends_on",
            "paused_at",
            "pause_note",
            "closed_at",
            "close_reason",
            "close_note",
            "updated_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(component_name="RelationshipAgreement")
class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    """One version of the agreement; it is in force once both have confirmed it."""

    goals_in_focus: serializers.PrimaryKeyRelatedField[MenteeGoal] = (
        serializers.PrimaryKeyRelatedField(
            many=True, read_only=True, help_text="Ids of the mentee's goals in focus."
        )
    )
    cadence = CadenceField(read_only=True)
    channel = ChannelField(read_only=True)
    proposed_by: serializers.PrimaryKeyRelatedField[User] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    is_confirmed = serializers.BooleanField(read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "version",
            "proposed_by",
            "goals_in_focus",
            "cadence",
            "channel",
            "session_minutes",
            "end_date",
            "confidentiality",
            "other_expectations",
            "mentee_confirmed_at",
            "mentor_confirmed_at",
            "is_confirmed",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(component_name="RelationshipGoal")
class GoalSerializer(serializers.ModelSerializer[Goal]):
    status = GoalStatusField(read_only=True)
    mentee_goal: serializers.PrimaryKeyRelatedField[MenteeGoal] = (
        serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    )
    created_by: serializers.PrimaryKeyRelatedField[User] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    updated_by: serializers.PrimaryKeyRelatedField[User] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = Goal
        fields = [
            "id",
            "title",
            "description",
            "mentee_goal",
            "target_date",
            "progress",
            "status",
            "created_by",
            "updated_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(component_name="RelationshipActionItem")
class ActionItemSerializer(serializers.ModelSerializer[ActionItem]):
    owner = PersonSerializer(read_only=True)
    done = serializers.SerializerMethodField()
    meeting: serializers.PrimaryKeyRelatedField[Meeting] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "title",
            "owner",
            "due_on",
            "done",
            "done_at",
            "meeting",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_done(self, item: ActionItem) -> bool:
        return item.done_at is not None


@extend_schema_serializer(component_name="RelationshipMessage")
class MessageSerializer(serializers.ModelSerializer[Message]):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = Message
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = fields


@extend_schema_serializer(component_name="RelationshipClosingSurvey")
class ClosingSurveySerializer(serializers.ModelSerializer[ClosingSurvey]):
    goals_achieved = GoalsAchievedField(read_only=True)

    class Meta:
        model = ClosingSurvey
        fields = [
            "id",
            "overall_rating",
            "goals_achieved",
            "would_recommend",
            "comment",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(component_name="RelationshipConcern")
class ConcernSerializer(serializers.ModelSerializer[ConcernReport]):
    """A concern as its reporter sees it right after sending it."""

    category = ConcernCategoryField(read_only=True)
    state = ConcernStateField(read_only=True)

    class Meta:
        model = ConcernReport
        fields = ["id", "category", "description", "paused_relationship", "state", "created_at"]
        read_only_fields = fields


@extend_schema_serializer(component_name="MemberBlock")
class BlockSerializer(serializers.ModelSerializer[Block]):
    blocked: serializers.PrimaryKeyRelatedField[User] = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The blocked user's id."
    )

    class Meta:
        model = Block
        fields = ["id", "blocked", "created_at"]
        read_only_fields = fields


class Side(models.TextChoices):
    MENTEE = "mentee", "Mentee"
    MENTOR = "mentor", "Mentor"


SideField = enum_field("RelationshipSide", Side)


@extend_schema_serializer(component_name="RelationshipDetail")
class RelationshipDetailSerializer(RelationshipSerializer):
    """The relationship page's data: metadata, the newest agreement version, goals, action
    items and (for the pair only) the latest messages. The view attaches the lists."""

    my_side = SideField(
        read_only=True,
        allow_null=True,
        help_text="Your side in it; null for a program admin looking on.",
    )
    agreement = AgreementSerializer(
        source="latest_agreement",
        read_only=True,
        allow_null=True,
        help_text="The newest version (null: none proposed yet).",
    )
    agreement_in_force = serializers.IntegerField(
        source="agreement_in_force_version",
        read_only=True,
        allow_null=True,
        help_text="The version both confirmed most recently (null: none yet).",
    )
    goals = GoalSerializer(source="goal_list", many=True, read_only=True)
    action_items = ActionItemSerializer(source="action_item_list", many=True, read_only=True)
    recent_messages = MessageSerializer(
        source="recent_message_list",
        many=True,
        read_only=True,
        help_text="The latest messages, oldest first; empty for program admins.",
    )
    closing_survey_answered = serializers.BooleanField(
        read_only=True,
        allow_null=True,
        help_text="Once closed: whether you answered the closing survey (null otherwise).",
    )

    class Meta(RelationshipSerializer.Meta):
        fields = [
            *RelationshipSerializer.Meta.fields,
            "my_side",
            "agreement",
            "agreement_in_force",
            "goals",
            "action_items",
            "recent_messages",
            "closing_survey_answered",
        ]
        read_only_fields = fields

"""API operations on a relationship's goals and action items.

The pair and the program's admins read them; only the pair changes them. Each goal or item
is fetched through its relationship, so an id from another relationship is a 404.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.views import ERROR_401, ERROR_404, ERROR_429
from mentorship.models import MenteeGoal, User
from relationships.api.relationship_lifecycle import (
    RELATIONSHIP_WRITE_ERRORS,
    participant_relationship,
    visible_relationship,
)
from relationships.api.relationship_serializers import (
    ActionItemSerializer,
    GoalSerializer,
    GoalStatusField,
)
from relationships.models import ActionItem, Goal, Relationship
from relationships.services.goals import (
    add_action_item,
    add_goal,
    update_action_item,
    update_goal,
)
from relationships.services.relationships import ensure_participant

LIST_ERRORS = {401: ERROR_401, 404: ERROR_404, 429: ERROR_429}


def _mentee_goal_field() -> serializers.PrimaryKeyRelatedField[MenteeGoal]:
    # Narrowed to the mentee's goals by `_narrow`: another mentee's goal is "not found".
    return serializers.PrimaryKeyRelatedField(
        queryset=MenteeGoal.objects.none(),
        required=False,
        allow_null=True,
        help_text="Id of one of the mentee's goals this works towards.",
    )


def _person_field() -> serializers.PrimaryKeyRelatedField[User]:
    # Narrowed to the pair by `_narrow`: anyone else is "not found".
    return serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), help_text="The mentee's or the mentor's user id."
    )


def _narrow(serializer: serializers.Serializer[None], relationship: Relationship) -> None:
    """Let the id fields accept only the mentee's goals and the two people of the pair."""
    fields = serializer.fields
    if "mentee_goal" in fields:
        fields["mentee_goal"].queryset = relationship.goals_to_work_on()  # type: ignore[attr-defined]
    if "owner" in fields:
        fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[
                relationship.mentee.membership.user_id,
                relationship.mentor.membership.user_id,
            ]
        )


class RelationshipChildList(generics.ListAPIView[Any]):
    """A list of one relationship's things, visible to whoever may see the relationship."""

    filter_backends: list[Any] = []
    model: Any = None

    def relationship(self) -> Relationship:
        if not hasattr(self, "_relationship"):
            self._relationship = visible_relationship(
                self.request, int(self.kwargs["relationship_id"])
            )
        return self._relationship

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return cast(QuerySet[Any], self.model.objects.none())
        return cast(QuerySet[Any], self.model.objects.filter(relationship=self.relationship()))


class GoalListApi(RelationshipChildList):
    """GET the relationship's goals; POST adds one (either side)."""

    serializer_class = GoalSerializer
    model = Goal

    @extend_schema_serializer(component_name="RelationshipGoalInput")
    class InputSerializer(serializers.Serializer[None]):
        title = serializers.CharField(max_length=200)
        description = serializers.CharField(
            required=False, allow_blank=True, max_length=2000, default=""
        )
        mentee_goal = _mentee_goal_field()
        target_date = serializers.DateField(required=False, allow_null=True, default=None)
        progress = serializers.IntegerField(min_value=0, max_value=100, required=False, default=0)
        status = GoalStatusField(required=False, default=Goal.Status.NOT_STARTED)

    @extend_schema(
        operation_id="relationships_goals_list",
        responses={200: GoalSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="relationships_goals_create",
        request=InputSerializer,
        responses={201: GoalSerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        relationship = participant_relationship(request, relationship_id)
        serializer = self.InputSerializer(data=request.data)
        _narrow(serializer, relationship)
        serializer.is_valid(raise_exception=True)
        goal = add_goal(
            relationship=relationship, by=cast(User, request.user), **serializer.validated_data
        )
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)


class GoalUpdateApi(APIView):
    """Change a goal: its progress (0–100), status, target date, title or description."""

    @extend_schema_serializer(component_name="RelationshipGoalUpdate")
    class InputSerializer(serializers.Serializer[None]):
        title = serializers.CharField(max_length=200, required=False)
        description = serializers.CharField(required=False, allow_blank=True, max_length=2000)
        mentee_goal = _mentee_goal_field()
        target_date = serializers.DateField(required=False, allow_null=True)
        progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
        status = GoalStatusField(required=False)

    @extend_schema(
        operation_id="relationships_goals_update",
        request=InputSerializer,
        responses={200: GoalSerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def patch(self, request: Request, relationship_id: int, goal_id: int) -> Response:
        relationship = visible_relationship(request, relationship_id)
        goal = get_object_or_404(Goal.objects.filter(relationship=relationship), pk=goal_id)
        ensure_participant(relationship, cast(User, request.user))
        serializer = self.InputSerializer(data=request.data, partial=True)
        _narrow(serializer, relationship)
        serializer.is_valid(raise_exception=True)
        goal = update_goal(goal=goal, by=cast(User, request.user), **serializer.validated_data)
        return Response(GoalSerializer(goal).data)


class ActionItemListApi(RelationshipChildList):
    """GET the relationship's action items (open first); POST adds one (either side)."""

    serializer_class = ActionItemSerializer
    model = ActionItem

    @extend_schema_serializer(component_name="RelationshipActionItemInput")
    class InputSerializer(serializers.Serializer[None]):
        title = serializers.CharField(max_length=200)
        owner = _person_field()
        due_on = serializers.DateField(required=False, allow_null=True, default=None)

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("owner")

    @extend_schema(
        operation_id="relationships_action_items_list",
        responses={200: ActionItemSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="relationships_action_items_create",
        request=InputSerializer,
        responses={201: ActionItemSerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        relationship = participant_relationship(request, relationship_id)
        serializer = self.InputSerializer(data=request.data)
        _narrow(serializer, relationship)
        serializer.is_valid(raise_exception=True)
        item = add_action_item(
            relationship=relationship, by=cast(User, request.user), **serializer.validated_data
        )
        return Response(ActionItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ActionItemUpdateApi(APIView):
    """Mark an action item done (or not), or change its title, owner or due date."""

    @extend_schema_serializer(component_name="RelationshipActionItemUpdate")
    class InputSerializer(serializers.Serializer[None]):
        done = serializers.BooleanField(required=False)
        title = serializers.CharField(max_length=200, required=False)
        owner = _person_field()
        due_on = serializers.DateField(required=False, allow_null=True)

    @extend_schema(
        operation_id="relationships_action_items_update",
        request=InputSerializer,
        responses={200: ActionItemSerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def patch(self, request: Request, relationship_id: int, item_id: int) -> Response:
        relationship = visible_relationship(request, relationship_id)
        item = get_object_or_404(ActionItem.objects.filter(relationship=relationship), pk=item_id)
        ensure_participant(relationship, cast(User, request.user))
        serializer = self.InputSerializer(data=request.data, partial=True)
        _narrow(serializer, relationship)
        serializer.is_valid(raise_exception=True)
        item = update_action_item(
            item=item, by=cast(User, request.user), **serializer.validated_data
        )
        item = ActionItem.objects.select_related("owner").get(pk=item.pk)
        return Response(ActionItemSerializer(item).data)

"""API operations on relationships: list, detail, pause, resume, extend, close, closing survey.

One class per operation. The relationship is fetched through
`Relationship.objects.visible_to` (anyone else gets a 404); the services decide who may act
(403) and in which state (409).
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

from mentorship.api.views import (
    ERROR_401,
    ERROR_429,
    error_responses,
)
from mentorship.models import User
from relationships.api.relationship_serializers import (
    ERROR_409,
    CloseReasonField,
    ClosingSurveySerializer,
    GoalsAchievedField,
    RelationshipDetailSerializer,
    RelationshipSerializer,
)
from relationships.models import ActionItem, ClosingSurvey, Goal, Relationship
from relationships.services.agreements import agreement_versions, in_force
from relationships.services.audit import record_outside_view
from relationships.services.messages import latest_messages
from relationships.services.relationships import (
    close_relationship,
    ensure_participant,
    extend_relationship,
    pause_relationship,
    resume_relationship,
    submit_closing_survey,
)

RELATED = ("program", "mentee__membership__user", "mentor__membership__user")
RECENT_MESSAGES = 20


def visible_relationship(request: Request, relationship_id: int) -> Relationship:
    """The relationship if the user may see it (the pair, the program's admins), else 404."""
    return get_object_or_404(
        Relationship.objects.visible_to(request.user, one_row=True).select_related(*RELATED),
        pk=relationship_id,
    )


def participant_relationship(request: Request, relationship_id: int) -> Relationship:
    """A visible relationship the user is in: others (its admins) get a 403 before any input
    is looked at, so what they may not do never depends on what they sent."""
    relationship = visible_relationship(request, relationship_id)
    ensure_participant(relationship, cast(User, request.user))
    return relationship


def relationship_response(relationship: Relationship) -> Response:
    return Response(RelationshipSerializer(relationship).data)


class RelationshipListApi(generics.ListAPIView[Relationship]):
    """Your relationships as mentee or mentor, and those of the programs you run."""

    serializer_class = RelationshipSerializer
    filter_backends: list[Any] = []

    @extend_schema(
        operation_id="relationships_list",
        responses={200: RelationshipSerializer(many=True), 401: ERROR_401, 429: ERROR_429},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Relationship]:
        return (
            Relationship.objects.visible_to(self.request.user)
            .select_related(*RELATED)
            .order_by("-started_at", "-id")
        )


class RelationshipDetailApi(APIView):
    """One relationship with its newest agreement, goals, action items and latest messages."""

    @extend_schema(
        operation_id="relationships_retrieve",
        responses={
            200: RelationshipDetailSerializer,
            **error_responses(401, 404, 429),
        },
    )
    def get(self, request: Request, relationship_id: int) -> Response:
        user = cast(User, request.user)
        relationship = visible_relationship(request, relationship_id)
        record_outside_view(user=user, relationship=relationship)
        side = relationship.side_of(user)
        versions = list(agreement_versions(relationship))
        agreed = in_force(versions)
        # The serializer reads these attributes (see RelationshipDetailSerializer).
        attached = {
            "my_side": side,
            "latest_agreement": versions[0] if versions else None,
            "agreement_in_force_version": agreed.version if agreed else None,
            "goal_list": list(Goal.objects.filter(relationship=relationship)),
            "action_item_list": list(
                ActionItem.objects.filter(relationship=relationship).select_related("owner")
            ),
            "recent_message_list": latest_messages(relationship, limit=RECENT_MESSAGES)
            if side
            else [],
            "closing_survey_answered": ClosingSurvey.objects.filter(
                relationship=relationship, author=user
            ).exists()
            if side and relationship.is_closed
            else None,
        }
        for name, value in attached.items():
            setattr(relationship, name, value)
        return Response(RelationshipDetailSerializer(relationship).data)


RELATIONSHIP_WRITE_ERRORS = {
    **error_responses(400, 401, 403, 404),
    409: ERROR_409,
    429: ERROR_429,
}


class RelationshipPauseApi(APIView):
    """Pause (either side), with an optional note for the other side."""

    @extend_schema_serializer(component_name="RelationshipPauseInput")
    class InputSerializer(serializers.Serializer[None]):
        note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")

    @extend_schema(
        operation_id="relationships_pause",
        request=InputSerializer,
        responses={200: RelationshipSerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        relationship = participant_relationship(request, relationship_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        relationship = pause_relationship(
            relationship=relationship,
            by=cast(User, request.user),
            note=serializer.validated_data["note"],
        )
        return relationship_response(relationship)


class RelationshipResumeApi(APIView):
    """Resume a paused relationship (either side)."""

    @extend_schema(
        operation_id="relationships_resume",
        request=None,
        responses={200: RelationshipSerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        relationship = visible_relationship(request, relationship_id)
        relationship = resume_relationship(relationship=relationship, by=cast(User, request.user))
        return relationship_response(relationship)


class RelationshipExtendApi(APIView):
    """Move the end date later (either side)."""

    @extend_schema_serializer(component_name="RelationshipExtendInput")
    class InputSerializer(serializers.Serializer[None]):
        ends_on = serializers.DateField()

    @extend_schema(
        operation_id="relationships_extend",
        request=InputSerializer,
        responses={200: RelationshipSerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        relationship = participant_relationship(request, relationship_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        relationship = extend_relationship(
            relationship=relationship,
            by=cast(User, request.user),
            ends_on=serializer.validated_data["ends_on"],
        )
        return relationship_response(relationship)


class RelationshipCloseApi(APIView):
    """Close with a reason (either side, or a program admin); both get a closing survey."""

    @extend_schema_serializer(component_name="RelationshipCloseInput")
    class InputSerializer(serializers.Serializer[None]):
        reason = CloseReasonField()
        note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    @extend_schema(
        operation_id="relationships_close",
        request=InputSerializer,
        responses={200: RelationshipSerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        relationship = visible_relationship(request, relationship_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        relationship = close_relationship(
            relationship=relationship, by=cast(User, request.user), **serializer.validated_data
        )
        return relationship_response(relationship)


class ClosingSurveyCreateApi(APIView):
    """Answer the closing survey of a closed relationship, once per side."""

    @extend_schema_serializer(component_name="ClosingSurveyInput")
    class InputSerializer(serializers.Serializer[None]):
        overall_rating = serializers.IntegerField(min_value=1, max_value=5)
        goals_achieved = GoalsAchievedField()
        would_recommend = serializers.BooleanField()
        comment = serializers.CharField(
            required=False, allow_blank=True, max_length=2000, default=""
        )

    @extend_schema(
        operation_id="relationships_closing_survey_create",
        request=InputSerializer,
        responses={201: ClosingSurveySerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        relationship = participant_relationship(request, relationship_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        survey = submit_closing_survey(
            relationship=relationship, by=cast(User, request.user), **serializer.validated_data
        )
        return Response(ClosingSurveySerializer(survey).data, status=status.HTTP_201_CREATED)

"""API operations for safety: report a concern about the other side, block and unblock."""

from __future__ import annotations

from typing import cast

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.views import ERROR_401, ERROR_404, ERROR_429, error_responses
from mentorship.models import User
from relationships.api.relationship_lifecycle import (
    RELATIONSHIP_WRITE_ERRORS,
    participant_relationship,
)
from relationships.api.relationship_serializers import (
    BlockSerializer,
    ConcernCategoryField,
    ConcernSerializer,
)
from relationships.services.safety import (
    block_member,
    members_visible_to,
    report_concern,
    unblock_member,
)


class ConcernReportApi(APIView):
    """Report a concern about the other side to the program admins; optionally pause."""

    @extend_schema_serializer(component_name="ConcernReportInput")
    class InputSerializer(serializers.Serializer[None]):
        category = ConcernCategoryField()
        description = serializers.CharField(max_length=5000)
        pause = serializers.BooleanField(
            required=False, default=False, help_text="Pause the relationship now."
        )

    @extend_schema(
        operation_id="relationships_report_create",
        request=InputSerializer,
        responses={201: ConcernSerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        relationship = participant_relationship(request, relationship_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        concern = report_concern(
            relationship=relationship, by=cast(User, request.user), **serializer.validated_data
        )
        return Response(ConcernSerializer(concern).data, status=status.HTTP_201_CREATED)


class MemberBlockApi(APIView):
    """POST blocks a member you share a program with; DELETE lifts your block."""

    @extend_schema(
        operation_id="members_block",
        request=None,
        responses={
            200: BlockSerializer,
            **error_responses(400, 401, 404, 429),
        },
    )
    def post(self, request: Request, user_id: int) -> Response:
        user = cast(User, request.user)
        member = get_object_or_404(members_visible_to(user), pk=user_id)
        block = block_member(by=user, member=member)
        return Response(BlockSerializer(block).data)

    @extend_schema(
        operation_id="members_unblock",
        responses={204: None, 401: ERROR_401, 404: ERROR_404, 429: ERROR_429},
    )
    def delete(self, request: Request, user_id: int) -> Response:
        user = cast(User, request.user)
        member = get_object_or_404(User.objects.filter(blocks_received__blocker=user), pk=user_id)
        unblock_member(by=user, member=member)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""API operations on the pair's message thread: read it (newest first) and post to it.

Only the mentee and the mentor read or write it; the program's admins, who may see the
relationship, get a 403.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from mentorship.api.views import error_responses
from mentorship.models import User
from relationships.api.relationship_lifecycle import (
    RELATIONSHIP_WRITE_ERRORS,
    participant_relationship,
)
from relationships.api.relationship_serializers import MessageSerializer
from relationships.models import Message
from relationships.services.messages import MAX_MESSAGE_LENGTH, messages_of, post_message


class MessageListApi(generics.ListAPIView[Message]):
    """GET the thread, newest first; POST a message (the other side is notified)."""

    serializer_class = MessageSerializer
    filter_backends: list[Any] = []
    write_throttle_scope = "messages"

    @extend_schema_serializer(component_name="RelationshipMessageInput")
    class InputSerializer(serializers.Serializer[None]):
        body = serializers.CharField(max_length=MAX_MESSAGE_LENGTH)

    def get_queryset(self) -> QuerySet[Message]:
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        relationship = participant_relationship(self.request, int(self.kwargs["relationship_id"]))
        return messages_of(relationship, cast(User, self.request.user)).order_by(
            "-created_at", "-id"
        )

    @extend_schema(
        operation_id="relationships_messages_list",
        responses={
            200: MessageSerializer(many=True),
            **error_responses(401, 403, 404, 429),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="relationships_messages_create",
        request=InputSerializer,
        responses={201: MessageSerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        relationship = participant_relationship(request, relationship_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = post_message(
            relationship=relationship,
            by=cast(User, request.user),
            body=serializer.validated_data["body"],
        )
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)

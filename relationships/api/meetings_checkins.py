"""API of check-ins: the caller's own answers on a relationship, and answering the current one.

GET lists the caller's check-ins only, so the other side's (and nobody's for admins, who
get a 403 here) are never returned.
"""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from mentorship.api.views import ERROR_400
from mentorship.models import User
from relationships.api.meetings import ERROR_409, MEETING_ERRORS
from relationships.api.meetings_serializers import CheckInInputSerializer, CheckInSerializer
from relationships.meetings_access import participant_relationship
from relationships.models import CheckIn
from relationships.services.checkins import submit_check_in


class CheckInListCreateApi(generics.ListAPIView[CheckIn]):
    """My check-ins on this relationship, and my answer for the current period."""

    serializer_class = CheckInSerializer

    def get_queryset(self) -> QuerySet[CheckIn]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return CheckIn.objects.none()
        user = cast(User, self.request.user)
        relationship = participant_relationship(user, self.kwargs["relationship_id"])
        return CheckIn.objects.filter(relationship=relationship, author_id=user.pk).order_by(
            "period", "id"
        )

    @extend_schema(
        operation_id="relationships_check_ins_list",
        responses={200: CheckInSerializer(many=True), **MEETING_ERRORS},
    )
    def get(self, request: Request, relationship_id: int) -> Response:
        return super().get(request, relationship_id=relationship_id)

    @extend_schema(
        operation_id="relationships_check_ins_create",
        request=CheckInInputSerializer,
        responses={201: CheckInSerializer, 400: ERROR_400, 409: ERROR_409, **MEETING_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        """The period is worked out from the dates; one answer per person and period."""
        user = cast(User, request.user)
        relationship = participant_relationship(user, relationship_id)
        serializer = CheckInInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        check_in = submit_check_in(relationship=relationship, by=user, **serializer.validated_data)
        return Response(CheckInSerializer(check_in).data, status=status.HTTP_201_CREATED)

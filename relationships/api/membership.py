"""`POST programs/{slug}/leave/`: here, not in the people app, because leaving withdraws
the member's open requests."""

from __future__ import annotations

from typing import cast

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.programs import MembershipStateSerializer, membership_response
from mentorship.api.views import ERROR_429, error_responses
from mentorship.models import User
from mentorship.visibility import programs_visible_to
from relationships.api.requests import ERROR_409
from relationships.services.membership import leave_program_of

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The program's slug.")


class ProgramLeaveApi(APIView):
    """Leave a program (open requests are withdrawn), or take back a request to join it."""

    @extend_schema(
        operation_id="programs_leave",
        parameters=[SLUG],
        request=None,
        responses={
            200: MembershipStateSerializer,
            **error_responses(401, 404),
            409: ERROR_409,
            429: ERROR_429,
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        user = cast(User, request.user)
        program = get_object_or_404(programs_visible_to(user), slug=slug)
        return membership_response(leave_program_of(user=user, program=program))

"""API operations of the people app: tokens, the current user, jobs, the worker check.

One class per operation; writes validate with an input serializer and call one service.
"""

from __future__ import annotations

from typing import cast

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.serializers import (
    ErrorSerializer,
    JobDetailSerializer,
    JobSerializer,
    UserSerializer,
)
from mentorship.models import Job, User
from mentorship.services.diagnostics import start_worker_check
from mentorship.services.tokens import issue_api_token

ERROR_400 = OpenApiResponse(ErrorSerializer, description="Invalid input; `errors` names fields.")
ERROR_401 = OpenApiResponse(ErrorSerializer, description="Not signed in.")
ERROR_403 = OpenApiResponse(ErrorSerializer, description="Not allowed to do this.")
ERROR_404 = OpenApiResponse(ErrorSerializer, description="Not found, or not yours to see.")
ERROR_429 = OpenApiResponse(ErrorSerializer, description="Too many requests; wait and retry.")
COMMON_ERRORS = {400: ERROR_400, 401: ERROR_401, 403: ERROR_403, 404: ERROR_404, 429: ERROR_429}


def error_responses(*status_codes: int) -> dict[int, OpenApiResponse]:
    """The shared error responses for `extend_schema(responses=...)`, by status code."""
    return {code: COMMON_ERRORS[code] for code in status_codes}


class TokenCreateApi(APIView):
    """Exchange an email and password for an API token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_scope = "auth"

    class InputSerializer(serializers.Serializer[None]):
        email = serializers.EmailField(max_length=254)
        password = serializers.CharField(
            max_length=128, trim_whitespace=False, style={"input_type": "password"}
        )

    class OutputSerializer(serializers.Serializer[None]):
        token = serializers.CharField()

    @extend_schema(
        operation_id="auth_token_create",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Wrong email or password."),
            429: ERROR_429,
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = issue_api_token(
            request=request._request,
            email=serializer.validated_data["email"],
            password=serializer.validated_data["password"],
        )
        return Response({"token": token.key})


class MeApi(APIView):
    """The signed-in user."""

    @extend_schema(
        operation_id="me_retrieve",
        responses={200: UserSerializer, 401: ERROR_401, 429: ERROR_429},
    )
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(cast(User, request.user)).data)


@extend_schema(responses={200: JobDetailSerializer, 401: ERROR_401, 404: ERROR_404, 429: ERROR_429})
class JobDetailApi(generics.RetrieveAPIView[Job]):
    """One background job's state and progress; only its owner may see it."""

    serializer_class = JobDetailSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Job.objects.visible_to(self.request.user)


class WorkerCheckCreateApi(APIView):
    """Start a worker check (platform admins): poll the returned job to see it finish."""

    @extend_schema(
        operation_id="system_worker_check_create",
        request=None,
        responses={202: JobSerializer, 401: ERROR_401, 403: ERROR_403, 429: ERROR_429},
    )
    def post(self, request: Request) -> Response:
        job = start_worker_check(requested_by=cast(User, request.user))
        job.refresh_from_db()  # without a broker it already ran, in-process
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

"""API operations on introductions: list and make, read, accept, decline, withdraw, follow-up.

Every introduction is fetched through `Introduction.objects.visible_to`, so anyone but the
introducer, the mentee, the introduced member and the program's admins gets a 404. Admins
get metadata: `note` and `answer_note` are null for them, and only the two connected
people get `contact` and `follow_up`. The services decide who may act (403) and in which
state (409).
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.views import ERROR_429, error_responses
from mentorship.errors import ActionNotAllowed
from mentorship.models import Membership, User
from mentorship.visibility import programs_with_inner_access
from relationships.api.introductions_serializers import (
    FollowUpModeField,
    IntroductionDetailSerializer,
    IntroductionSerializer,
)
from relationships.api.relationship_serializers import ERROR_409
from relationships.api.requests import ListAndCreateSchema
from relationships.models import Introduction
from relationships.services.introductions import (
    accept_introduction,
    cancel_follow_up,
    decline_introduction,
    introduce,
    introducible_mentees,
    set_follow_up,
    withdraw_introduction,
)
from relationships.services.meetings import MAX_DURATION, MIN_DURATION

INTRODUCTION_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="The introduction's id."
)
RELATED = ("program", "introduced_by", "mentee__membership__user", "member__user")
WRITE_ERRORS = {**error_responses(400, 401, 403, 404), 409: ERROR_409, 429: ERROR_429}


def _visible(request: Request, introduction_id: int) -> Introduction:
    return get_object_or_404(
        Introduction.objects.visible_to(request.user).select_related(*RELATED), pk=introduction_id
    )


def _detail_response(request: Request, introduction_id: int, *, code: int = 200) -> Response:
    fresh = Introduction.objects.select_related(*RELATED).get(pk=introduction_id)
    body = IntroductionDetailSerializer(fresh, context={"user": request.user}).data
    return Response(body, status=code)


class IntroductionListCreateApi(generics.ListAPIView[Introduction]):
    """Introductions I can see (newest first), and making one.

    One class for the one URL's two operations: DRF routes a path to a single view.
    """

    serializer_class = IntroductionSerializer
    schema = ListAndCreateSchema()
    filter_backends: list[Any] = []
    write_throttle_scope = "requests"

    class FilterSerializer(serializers.Serializer[None]):
        role = serializers.ChoiceField(choices=["mentee", "member", "introducer"], required=False)
        state = serializers.ChoiceField(choices=Introduction.State.choices, required=False)

    @extend_schema_serializer(component_name="IntroductionCreate")
    class InputSerializer(serializers.Serializer[None]):
        mentee = serializers.IntegerField(
            min_value=1,
            help_text="The mentee's membership id: one you mentor now, or of a program you run.",
        )
        member = serializers.IntegerField(
            min_value=1, help_text="The membership id of the member to introduce them to."
        )
        note = serializers.CharField(max_length=2000)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "user": self.request.user}

    @extend_schema(
        operation_id="introductions_list",
        parameters=[
            OpenApiParameter(
                "role",
                str,
                enum=["mentee", "member", "introducer"],
                description="Only introductions in which I have this role.",
            ),
            OpenApiParameter("state", str, enum=list(Introduction.State.values)),
        ],
        responses={200: IntroductionSerializer(many=True), **error_responses(400, 401, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Introduction]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Introduction.objects.none()
        user = cast(User, self.request.user)
        introductions = Introduction.objects.visible_to(user)
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        role = filters.validated_data.get("role")
        if role == "mentee":
            introductions = introductions.filter(mentee__membership__user_id=user.pk)
        elif role == "member":
            introductions = introductions.filter(member__user_id=user.pk)
        elif role == "introducer":
            introductions = introductions.filter(introduced_by_id=user.pk)
        if "state" in filters.validated_data:
            introductions = introductions.filter(state=filters.validated_data["state"])
        return introductions.select_related(*RELATED).order_by("-created_at", "-id")

    @extend_schema(
        operation_id="introductions_create",
        request=InputSerializer,
        responses={201: IntroductionDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        mentee = (
            introducible_mentees(user)
            .select_related("membership__program", "membership__user")
            .filter(membership_id=data["mentee"])
            .first()
        )
        if mentee is None:
            raise serializers.ValidationError(
                {"mentee": [_("No mentee you can introduce has this id.")]}
            )
        member = (
            Membership.objects.filter(program__in=programs_with_inner_access(user))
            .filter(pk=data["member"])
            .first()
        )
        if member is None:
            raise serializers.ValidationError({"member": [_("No such member.")]})
        introduction = introduce(by=user, mentee=mentee, member=member, note=data["note"])
        return _detail_response(request, introduction.pk, code=status.HTTP_201_CREATED)


class IntroductionDetailApi(APIView):
    """One introduction, as the viewer may see it."""

    @extend_schema(
        operation_id="introductions_retrieve",
        parameters=[INTRODUCTION_ID],
        responses={200: IntroductionDetailSerializer, **error_responses(401, 404), 429: ERROR_429},
    )
    def get(self, request: Request, id: int) -> Response:
        introduction = _visible(request, id)
        return Response(
            IntroductionDetailSerializer(introduction, context={"user": request.user}).data
        )


class IntroductionAcceptApi(APIView):
    """The introduced member accepts: the two are connected and see each other's contact."""

    @extend_schema(
        operation_id="introductions_accept",
        parameters=[INTRODUCTION_ID],
        request=None,
        responses={200: IntroductionDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, id: int) -> Response:
        accept_introduction(introduction=_visible(request, id), by=cast(User, request.user))
        return _detail_response(request, id)


class IntroductionDeclineApi(APIView):
    """The introduced member declines, with an optional note to the other two."""

    @extend_schema_serializer(component_name="IntroductionDecline")
    class InputSerializer(serializers.Serializer[None]):
        note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="introductions_decline",
        parameters=[INTRODUCTION_ID],
        request=InputSerializer,
        responses={200: IntroductionDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, id: int) -> Response:
        introduction = _visible(request, id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decline_introduction(
            introduction=introduction,
            by=cast(User, request.user),
            note=serializer.validated_data["note"],
        )
        return _detail_response(request, id)


class IntroductionWithdrawApi(APIView):
    """The introducer, the mentee or a program admin withdraws a pending introduction."""

    @extend_schema(
        operation_id="introductions_withdraw",
        parameters=[INTRODUCTION_ID],
        request=None,
        responses={200: IntroductionDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, id: int) -> Response:
        withdraw_introduction(introduction=_visible(request, id), by=cast(User, request.user))
        return _detail_response(request, id)


class IntroductionFollowUpApi(APIView):
    """The two connected people fix (PUT) or call off (DELETE) their one follow-up meeting."""

    @extend_schema_serializer(component_name="IntroductionFollowUpInput")
    class InputSerializer(serializers.Serializer[None]):
        starts_at = serializers.DateTimeField(help_text="In the future, with a time zone.")
        duration_minutes = serializers.IntegerField(
            min_value=MIN_DURATION, max_value=MAX_DURATION, required=False, default=30
        )
        mode = FollowUpModeField()
        location = serializers.CharField(
            max_length=300, required=False, allow_blank=True, default=""
        )

    @extend_schema(
        operation_id="introductions_follow_up_set",
        parameters=[INTRODUCTION_ID],
        request=InputSerializer,
        responses={200: IntroductionDetailSerializer, **WRITE_ERRORS},
    )
    def put(self, request: Request, id: int) -> Response:
        introduction = _visible(request, id)
        # Others get their 403 before any input is looked at.
        if introduction.role_of(cast(User, request.user)) not in ("mentee", "member"):
            raise ActionNotAllowed(_("Only the two people introduced can arrange a follow-up."))
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        set_follow_up(
            introduction=introduction, by=cast(User, request.user), **serializer.validated_data
        )
        return _detail_response(request, id)

    @extend_schema(
        operation_id="introductions_follow_up_cancel",
        parameters=[INTRODUCTION_ID],
        request=None,
        responses={200: IntroductionDetailSerializer, **WRITE_ERRORS},
    )
    def delete(self, request: Request, id: int) -> Response:
        cancel_follow_up(introduction=_visible(request, id), by=cast(User, request.user))
        return _detail_response(request, id)

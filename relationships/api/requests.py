"""API operations on requests: list and send (with ranked backups), read, answer, the thread.

Reads fetch through `relationships.access.requests_visible_to`, so a request the user may
not see is a 404 (other mentors never learn of it, nor of queued backups). Acting on a
visible request one may not act on (a mentee accepting, an admin declining) is a 403; a
request that is no longer pending is a 409, and so is accepting at capacity.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.serializers import ErrorSerializer
from mentorship.api.views import (
    ERROR_401,
    ERROR_404,
    ERROR_429,
    error_responses,
)
from mentorship.errors import ActionNotAllowed
from mentorship.models import (
    Membership,
    MenteeGoal,
    MentorParticipation,
    Program,
    User,
)
from mentorship.visibility import programs_with_inner_access
from relationships.access import newest_choices_first, own_requests, requests_visible_to
from relationships.models import MentorRequest, RequestMessage
from relationships.models.requests import MAX_CHOICES, RequestQuerySet
from relationships.services.requests import (
    Choice,
    accept_request,
    add_request_message,
    decline_request,
    send_request,
    withdraw_request,
)

ERROR_409 = OpenApiResponse(
    ErrorSerializer, description="Not possible in the request's current state (or at capacity)."
)
REQUEST_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The request's id.")


@extend_schema_field(
    {"type": "string", "enum": list(MentorRequest.State.values)}, component_name="RequestState"
)
class RequestStateField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=MentorRequest.State.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(MentorRequest.DeclineReason.values)},
    component_name="RequestDeclineReason",
)
class DeclineReasonField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=MentorRequest.DeclineReason.choices, **kwargs)


class RequestPersonSerializer(serializers.Serializer[Any]):
    """One side of a request: the participation's id and the person's name."""

    id = serializers.IntegerField(read_only=True, help_text="The mentee or mentor participation.")
    membership_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="membership.user.name", read_only=True)


class RequestGoalSerializer(serializers.ModelSerializer[MenteeGoal]):
    goal_area = serializers.CharField(source="goal_area.name", read_only=True)

    class Meta:
        model = MenteeGoal
        fields = ["id", "goal_area", "description"]
        read_only_fields = fields


class RequestSerializer(serializers.ModelSerializer[MentorRequest]):
    program: serializers.SlugRelatedField[Program] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    mentee = RequestPersonSerializer(read_only=True)
    mentor = RequestPersonSerializer(read_only=True)
    state = RequestStateField(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    decline_reason = serializers.SerializerMethodField()
    goals = RequestGoalSerializer(many=True, read_only=True)
    relationship = serializers.SerializerMethodField(
        help_text="The relationship an accepted request started."
    )

    class Meta:
        model = MentorRequest
        fields = [
            "id",
            "program",
            "mentee",
            "mentor",
            "state",
            "state_label",
            "choice_group",
            "choice_rank",
            "message",
            "goals",
            "decline_reason",
            "decline_note",
            "created_at",
            "sent_at",
            "expires_at",
            "answered_at",
            "relationship",
        ]
        read_only_fields = fields

    @extend_schema_field(DeclineReasonField(allow_null=True))
    def get_decline_reason(self, obj: MentorRequest) -> str | None:
        return obj.decline_reason or None

    @extend_schema_field(OpenApiTypes.INT)
    def get_relationship(self, obj: MentorRequest) -> int | None:
        relationship = getattr(obj, "relationship", None)
        return relationship.pk if relationship is not None else None


class RequestMessageSerializer(serializers.ModelSerializer[RequestMessage]):
    author = serializers.SerializerMethodField()

    class Meta:
        model = RequestMessage
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            "required": ["id", "name"],
        }
    )
    def get_author(self, obj: RequestMessage) -> dict[str, Any]:
        return {"id": obj.author_id, "name": obj.author.name}


def with_request_details(requests: RequestQuerySet) -> RequestQuerySet:
    """What `RequestSerializer` reads, loaded up front: two queries for any number of rows."""
    return requests.select_related(
        "program", "mentee__membership__user", "mentor__membership__user", "relationship"
    ).prefetch_related(Prefetch("goals", queryset=MenteeGoal.objects.select_related("goal_area")))


class ListAndCreateSchema(AutoSchema):
    """The GET of a list-and-create view is paginated; its POST answers unpaginated (here a
    plain list, elsewhere one object). Shared by every list-and-create view of the API."""

    def _get_paginator(self) -> Any:
        if self.method != "GET":
            return None
        return super()._get_paginator()  # type: ignore[no-untyped-call]


class RequestListCreateApi(generics.ListAPIView[MentorRequest]):
    """My requests (as mentee, backups included; as mentor, never queued ones), and sending.

    One class for the one URL's two operations: DRF routes a path to a single view.
    """

    serializer_class = RequestSerializer
    schema = ListAndCreateSchema()
    filter_backends: list[Any] = []
    write_throttle_scope = "requests"

    class FilterSerializer(serializers.Serializer[None]):
        role = serializers.ChoiceField(choices=["mentee", "mentor"], required=False)
        state = serializers.ChoiceField(choices=MentorRequest.State.choices, required=False)

    @extend_schema_serializer(component_name="RequestCreate")
    class InputSerializer(serializers.Serializer[None]):
        program = serializers.SlugField(help_text="The program's slug.")
        mentors = serializers.ListField(
            child=serializers.IntegerField(min_value=1),
            min_length=1,
            max_length=MAX_CHOICES,
            help_text="Mentor participation ids, ranked: the first is asked now, the others "
            "wait as backups.",
        )
        message = serializers.CharField(max_length=2000)
        goals = serializers.ListField(
            child=serializers.IntegerField(min_value=1),
            required=False,
            default=list,
            help_text="Ids of the mentee's own goals this request is about.",
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            # Match snapshots are copied server-side from the matching app's suggestions;
            # a client cannot claim a score.
            if isinstance(self.initial_data, dict) and "snapshot" in self.initial_data:
                raise serializers.ValidationError(
                    {"snapshot": [_("Match snapshots are recorded by the server.")]}
                )
            return attrs

    @extend_schema(
        operation_id="requests_list",
        parameters=[
            OpenApiParameter(
                "role",
                str,
                enum=["mentee", "mentor"],
                description="Only requests I sent (`mentee`) or received (`mentor`).",
            ),
            OpenApiParameter("state", str, enum=list(MentorRequest.State.values)),
        ],
        responses={
            200: RequestSerializer(many=True),
            **error_responses(400, 401, 429),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> RequestQuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return MentorRequest.objects.none()
        user = cast(User, self.request.user)
        requests = own_requests(user)
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        role = filters.validated_data.get("role")
        if role == "mentee":
            requests = requests.filter(mentee__membership__user_id=user.pk)
        elif role == "mentor":
            requests = requests.filter(mentor__membership__user_id=user.pk)
        if "state" in filters.validated_data:
            requests = requests.filter(state=filters.validated_data["state"])
        return newest_choices_first(with_request_details(requests))

    @extend_schema(
        operation_id="requests_create",
        request=InputSerializer,
        responses={
            201: OpenApiResponse(
                RequestSerializer(many=True),
                description="The created requests, first choice (now pending) first.",
            ),
            **error_responses(400, 401, 403, 404),
            409: ERROR_409,
            429: ERROR_429,
        },
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        program = get_object_or_404(programs_with_inner_access(user), slug=data["program"])
        membership = (
            Membership.objects.select_related("mentee_participation")
            .filter(user_id=user.pk, program=program, status=Membership.Status.ACTIVE)
            .first()
        )
        if membership is None or not membership.has_role("mentee"):
            raise ActionNotAllowed(_("Only mentees of this program can send requests."))
        mentee = membership.mentee_participation
        visible_mentors = (
            MentorParticipation.objects.visible_to(user)
            .select_related("membership__user", "membership__program")
            .in_bulk(data["mentors"])
        )
        unknown = [str(pk) for pk in data["mentors"] if pk not in visible_mentors]
        if unknown:
            raise serializers.ValidationError(
                {"mentors": [_("No such mentor: %(ids)s.") % {"ids": ", ".join(unknown)}]}
            )
        goals = MenteeGoal.objects.filter(participation=mentee).in_bulk(data["goals"])
        if len(goals) != len(set(data["goals"])):
            raise serializers.ValidationError({"goals": [_("Choose from your own goals.")]})
        created = send_request(
            mentee=mentee,
            choices=[Choice(mentor=visible_mentors[pk]) for pk in data["mentors"]],
            message=data["message"],
            goals=list(goals.values()),
        )
        fresh = with_request_details(MentorRequest.objects.filter(pk__in=[r.pk for r in created]))
        body = RequestSerializer(fresh.order_by("choice_rank"), many=True).data
        return Response(body, status=status.HTTP_201_CREATED)


class RequestDetailApi(generics.RetrieveAPIView[MentorRequest]):
    """One request: to its mentee, its mentor (once sent) and its program's admins."""

    serializer_class = RequestSerializer
    lookup_url_kwarg = "id"

    @extend_schema(
        operation_id="requests_retrieve",
        parameters=[REQUEST_ID],
        responses={200: RequestSerializer, 401: ERROR_401, 404: ERROR_404, 429: ERROR_429},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> RequestQuerySet:
        return with_request_details(requests_visible_to(self.request.user))


def _visible(request: Request, request_id: int) -> MentorRequest:
    return get_object_or_404(requests_visible_to(request.user), pk=request_id)


def _fresh(request_id: int) -> MentorRequest:
    return with_request_details(MentorRequest.objects.filter(pk=request_id)).get()


class RequestAcceptApi(APIView):
    """The mentor accepts: a relationship starts, unless they are at capacity (409)."""

    @extend_schema_serializer(component_name="RequestAccepted")
    class OutputSerializer(serializers.Serializer[None]):
        relationship = serializers.IntegerField(help_text="The new relationship's id.")

    @extend_schema(
        operation_id="requests_accept",
        parameters=[REQUEST_ID],
        request=None,
        responses={
            201: OutputSerializer,
            **error_responses(401, 403, 404),
            409: ERROR_409,
            429: ERROR_429,
        },
    )
    def post(self, request: Request, id: int) -> Response:
        relationship = accept_request(request=_visible(request, id), by=cast(User, request.user))
        return Response({"relationship": relationship.pk}, status=status.HTTP_201_CREATED)


class RequestDeclineApi(APIView):
    """The mentor declines with a reason and an optional note; the next backup is sent."""

    @extend_schema_serializer(component_name="RequestDecline")
    class InputSerializer(serializers.Serializer[None]):
        reason = DeclineReasonField()
        note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="requests_decline",
        parameters=[REQUEST_ID],
        request=InputSerializer,
        responses={
            200: RequestSerializer,
            **error_responses(400, 401, 403, 404),
            409: ERROR_409,
            429: ERROR_429,
        },
    )
    def post(self, request: Request, id: int) -> Response:
        mentor_request = _visible(request, id)
        user = cast(User, request.user)
        # Who may answer is checked before the body, so a mentee or an admin gets 403, not
        # a 400 about a reason they may not give (the service checks it again).
        if mentor_request.mentor.membership.user_id != user.pk:
            raise ActionNotAllowed(_("Only the mentor this request was sent to can answer it."))
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        declined = decline_request(
            request=mentor_request,
            by=user,
            reason=serializer.validated_data["reason"],
            note=serializer.validated_data["note"],
        )
        return Response(RequestSerializer(_fresh(declined.pk)).data)


class RequestWithdrawApi(APIView):
    """The mentee takes a request back; withdrawing the pending one sends the next backup."""

    @extend_schema(
        operation_id="requests_withdraw",
        parameters=[REQUEST_ID],
        request=None,
        responses={
            200: RequestSerializer,
            **error_responses(401, 403, 404),
            409: ERROR_409,
            429: ERROR_429,
        },
    )
    def post(self, request: Request, id: int) -> Response:
        withdrawn = withdraw_request(request=_visible(request, id), by=cast(User, request.user))
        return Response(RequestSerializer(_fresh(withdrawn.pk)).data)


class RequestMessageListCreateApi(generics.ListAPIView[RequestMessage]):
    """The question thread of a request: the mentor asks, the mentee answers, while pending."""

    serializer_class = RequestMessageSerializer
    filter_backends: list[Any] = []
    write_throttle_scope = "messages"

    @extend_schema_serializer(component_name="RequestMessageCreate")
    class InputSerializer(serializers.Serializer[None]):
        body = serializers.CharField(max_length=2000)

    @extend_schema(
        operation_id="requests_messages_list",
        parameters=[REQUEST_ID],
        responses={
            200: RequestMessageSerializer(many=True),
            **error_responses(401, 404, 429),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return RequestMessage.objects.none()
        mentor_request = _visible(self.request, self.kwargs["id"])
        return RequestMessage.objects.filter(request=mentor_request).select_related("author")

    @extend_schema(
        operation_id="requests_messages_create",
        parameters=[REQUEST_ID],
        request=InputSerializer,
        responses={
            201: RequestMessageSerializer,
            **error_responses(400, 401, 403, 404),
            409: ERROR_409,
            429: ERROR_429,
        },
    )
    def post(self, request: Request, id: int) -> Response:
        mentor_request = _visible(request, id)
        # 403 before 400: a program admin sees the thread but does not write in it.
        user = cast(User, request.user)
        sides = {mentor_request.mentee.membership.user_id, mentor_request.mentor.membership.user_id}
        if user.pk not in sides:
            raise ActionNotAllowed(_("Only the mentee and the mentor can write here."))
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = add_request_message(
            request=mentor_request,
            by=user,
            body=serializer.validated_data["body"],
        )
        return Response(RequestMessageSerializer(message).data, status=status.HTTP_201_CREATED)

"""API operations on programs and membership: list, detail, join, leave, join requests.

One class per operation. Reads fetch through `visible_to` querysets; writes validate with
an input serializer and call one service from `mentorship.services.programs`.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
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
from mentorship.models import Membership, Program, User
from mentorship.services.programs import (
    EDITABLE_SETTINGS,
    decide_join_request,
    is_program_admin,
    join_program,
    update_program_settings,
)
from mentorship.visibility import admin_program, programs_visible_to

ERROR_409 = OpenApiResponse(
    ErrorSerializer, description="Not possible in the program's or membership's current state."
)
SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The program's slug.")
MEMBERSHIP_ID = OpenApiParameter(
    "membership_id", int, OpenApiParameter.PATH, description="The join request's membership id."
)


def roles_held(membership: Membership) -> list[str]:
    return [role for role in Membership.Role.values if membership.has_role(role)]


class MembershipStateSerializer(serializers.Serializer[Membership]):
    """A person's place in a program: its state and the roles held (or asked for)."""

    program = serializers.CharField(source="program.slug", read_only=True)
    state = serializers.ChoiceField(
        source="status", choices=Membership.Status.choices, read_only=True
    )
    roles = serializers.SerializerMethodField(help_text="Roles held now (active members only).")
    # Plain strings: one role enum ("roles") keeps the schema free of duplicate enum names.
    requested_roles = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="While the state is `requested`: the roles asked for (`mentee`, `mentor`).",
    )
    is_admin = serializers.BooleanField(read_only=True)
    joined_at = serializers.DateTimeField(read_only=True, allow_null=True)

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=Membership.Role.choices))
    )
    def get_roles(self, membership: Membership) -> list[str]:
        return roles_held(membership)


class ProgramSerializer(serializers.ModelSerializer[Program]):
    """A program with its settings and the requesting user's membership (null: none)."""

    membership = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "starts_on",
            "ends_on",
            "status",
            "join_mode",
            "matching_mode",
            "default_mentor_capacity",
            "max_open_requests_per_mentee",
            "mentor_response_days",
            "relationship_length_months",
            "first_check_in_days",
            "check_in_interval_days",
            "pairing",
            "seniority_preference",
            "membership",
        ]
        read_only_fields = fields

    @extend_schema_field(MembershipStateSerializer(allow_null=True))
    def get_membership(self, program: Program) -> dict[str, Any] | None:
        mine: list[Membership] = getattr(program, "my_memberships", [])
        if not mine:
            return None
        return cast(dict[str, Any], MembershipStateSerializer(mine[0]).data)


def programs_with_my_membership(user: User) -> QuerySet[Program]:
    """Visible programs, each carrying the user's membership: one extra query for all."""
    return (
        programs_visible_to(user)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(user_id=user.pk).select_related(
                    "program", "mentee_participation", "mentor_participation"
                ),
                to_attr="my_memberships",
            )
        )
        .order_by("name", "pk")
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="programs_list",
        responses={200: ProgramSerializer(many=True), 401: ERROR_401, 429: ERROR_429},
    )
)
class ProgramListApi(generics.ListAPIView[Program]):
    """Programs you may see (yours, those open for sign-up), with your membership in each."""

    serializer_class = ProgramSerializer

    def get_queryset(self) -> QuerySet[Program]:
        return programs_with_my_membership(cast(User, self.request.user))


@extend_schema_serializer(component_name="ProgramSettingsInput")
class ProgramSettingsInputSerializer(serializers.ModelSerializer[Program]):
    """The settings a program admin may change; send only those to change."""

    class Meta:
        model = Program
        fields = list(EDITABLE_SETTINGS)


@extend_schema_view(
    get=extend_schema(
        operation_id="programs_retrieve",
        parameters=[SLUG],
        responses={200: ProgramSerializer, 401: ERROR_401, 404: ERROR_404, 429: ERROR_429},
    ),
    patch=extend_schema(
        operation_id="programs_settings_update",
        summary="Change a program's settings (its program admins)",
        description=(
            "Validated like the settings page (capacity 1-20, the end after the start, ...). "
            "Switching `pairing` to `peer` gives every member the role they lack; switching "
            "back keeps them. Changing `pairing` or `seniority_preference` makes suggestions "
            "recompute."
        ),
        parameters=[SLUG],
        request=ProgramSettingsInputSerializer,
        responses={200: ProgramSerializer, **error_responses(400, 401, 403, 404, 429)},
    ),
)
class ProgramDetailApi(generics.RetrieveAPIView[Program]):
    """One program you may see, with your membership in it; its admins may change it."""

    serializer_class = ProgramSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Program]:
        return programs_with_my_membership(cast(User, self.request.user))

    def patch(self, request: Request, slug: str) -> Response:
        user = cast(User, request.user)
        # Whoever may read the program (GET) is told 403, not 404: its existence is no secret.
        program = get_object_or_404(programs_visible_to(user), slug=slug)
        if not is_program_admin(user=user, program=program):
            raise PermissionDenied(_("Only this program's admins can change its settings."))
        serializer = ProgramSettingsInputSerializer(program, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        update_program_settings(program=program, by=user, **serializer.validated_data)
        return Response(ProgramSerializer(self.get_queryset().get(pk=program.pk)).data)


def membership_response(membership: Membership, code: int = status.HTTP_200_OK) -> Response:
    fresh = Membership.objects.select_related(
        "program", "mentee_participation", "mentor_participation"
    ).get(pk=membership.pk)
    return Response(MembershipStateSerializer(fresh).data, status=code)


class ProgramJoinApi(APIView):
    """Join a program; on an invite-only program this asks to join (202, state `requested`).

    Joining again with another role adds it. Invited people join at once.
    """

    @extend_schema_serializer(component_name="ProgramJoinInput")
    class InputSerializer(serializers.Serializer[None]):
        roles = serializers.ListField(
            child=serializers.ChoiceField(choices=Membership.Role.choices), allow_empty=False
        )
        message = serializers.CharField(
            required=False, allow_blank=True, max_length=2000, default=""
        )

    @extend_schema(
        operation_id="programs_join",
        parameters=[SLUG],
        request=InputSerializer,
        responses={
            200: OpenApiResponse(MembershipStateSerializer, description="Joined."),
            202: OpenApiResponse(
                MembershipStateSerializer,
                description="Asked to join; a program admin answers.",
            ),
            **error_responses(400, 401, 404),
            409: ERROR_409,
            429: ERROR_429,
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        user = cast(User, request.user)
        program = get_object_or_404(programs_visible_to(user), slug=slug)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = join_program(
            user=user,
            program=program,
            roles=serializer.validated_data["roles"],
            message=serializer.validated_data["message"],
        )
        code = (
            status.HTTP_202_ACCEPTED
            if membership.status == Membership.Status.REQUESTED
            else status.HTTP_200_OK
        )
        return membership_response(membership, code)


class JoinRequestSerializer(serializers.ModelSerializer[Membership]):
    """A request to join: who asks, for which roles, with what note."""

    @extend_schema_serializer(component_name="JoinRequestAsker")
    class Asker(serializers.ModelSerializer[User]):
        name = serializers.CharField(read_only=True)

        class Meta:
            model = User
            fields = ["id", "name", "email"]
            read_only_fields = fields

    user = Asker(read_only=True)
    roles = serializers.ListField(
        source="requested_roles",
        child=serializers.ChoiceField(choices=Membership.Role.choices),
        read_only=True,
        help_text="The roles asked for.",
    )
    message = serializers.CharField(source="request_message", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "roles", "message", "created_at"]
        read_only_fields = fields


@extend_schema_view(
    get=extend_schema(
        operation_id="programs_join_requests_list",
        parameters=[SLUG],
        responses={
            200: JoinRequestSerializer(many=True),
            **error_responses(401, 403, 404, 429),
        },
    )
)
class JoinRequestListApi(generics.ListAPIView[Membership]):
    """Program admins: the requests to join waiting for an answer, oldest first."""

    serializer_class = JoinRequestSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Membership.objects.none()
        program = admin_program(user=cast(User, self.request.user), slug=self.kwargs["slug"])
        return (
            Membership.objects.filter(program=program, status=Membership.Status.REQUESTED)
            .select_related("user")
            .order_by("created_at", "pk")
        )


class _JoinRequestDecisionApi(APIView):
    approve: bool

    def post(self, request: Request, slug: str, membership_id: int) -> Response:
        user = cast(User, request.user)
        program = admin_program(user=user, slug=slug)
        membership = get_object_or_404(Membership.objects.filter(program=program), pk=membership_id)
        decided = decide_join_request(decided_by=user, membership=membership, approve=self.approve)
        return membership_response(decided)


DECISION_RESPONSES = {
    200: MembershipStateSerializer,
    **error_responses(401, 403, 404),
    409: ERROR_409,
    429: ERROR_429,
}


@extend_schema_view(
    post=extend_schema(
        operation_id="programs_join_requests_approve",
        parameters=[SLUG, MEMBERSHIP_ID],
        request=None,
        responses=DECISION_RESPONSES,
    )
)
class JoinRequestApproveApi(_JoinRequestDecisionApi):
    """Program admins: let the asker in with the roles they asked for."""

    approve = True


@extend_schema_view(
    post=extend_schema(
        operation_id="programs_join_requests_decline",
        parameters=[SLUG, MEMBERSHIP_ID],
        request=None,
        responses=DECISION_RESPONSES,
    )
)
class JoinRequestDeclineApi(_JoinRequestDecisionApi):
    """Program admins: turn a request to join down; the asker is told."""

    approve = False

"""API operations on mentor circles and their memberships: list and create, a circle, its
members, invitations, requests to join, answers, leaving and closing.

Circles are fetched through `Circle.objects.visible_to` (404 for anyone else). Members and
memberships need the roster level of `relationships.circles_access` (403 for a mentee who
may see the circle only to ask to join). A full circle, a closed one or a membership no
longer waiting is a 409.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.serializers import ErrorSerializer
from mentorship.api.views import error_responses
from mentorship.errors import ActionNotAllowed
from mentorship.models import Membership, MenteeParticipation, MentorParticipation, User
from mentorship.visibility import programs_with_inner_access
from relationships.api.circles_serializers import (
    CircleCreateSerializer,
    CircleInviteSerializer,
    CircleMembershipSerializer,
    CircleMembersSerializer,
    CircleSerializer,
)
from relationships.api.requests import ListAndCreateSchema
from relationships.circles_access import (
    circles_listed_for,
    mentor_entry,
    roster_of,
    roster_viewer,
    visible_circle,
)
from relationships.models import Circle, CircleMembership
from relationships.services.circle_memberships import (
    accept_circle_membership,
    decline_circle_membership,
    leave_circle,
)
from relationships.services.circles import (
    close_circle,
    create_program_circle,
    invite_to_circle,
    is_circle_mentor,
    open_circle,
    request_to_join_circle,
)

ERROR_409 = OpenApiResponse(
    ErrorSerializer,
    description="Not possible in the circle's or membership's state, or the circle is full.",
)


def _caller(request: Request) -> User:
    return cast(User, request.user)


def circle_data(user: User, circle_id: int) -> dict[str, Any]:
    """A circle re-read as the list shows it (seats and the caller's own state)."""
    circle = get_object_or_404(circles_listed_for(user), pk=circle_id)
    data: dict[str, Any] = CircleSerializer(circle).data
    return data


def _mentees_by_id(program_id: int, ids: list[int]) -> list[MenteeParticipation]:
    found = {
        mentee.pk: mentee
        for mentee in MenteeParticipation.objects.select_related("membership__user").filter(
            pk__in=ids, membership__program_id=program_id
        )
    }
    if len(found) != len(set(ids)):
        raise ValidationError({"invite": [_("You can invite only your current mentees.")]})
    return [found[pk] for pk in dict.fromkeys(ids)]


class CircleListCreateApi(generics.ListAPIView[Circle]):
    """Circles I may see (mine, invitations, ones I may ask to join, ones I run), and
    opening (a mentor) or creating (a program admin) one."""

    serializer_class = CircleSerializer
    schema = ListAndCreateSchema()
    filter_backends: list[Any] = []
    write_throttle_scope = "requests"  # opening with invitations asks people, like a request

    def get_queryset(self) -> QuerySet[Circle]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return Circle.objects.none()
        return circles_listed_for(_caller(self.request))

    @extend_schema(
        operation_id="circles_list",
        responses={200: CircleSerializer(many=True), **error_responses(401, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="circles_create",
        request=CircleCreateSerializer,
        responses={201: CircleSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request: Request) -> Response:
        serializer = CircleCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        user = _caller(request)
        program = get_object_or_404(programs_with_inner_access(user), slug=values["program"])
        if values["kind"] == Circle.Kind.MENTOR:
            mentor = MentorParticipation.objects.filter(
                membership__user_id=user.pk, membership__program=program
            ).first()
            if mentor is None:
                raise ActionNotAllowed(_("Only the program's mentors can open a circle."))
            circle = open_circle(
                mentor=mentor,
                by=user,
                topic=values["topic"],
                description=values["description"],
                capacity=values["capacity"],
                invite=_mentees_by_id(program.pk, values["invite"]),
            )
        else:
            mentor = MentorParticipation.objects.filter(
                pk=values.get("mentor"),
                membership__program=program,
                membership__status=Membership.Status.ACTIVE,
            ).first()
            if mentor is None:
                raise ValidationError({"mentor": [_("Choose an active mentor of this program.")]})
            circle = create_program_circle(
                program=program,
                by=user,
                mentor=mentor,
                topic=values["topic"],
                description=values["description"],
                capacity=values["capacity"],
            )
        return Response(circle_data(user, circle.pk), status=201)


class CircleDetailApi(APIView):
    """A circle: topic, mentor, seats and my own place in it (no member is named)."""

    @extend_schema(
        operation_id="circles_retrieve",
        responses={200: CircleSerializer, **error_responses(401, 404, 429)},
    )
    def get(self, request: Request, circle_id: int) -> Response:
        return Response(circle_data(_caller(request), circle_id))


class CircleMembersApi(APIView):
    """The mentor and active members, as name and headline: for the circle's mentor,
    members and program admins (403 for a mentee who may only ask to join)."""

    @extend_schema(
        operation_id="circles_members_list",
        responses={200: CircleMembersSerializer, **error_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, circle_id: int) -> Response:
        circle = roster_viewer(_caller(request), circle_id).circle
        return Response(
            CircleMembersSerializer(
                {"mentor": mentor_entry(circle), "members": roster_of(circle)}
            ).data
        )


class CircleMembershipListApi(generics.ListAPIView[CircleMembership]):
    """Every membership of the circle with its state (invitations, requests, past): for
    the circle's mentor and program admins (403 for members)."""

    serializer_class = CircleMembershipSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[CircleMembership]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return CircleMembership.objects.none()
        viewer = roster_viewer(_caller(self.request), self.kwargs["circle_id"])
        if not viewer.can_manage:
            raise ActionNotAllowed(_("Only the circle's mentor or the program's admins see this."))
        return (
            CircleMembership.objects.filter(circle=viewer.circle)
            .select_related("mentee__membership__user")
            .order_by("created_at", "id")
        )

    @extend_schema(
        operation_id="circles_memberships_list",
        responses={
            200: CircleMembershipSerializer(many=True),
            **error_responses(401, 403, 404, 429),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class CircleInvitationCreateApi(APIView):
    """The mentor invites some of their current mentees (`mentor` circles only)."""

    write_throttle_scope = "requests"

    @extend_schema(
        operation_id="circles_invitations_create",
        request=CircleInviteSerializer,
        responses={
            201: CircleMembershipSerializer(many=True),
            409: ERROR_409,
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    def post(self, request: Request, circle_id: int) -> Response:
        circle = visible_circle(_caller(request), circle_id)
        # 403 before 400, as on the page: only the circle's mentor invites.
        if not is_circle_mentor(circle, _caller(request)):
            raise ActionNotAllowed(_("Only the circle's mentor can invite mentees."))
        serializer = CircleInviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data["mentees"]
        try:
            mentees = _mentees_by_id(circle.program_id, ids)
        except ValidationError as error:
            raise ValidationError({"mentees": error.message_dict["invite"]}) from error
        created = invite_to_circle(circle=circle, by=_caller(request), mentees=mentees)
        return Response(CircleMembershipSerializer(created, many=True).data, status=201)


class CircleJoinRequestCreateApi(APIView):
    """A mentee of the program asks to join a `program` circle; the mentor answers."""

    write_throttle_scope = "requests"

    @extend_schema(
        operation_id="circles_join_requests_create",
        request=None,
        responses={
            201: CircleMembershipSerializer,
            409: ERROR_409,
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    def post(self, request: Request, circle_id: int) -> Response:
        circle = visible_circle(_caller(request), circle_id)
        membership = request_to_join_circle(circle=circle, by=_caller(request))
        return Response(CircleMembershipSerializer(membership).data, status=201)


def _membership(user: User, circle_id: int, membership_id: int) -> CircleMembership:
    circle = visible_circle(user, circle_id)
    return get_object_or_404(CircleMembership.objects.filter(circle=circle), pk=membership_id)


def _fresh(membership: CircleMembership) -> dict[str, Any]:
    row = CircleMembership.objects.select_related("mentee__membership__user").get(pk=membership.pk)
    data: dict[str, Any] = CircleMembershipSerializer(row).data
    return data


class CircleMembershipAcceptApi(APIView):
    """Accept an invitation (the invited mentee) or a request (the mentor or an admin).
    A full circle is a 409 and nothing changes."""

    @extend_schema(
        operation_id="circles_memberships_accept",
        request=None,
        responses={
            200: CircleMembershipSerializer,
            409: ERROR_409,
            **error_responses(401, 403, 404, 429),
        },
    )
    def post(self, request: Request, circle_id: int, membership_id: int) -> Response:
        membership = _membership(_caller(request), circle_id, membership_id)
        return Response(
            _fresh(accept_circle_membership(membership=membership, by=_caller(request)))
        )


class CircleMembershipDeclineApi(APIView):
    """Decline an invitation (the invited mentee) or a request (the mentor or an admin)."""

    @extend_schema(
        operation_id="circles_memberships_decline",
        request=None,
        responses={
            200: CircleMembershipSerializer,
            409: ERROR_409,
            **error_responses(401, 403, 404, 429),
        },
    )
    def post(self, request: Request, circle_id: int, membership_id: int) -> Response:
        membership = _membership(_caller(request), circle_id, membership_id)
        declined = decline_circle_membership(membership=membership, by=_caller(request))
        return Response(_fresh(declined))


class CircleLeaveApi(APIView):
    """Leave the circle, or take back a request to join (409 if not in it)."""

    @extend_schema(
        operation_id="circles_leave",
        request=None,
        responses={
            200: CircleMembershipSerializer,
            409: ERROR_409,
            **error_responses(401, 404, 429),
        },
    )
    def post(self, request: Request, circle_id: int) -> Response:
        circle = visible_circle(_caller(request), circle_id)
        return Response(_fresh(leave_circle(circle=circle, by=_caller(request))))


class CircleCloseApi(APIView):
    """Close the circle (its mentor or a program admin): open answers are declined and
    scheduled sessions cancelled."""

    @extend_schema(
        operation_id="circles_close",
        request=None,
        responses={200: CircleSerializer, 409: ERROR_409, **error_responses(401, 403, 404, 429)},
    )
    def post(self, request: Request, circle_id: int) -> Response:
        circle = visible_circle(_caller(request), circle_id)
        close_circle(circle=circle, by=_caller(request))
        return Response(circle_data(_caller(request), circle.pk))

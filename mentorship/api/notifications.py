"""API operations on one's own notifications and how each kind is delivered.

A person only ever reaches their own notifications: every read goes through
`Notification.objects.visible_to`, so someone else's id is a 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.views import ERROR_401, ERROR_404, ERROR_429, error_responses
from mentorship.models import Delivery, Notification, NotificationKind, User
from mentorship.services.notification_inbox import (
    mark_all_notifications_read,
    mark_notification_read,
)
from mentorship.services.notification_preferences import (
    preferences_for,
    set_notification_preferences,
)


# Named enum components rather than inline enums: the same choices appear under ten property
# names in the preferences mapping, which spectacular would otherwise warn about.
@extend_schema_field(
    {"type": "string", "enum": list(NotificationKind.values)}, component_name="NotificationKind"
)
class NotificationKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=NotificationKind.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(Delivery.values)}, component_name="NotificationDelivery"
)
class DeliveryField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Delivery.choices, **kwargs)


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    kind = NotificationKindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationPagination(PageNumberPagination):
    """Pages of notifications with the person's total unread count beside them."""

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        # `self.request` is set by `paginate_queryset`, which always runs first.
        assert self.request is not None
        unread = Notification.objects.visible_to(self.request.user).unread()
        response.data["unread_count"] = unread.count()
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread_count"] = {
            "type": "integer",
            "example": 3,
            "description": "All of the person's unread notifications, on any page.",
        }
        paginated["required"].append("unread_count")
        return paginated


class NotificationListApi(generics.ListAPIView[Notification]):
    """The signed-in person's notifications, newest first."""

    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination
    filter_backends: list[Any] = []

    class FilterSerializer(serializers.Serializer[None]):
        unread = serializers.BooleanField(
            required=False,
            allow_null=True,
            default=None,
            help_text="`true`: only unread ones; `false`: only read ones; absent: all.",
        )

    @extend_schema(
        operation_id="notifications_list",
        parameters=[FilterSerializer],
        responses={
            200: NotificationSerializer(many=True),
            **error_responses(400, 401, 429),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Notification]:
        notifications = Notification.objects.visible_to(self.request.user)
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        unread = filters.validated_data["unread"]
        if unread is True:
            return notifications.unread()
        if unread is False:
            return notifications.filter(read_at__isnull=False)
        return notifications


class NotificationReadApi(APIView):
    """Mark one of one's own notifications read (again is fine: it stays read)."""

    @extend_schema(
        operation_id="notifications_read",
        request=None,
        responses={200: NotificationSerializer, 401: ERROR_401, 404: ERROR_404, 429: ERROR_429},
    )
    def post(self, request: Request, pk: int) -> Response:
        notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
        mark_notification_read(notification=notification)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllApi(APIView):
    """Mark all of one's unread notifications read."""

    @extend_schema_serializer(component_name="NotificationsMarkedRead")
    class OutputSerializer(serializers.Serializer[None]):
        marked = serializers.IntegerField(help_text="How many were unread and are read now.")

    @extend_schema(
        operation_id="notifications_read_all",
        request=None,
        responses={200: OutputSerializer, 401: ERROR_401, 429: ERROR_429},
    )
    def post(self, request: Request) -> Response:
        marked = mark_all_notifications_read(user=cast(User, request.user))
        return Response({"marked": marked})


@extend_schema_serializer(component_name="NotificationPreferences")
class NotificationPreferencesSerializer(serializers.Serializer[None]):
    """Every kind of notification mapped to how it is delivered; all kinds, always.

    In a PUT, a key that is not a kind is an error naming that key, not silently ignored.
    """

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {kind.value: DeliveryField(help_text=str(kind.label)) for kind in NotificationKind}

    def to_internal_value(self, data: Any) -> dict[str, str]:
        errors: dict[str, Any] = {}
        if isinstance(data, Mapping):
            errors = {
                str(key): [_("Unknown notification kind.")]
                for key in data
                if key not in self.fields
            }
        try:
            value = cast(dict[str, str], super().to_internal_value(data))
        except serializers.ValidationError as error:
            if not isinstance(error.detail, dict):
                raise
            errors = {**error.detail, **errors}
        if errors:
            raise serializers.ValidationError(errors)
        return value


class NotificationPreferencesApi(APIView):
    """How the signed-in person receives each kind: in_app, email, digest or off."""

    @extend_schema(
        operation_id="me_notification_preferences_retrieve",
        responses={200: NotificationPreferencesSerializer, 401: ERROR_401, 429: ERROR_429},
    )
    def get(self, request: Request) -> Response:
        return Response(preferences_for(user=cast(User, request.user)))

    @extend_schema(
        operation_id="me_notification_preferences_update",
        request=NotificationPreferencesSerializer,
        responses={
            200: NotificationPreferencesSerializer,
            **error_responses(400, 401, 429),
        },
    )
    def put(self, request: Request) -> Response:
        serializer = NotificationPreferencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        preferences = set_notification_preferences(
            user=cast(User, request.user), deliveries=serializer.validated_data
        )
        return Response(preferences)

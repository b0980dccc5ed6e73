"""API: download your own data, and delete your account (password confirmed).

The same services as the "Your data" page (`relationships/views/personal_data.py`).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import logout
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.views import error_responses
from mentorship.models import User
from relationships.services.account_deletion import delete_account
from relationships.services.personal_data import export_personal_data


class PersonalDataSerializer(serializers.Serializer[dict[str, Any]]):
    """The export's sections; each row's fields are described in docs/security.md."""

    format_version = serializers.IntegerField()
    exported_at = serializers.DateTimeField()
    account = serializers.DictField()
    profile = serializers.DictField(allow_null=True)
    memberships = serializers.ListField(child=serializers.DictField())
    requests = serializers.ListField(child=serializers.DictField())
    request_messages = serializers.ListField(child=serializers.DictField())
    relationships = serializers.ListField(child=serializers.DictField())
    messages = serializers.ListField(child=serializers.DictField())
    private_notes = serializers.ListField(child=serializers.DictField())
    feedback_given = serializers.DictField(child=serializers.ListField())
    circles = serializers.ListField(child=serializers.DictField())
    circle_sessions_attended = serializers.ListField(child=serializers.DictField())
    circle_session_ratings_given = serializers.ListField(child=serializers.DictField())
    introductions = serializers.ListField(child=serializers.DictField())
    thank_you_notes = serializers.ListField(child=serializers.DictField())
    notifications = serializers.ListField(child=serializers.DictField())
    notification_preferences = serializers.DictField(child=serializers.CharField())


class PersonalDataApi(APIView):
    """Everything we hold about you that is yours to take: the same file as the page's."""

    @extend_schema(
        operation_id="me_data_retrieve",
        responses={200: PersonalDataSerializer, **error_responses(401, 429)},
    )
    def get(self, request: Request) -> Response:
        return Response(export_personal_data(user=cast(User, request.user)))


class AccountDeleteApi(APIView):
    """Delete your account: relationships closed, personal data removed, counts kept."""

    throttle_scope = "auth"  # it checks a password

    @extend_schema_serializer(component_name="AccountDeleteInput")
    class InputSerializer(serializers.Serializer[None]):
        password = serializers.CharField(
            max_length=128, trim_whitespace=False, style={"input_type": "password"}
        )
        confirm = serializers.BooleanField(help_text="Must be true: this cannot be undone.")

        def validate_confirm(self, value: bool) -> bool:
            if not value:
                raise serializers.ValidationError(_("Must be true: this cannot be undone."))
            return value

    @extend_schema(
        operation_id="me_delete",
        request=InputSerializer,
        responses={204: None, **error_responses(400, 401, 429)},
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not user.check_password(serializer.validated_data["password"]):
            raise serializers.ValidationError({"password": [_("That is not your password.")]})
        delete_account(user=user)
        if request._request.session.session_key:  # signed in with a session, not a token
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""API operations on the agreement: read it, propose a new version, confirm the newest."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.views import error_responses
from mentorship.models import User
from relationships.api.relationship_lifecycle import (
    RELATIONSHIP_WRITE_ERRORS,
    participant_relationship,
    visible_relationship,
)
from relationships.api.relationship_serializers import (
    AgreementSerializer,
    CadenceField,
    ChannelField,
)
from relationships.services.agreements import (
    agreement_versions,
    confirm_agreement,
    in_force,
    propose_agreement,
)


@extend_schema_serializer(component_name="AgreementState")
class AgreementStateSerializer(serializers.Serializer[Any]):
    current = AgreementSerializer(
        read_only=True, allow_null=True, help_text="The newest version (null: none yet)."
    )
    in_force = AgreementSerializer(
        read_only=True,
        allow_null=True,
        help_text="The newest version both have confirmed (null: none yet).",
    )
    versions = AgreementSerializer(many=True, read_only=True, help_text="Newest first.")


class AgreementApi(APIView):
    """The agreement: GET its versions; PUT proposes a new version for both to confirm."""

    @extend_schema_serializer(component_name="AgreementProposal")
    class InputSerializer(serializers.Serializer[None]):
        goals_in_focus = serializers.ListField(
            child=serializers.IntegerField(),
            required=False,
            default=list,
            help_text="Ids of the mentee's goals.",
        )
        cadence = CadenceField()
        channel = ChannelField()
        session_minutes = serializers.IntegerField(min_value=10, max_value=480)
        end_date = serializers.DateField()
        confidentiality = serializers.CharField(
            required=False, allow_blank=True, max_length=4000, default=""
        )
        other_expectations = serializers.CharField(
            required=False, allow_blank=True, max_length=4000, default=""
        )

    @extend_schema(
        operation_id="relationships_agreement_retrieve",
        responses={
            200: AgreementStateSerializer,
            **error_responses(401, 404, 429),
        },
    )
    def get(self, request: Request, relationship_id: int) -> Response:
        relationship = visible_relationship(request, relationship_id)
        versions = list(agreement_versions(relationship))
        state = {
            "current": versions[0] if versions else None,
            "in_force": in_force(versions),
            "versions": versions,
        }
        return Response(AgreementStateSerializer(state).data)

    @extend_schema(
        operation_id="relationships_agreement_propose",
        request=InputSerializer,
        responses={200: AgreementSerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def put(self, request: Request, relationship_id: int) -> Response:
        relationship = participant_relationship(request, relationship_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        wanted = set(data.pop("goals_in_focus"))
        goals = list(relationship.goals_to_work_on().filter(pk__in=wanted))
        if len(goals) != len(wanted):
            raise serializers.ValidationError(
                {"goals_in_focus": [_("Choose from the mentee's own goals.")]}
            )
        agreement = propose_agreement(
            relationship=relationship, by=cast(User, request.user), goals_in_focus=goals, **data
        )
        return Response(AgreementSerializer(agreement).data)


class AgreementConfirmApi(APIView):
    """Confirm the newest version for your side; it is in force once both have."""

    @extend_schema(
        operation_id="relationships_agreement_confirm",
        request=None,
        responses={200: AgreementSerializer, **RELATIONSHIP_WRITE_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        relationship = visible_relationship(request, relationship_id)
        agreement = confirm_agreement(relationship=relationship, by=cast(User, request.user))
        agreement = agreement_versions(relationship).get(pk=agreement.pk)
        return Response(AgreementSerializer(agreement).data)

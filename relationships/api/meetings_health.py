"""API of relationship health for program admins: indicators and pooled answers only.

Individual check-in answers and meeting ratings never appear here; the pooled figures are
null until at least `MIN_ANSWERS_FOR_AGGREGATES` answers exist.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, cast

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.views import error_responses
from mentorship.models import User
from mentorship.visibility import admin_program
from relationships.api.meetings_serializers import PersonSerializer
from relationships.health import Health, health_queryset, health_rows, program_health
from relationships.models import Relationship
from relationships.models.checkins import MIN_ANSWERS_FOR_AGGREGATES


class RelationshipHealthSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="relationship.pk")
    state = serializers.ChoiceField(source="relationship.state", choices=Relationship.State.choices)
    mentee = PersonSerializer(source="relationship.mentee.membership.user")
    mentor = PersonSerializer(source="relationship.mentor.membership.user")
    started_at = serializers.DateTimeField(source="relationship.started_at")
    health = serializers.ChoiceField(choices=Health.choices)
    days_since_meeting = serializers.IntegerField(
        help_text="Days since the last held meeting (or since the start, if none yet)."
    )
    allowed_gap_days = serializers.IntegerField(
        help_text="The agreed cadence plus 7 days, or 21 without a confirmed agreement."
    )
    last_held_at = serializers.DateTimeField(allow_null=True)
    agreed_cadence = serializers.CharField(allow_null=True)
    nudged_at = serializers.DateTimeField(source="relationship.nudged_at", allow_null=True)
    flagged_at = serializers.DateTimeField(source="relationship.flagged_at", allow_null=True)


class HealthCountsSerializer(serializers.Serializer[None]):
    on_track = serializers.IntegerField()
    needs_attention = serializers.IntegerField()
    at_risk = serializers.IntegerField()


class FitShareSerializer(serializers.Serializer[None]):
    yes = serializers.FloatField()
    unsure = serializers.FloatField()
    no = serializers.FloatField()


class CheckInSummarySerializer(serializers.Serializer[None]):
    answers = serializers.IntegerField()
    average_how_it_is_going = serializers.FloatField()
    average_goal_progress = serializers.FloatField()
    good_fit_share = FitShareSerializer()


class FeedbackSummarySerializer(serializers.Serializer[None]):
    answers = serializers.IntegerField()
    average_rating = serializers.FloatField()


class HealthSummarySerializer(serializers.Serializer[None]):
    counts = HealthCountsSerializer(help_text="Current relationships by indicator.")
    check_ins = CheckInSummarySerializer(
        allow_null=True, help_text="Null below the minimum number of answers."
    )
    feedback = FeedbackSummarySerializer(
        allow_null=True, help_text="Null below the minimum number of answers."
    )
    min_answers = serializers.IntegerField()


@extend_schema_serializer(component_name="PaginatedRelationshipHealth")
class HealthPageSerializer(serializers.Serializer[None]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RelationshipHealthSerializer(many=True)
    summary = HealthSummarySerializer()


class ProgramRelationshipHealthApi(APIView):
    """Each current relationship's health in a program this admin runs, and pooled answers.

    404 for non-members of the program, 403 for members who are not its admins.
    """

    @extend_schema(
        operation_id="programs_relationship_health_list",
        parameters=[OpenApiParameter("page", int, description="A page number within the results.")],
        responses={
            200: HealthPageSerializer,
            **error_responses(401, 403, 404, 429),
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        program = admin_program(user=cast(User, request.user), slug=slug)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(health_queryset(program), request, view=self)
        assert page is not None and paginator.page is not None
        summary = program_health(program)
        data: dict[str, Any] = {
            "count": paginator.page.paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "results": RelationshipHealthSerializer(health_rows(page), many=True).data,
            "summary": {
                "counts": summary.counts,
                "check_ins": asdict(summary.check_ins) if summary.check_ins else None,
                "feedback": asdict(summary.feedback) if summary.feedback else None,
                "min_answers": MIN_ANSWERS_FOR_AGGREGATES,
            },
        }
        return Response(data)

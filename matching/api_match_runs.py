"""API of cohort match runs (program admins of the program only; anyone else gets a 404).

One class per operation (the list and create of one URL share a class, as DRF routes a
path to one view); writes validate with an input serializer and call one service.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from matching.match_run_proposals import run_pairs, unmatched_mentees
from matching.models import MatchRun, ProposedPair
from matching.ranking.assignment_metrics import UnmatchedReason
from matching.ranking.scoring import FACTORS
from matching.services.match_run_edits import move_pair, set_pair_status, swap_pairs
from matching.services.match_run_publishing import request_publish
from matching.services.match_runs import start_match_run
from mentorship.api.serializers import ErrorSerializer, JobSerializer
from mentorship.api.views import error_responses
from mentorship.models import Program, User
from relationships.api.requests import ListAndCreateSchema

ERROR_409 = OpenApiResponse(
    ErrorSerializer,
    description="The run's state does not allow this (already published or being published, "
    "not ready, or out "
    "of date: `errors.pairs` names each pair that no longer fits), or a mentor has no place.",
)


@extend_schema_field(
    {"type": "string", "enum": list(MatchRun.State.values)}, component_name="MatchRunState"
)
class MatchRunStateField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=MatchRun.State.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(MatchRun.Objective.values)},
    component_name="MatchRunObjective",
)
class ObjectiveField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=MatchRun.Objective.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(ProposedPair.Status.values)},
    component_name="ProposedPairStatus",
)
class PairStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ProposedPair.Status.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": [reason.value for reason in UnmatchedReason]},
    component_name="UnmatchedReason",
)
class UnmatchedReasonField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[reason.value for reason in UnmatchedReason], **kwargs)


def admin_program(request: Request, slug: str) -> Program:
    return get_object_or_404(Program.objects.administered_by(request.user), slug=slug)


def program_run(request: Request, slug: str, run_id: int) -> MatchRun:
    program = admin_program(request, slug)
    return get_object_or_404(
        with_run_details(MatchRun.objects.visible_to(request.user).filter(program=program)),
        pk=run_id,
    )


def with_run_details(runs: QuerySet[MatchRun]) -> QuerySet[MatchRun]:
    """What `MatchRunSerializer` reads, in the same query as the runs."""
    return runs.select_related("created_by", "published_by", "job", "publish_job", "program")


class ProposedPairSerializer(serializers.ModelSerializer[ProposedPair]):
    mentee_name = serializers.CharField(source="mentee.membership.user.name", read_only=True)
    mentor_name = serializers.CharField(source="mentor.membership.user.name", read_only=True)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)
    status = PairStatusField(read_only=True)

    class Meta:
        model = ProposedPair
        fields = [
            "id",
            "mentee",
            "mentee_name",
            "mentor",
            "mentor_name",
            "score",
            "breakdown",
            "reasons",
            "status",
            "relationship",
        ]
        read_only_fields = fields


class UnmatchedMenteeSerializer(serializers.Serializer[dict[str, Any]]):
    mentee = serializers.IntegerField(source="mentee.pk")
    mentee_name = serializers.CharField(source="mentee.membership.user.name")
    reason = UnmatchedReasonField()
    explanation = serializers.CharField(source="label")


class MatchRunSerializer(serializers.ModelSerializer[MatchRun]):
    created_by_name = serializers.CharField(
        source="created_by.name", read_only=True, allow_null=True
    )
    published_by_name = serializers.CharField(
        source="published_by.name", read_only=True, allow_null=True
    )
    ranker_version = serializers.CharField(source="ranker_id", read_only=True)
    weights = serializers.DictField(child=serializers.FloatField(), read_only=True)
    mentee_ids = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    mentor_ids = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    progress = serializers.IntegerField(source="job.progress", read_only=True, allow_null=True)
    job = JobSerializer(read_only=True, allow_null=True)
    publish_job = JobSerializer(
        read_only=True,
        allow_null=True,
        help_text="The latest publish attempt: its `error` says why a publish was refused.",
    )
    state = MatchRunStateField(read_only=True)
    objective = ObjectiveField(read_only=True)

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "state",
            "objective",
            "min_score",
            "weights",
            "ranker_version",
            "mentee_ids",
            "mentor_ids",
            "progress",
            "job",
            "publish_job",
            "metrics",
            "error",
            "based_on",
            "created_by_name",
            "created_at",
            "finished_at",
            "published_by_name",
            "published_at",
        ]
        read_only_fields = fields


class MatchRunDetailSerializer(MatchRunSerializer):
    pairs = ProposedPairSerializer(many=True, read_only=True, source="pair_list")
    unmatched = UnmatchedMenteeSerializer(many=True, read_only=True, source="unmatched_list")

    class Meta(MatchRunSerializer.Meta):
        fields = [*MatchRunSerializer.Meta.fields, "pairs", "unmatched"]
        read_only_fields = fields


def detail_body(run: MatchRun) -> dict[str, Any]:
    run.pair_list = run_pairs(run)  # type: ignore[attr-defined]
    run.unmatched_list = unmatched_mentees(run)  # type: ignore[attr-defined]
    return cast(dict[str, Any], MatchRunDetailSerializer(run).data)


class MatchRunCreateSerializer(serializers.Serializer[None]):
    objective = ObjectiveField()
    min_score = serializers.FloatField(
        required=False,
        allow_null=True,
        default=None,
        help_text="0–100; pairs below it are left out.",
    )
    mentee_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        allow_empty=False,
        help_text="Mentee participation ids; default: every unmatched mentee.",
    )
    mentor_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        allow_empty=False,
        help_text="Mentor participation ids; default: every mentor with room.",
    )
    weights = serializers.DictField(
        child=serializers.FloatField(),
        required=False,
        help_text=f"Factor weights 0–10 overriding the program's ranker: {', '.join(FACTORS)}.",
    )
    based_on = serializers.IntegerField(
        required=False, help_text="A ready run of this program whose locked pairs are kept."
    )


class MatchRunListCreateApi(generics.ListAPIView[MatchRun]):
    """The program's cohort match runs, newest first; and starting a new one."""

    serializer_class = MatchRunSerializer
    schema = ListAndCreateSchema()
    filter_backends: list[Any] = []

    @extend_schema(
        operation_id="match_runs_list",
        responses={200: MatchRunSerializer(many=True), **error_responses(401, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[MatchRun]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return MatchRun.objects.none()
        program = admin_program(self.request, self.kwargs["slug"])
        return with_run_details(
            MatchRun.objects.visible_to(self.request.user).filter(program=program)
        ).order_by("-created_at", "-id")

    @extend_schema(
        operation_id="match_runs_create",
        request=MatchRunCreateSerializer,
        responses={
            202: OpenApiResponse(
                MatchRunSerializer, description="Queued; poll the run (or its job)."
            ),
            **error_responses(400, 401, 404),
            409: ERROR_409,
            **error_responses(429),
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        program = admin_program(request, slug)
        serializer = MatchRunCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        based_on = None
        if "based_on" in data:
            based_on = MatchRun.objects.filter(program=program, pk=data["based_on"]).first()
            if based_on is None:
                raise serializers.ValidationError({"based_on": [_("No such run here.")]})
        run = start_match_run(
            program=program,
            by=cast(User, request.user),
            mentee_ids=data.get("mentee_ids"),
            mentor_ids=data.get("mentor_ids"),
            objective=data["objective"],
            min_score=data["min_score"],
            weights=data.get("weights"),
            based_on=based_on,
        )
        fresh = with_run_details(MatchRun.objects.filter(pk=run.pk)).get()
        return Response(MatchRunSerializer(fresh).data, status=status.HTTP_202_ACCEPTED)


class MatchRunDetailApi(APIView):
    """One run: state and progress, then its metrics, pairs and unmatched mentees."""

    @extend_schema(
        operation_id="match_runs_retrieve",
        responses={200: MatchRunDetailSerializer, **error_responses(401, 404, 429)},
    )
    def get(self, request: Request, slug: str, id: int) -> Response:
        return Response(detail_body(program_run(request, slug, id)))


class ProposedPairUpdateSerializer(serializers.Serializer[None]):
    status = PairStatusField(
        required=False,
        help_text="`removed` drops the pair, `locked` keeps it in re-runs, `proposed` restores it.",
    )
    mentor = serializers.IntegerField(
        required=False, min_value=1, help_text="Move the mentee to this mentor (who has a place)."
    )
    swap_with = serializers.IntegerField(
        required=False, min_value=1, help_text="Exchange mentors with this pair of the same run."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if len(attrs) != 1:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Send exactly one of status, mentor or swap_with.")]}
            )
        return attrs


class MatchRunPairUpdateApi(APIView):
    """Edit one pair of a ready proposal: remove, lock, restore, move or swap its mentor."""

    @extend_schema(
        operation_id="match_runs_pairs_partial_update",
        request=ProposedPairUpdateSerializer,
        responses={
            200: ProposedPairSerializer,
            **error_responses(400, 401, 404),
            409: ERROR_409,
            **error_responses(429),
        },
    )
    def patch(self, request: Request, slug: str, id: int, pair_id: int) -> Response:
        run = program_run(request, slug, id)
        pair = get_object_or_404(ProposedPair.objects.filter(run=run), pk=pair_id)
        serializer = ProposedPairUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = cast(User, request.user)
        if "status" in data:
            set_pair_status(pair=pair, status=data["status"], by=user)
        elif "mentor" in data:
            move_pair(pair=pair, mentor_id=data["mentor"], by=user)
        else:
            other = ProposedPair.objects.filter(run=run, pk=data["swap_with"]).first()
            if other is None:
                raise serializers.ValidationError({"swap_with": [_("No such pair in this run.")]})
            swap_pairs(pair=pair, other=other, by=user)
        fresh = ProposedPair.objects.select_related(
            "mentee__membership__user", "mentor__membership__user"
        ).get(pk=pair.pk)
        return Response(ProposedPairSerializer(fresh).data)


class MatchRunPublishApi(APIView):
    """Publish a ready proposal in the background: every pair becomes a relationship at
    once, then all are told. Poll the job; a refusal found then fails it with the reason."""

    @extend_schema(
        operation_id="match_runs_publish",
        request=None,
        responses={
            202: OpenApiResponse(
                JobSerializer,
                description="Publishing is queued (the run is `publishing`); poll the job. "
                "It fails with the reason in `error` when the proposal went out of date "
                "meanwhile, and the run is `ready` again.",
            ),
            **error_responses(401, 404),
            409: ERROR_409,
            **error_responses(429),
        },
    )
    def post(self, request: Request, slug: str, id: int) -> Response:
        run = program_run(request, slug, id)
        job = request_publish(run=run, by=cast(User, request.user))
        job.refresh_from_db()  # with tasks run eagerly, the publish may be done already
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

"""API of the learning loop: list and train ranker models, read a model card, activate one.

For the program's admins only: a non-member gets a 404, another member a 403
(`admin_program`). Training answers 202 with the job to poll (`GET /api/v1/jobs/{id}/`);
the job's result names the new model.
"""

from __future__ import annotations

from typing import Any, cast

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from matching.model_cards import ModelCard, card_for, models_of
from matching.services.suggestions import active_ranker
from matching.services.training import activate_ranker, request_training
from mentorship.api.serializers import ErrorSerializer, JobSerializer
from mentorship.api.views import error_responses
from mentorship.models import User
from mentorship.visibility import admin_program

ERROR_400_REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Activation refused: too few labelled pairs, or no evidence that it ranks "
    "better; `message` says which.",
)
ERROR_409_ACTIVE = OpenApiResponse(ErrorSerializer, description="This version is already active.")


class IntervalSerializer(serializers.Serializer[Any]):
    mean = serializers.FloatField()
    low = serializers.FloatField()
    high = serializers.FloatField()


class ComparisonSerializer(serializers.Serializer[Any]):
    """One metric of the trained model and the ranker it was compared with (95% intervals)."""

    trained = IntervalSerializer(allow_null=True)
    current = IntervalSerializer(allow_null=True)
    difference = IntervalSerializer(allow_null=True, help_text="Trained − current, paired.")
    units = serializers.IntegerField(help_text="Held-out mentees the metric covers.")


class RankerModelSerializer(serializers.Serializer[Any]):
    """A ranker version as the list shows it."""

    id = serializers.IntegerField()
    version = serializers.CharField(help_text="What suggestions record as `ranker_version`.")
    kind = serializers.ChoiceField(choices=["weights", "trained"])
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    activated_at = serializers.DateTimeField(allow_null=True)
    created_by = serializers.CharField(allow_blank=True)
    weights = serializers.DictField(child=serializers.FloatField())
    can_activate = serializers.BooleanField()
    refusal = serializers.CharField(allow_blank=True, help_text="Why it may not be activated.")
    is_rollback = serializers.BooleanField(help_text="It was active before; no evidence needed.")
    auc = ComparisonSerializer(allow_null=True, source="auc_or_none")
    lists_shown = serializers.IntegerField(
        help_text="Ranked lists (suggestions and searches) shown to mentees with this version."
    )
    last_shown_at = serializers.DateTimeField(
        allow_null=True, help_text="When the last of them was shown."
    )


class FeatureSerializer(serializers.Serializer[Any]):
    factor = serializers.CharField()
    factor_label = serializers.CharField(source="label", help_text="The factor in words.")
    weight = serializers.FloatField()
    coefficient = serializers.FloatField(required=False, help_text="Log-odds per unit.")
    odds_ratio = serializers.FloatField(required=False)
    current_weight = serializers.FloatField(required=False)


class DataSerializer(serializers.Serializer[Any]):
    pairs = serializers.IntegerField()
    positives = serializers.IntegerField()
    negatives = serializers.IntegerField()
    train_pairs = serializers.IntegerField()
    held_out_pairs = serializers.IntegerField()
    first_day = serializers.CharField(allow_blank=True)
    last_day = serializers.CharField(allow_blank=True)


class RankerModelCardSerializer(RankerModelSerializer):
    """The model card: data size and dates, learned effects, metrics, the comparison."""

    training_data = DataSerializer(
        allow_null=True, source="data_or_none", help_text="Null for a weights version."
    )
    features = FeatureSerializer(many=True)
    ndcg_at_10 = ComparisonSerializer(allow_null=True, source="ndcg_or_none")
    compared_with = serializers.CharField(allow_blank=True, help_text="Ranker version.")
    notes = serializers.ListField(child=serializers.CharField())


class _CardView:
    """`ModelCard` with None for the parts a weights version does not have."""

    def __init__(self, card: ModelCard) -> None:
        self._card = card

    def __getattr__(self, name: str) -> Any:
        return getattr(self._card, name)

    @property
    def auc_or_none(self) -> dict[str, Any] | None:
        return self._card.auc or None

    @property
    def ndcg_or_none(self) -> dict[str, Any] | None:
        return self._card.ndcg or None

    @property
    def data_or_none(self) -> dict[str, Any] | None:
        return self._card.data or None


class RankerModelPagination(PageNumberPagination):
    page_size = 20


class RankerModelListApi(APIView):
    """The program's ranker versions, newest first; POST trains a new one from outcomes."""

    pagination_class = RankerModelPagination

    @extend_schema(
        operation_id="ranker_models_list",
        responses={200: RankerModelSerializer(many=True), **error_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, slug: str) -> Response:
        program = admin_program(user=cast(User, request.user), slug=slug)
        current = active_ranker(program)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(models_of(program), request, view=self) or []
        cards = [_CardView(card_for(model, current=current)) for model in page]
        return paginator.get_paginated_response(RankerModelSerializer(cards, many=True).data)

    @extend_schema(
        operation_id="ranker_models_train",
        request=None,
        responses={202: JobSerializer, **error_responses(401, 403, 404, 429)},
    )
    def post(self, request: Request, slug: str) -> Response:
        program = admin_program(user=cast(User, request.user), slug=slug)
        job = request_training(program=program, by=cast(User, request.user))
        job.refresh_from_db()
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class RankerModelDetailApi(APIView):
    """One ranker version's model card."""

    @extend_schema(
        operation_id="ranker_models_retrieve",
        responses={200: RankerModelCardSerializer, **error_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        program = admin_program(user=cast(User, request.user), slug=slug)
        model = get_object_or_404(models_of(program), pk=pk)
        card = card_for(model, current=active_ranker(program))
        return Response(RankerModelCardSerializer(_CardView(card)).data)


class RankerModelActivateApi(APIView):
    """Make this version rank the program's mentees (or roll back to it)."""

    @extend_schema(
        operation_id="ranker_models_activate",
        request=None,
        responses={
            200: RankerModelCardSerializer,
            400: ERROR_400_REFUSED,
            409: ERROR_409_ACTIVE,
            **error_responses(401, 403, 404, 429),
        },
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        program = admin_program(user=cast(User, request.user), slug=slug)
        model = get_object_or_404(models_of(program), pk=pk)
        activate_ranker(model=model, by=cast(User, request.user))
        model = models_of(program).get(pk=pk)  # read again: active now, with what it showed
        card = card_for(model, current=model)
        return Response(RankerModelCardSerializer(_CardView(card)).data)

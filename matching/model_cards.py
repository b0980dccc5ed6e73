"""Model cards: what a ranker version is, what it learned and whether it may be activated.

One shape for the pages and the API, read from `RankerModel.details` (written by
`services.training.train_ranker`), so the card shows exactly what training measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from matching.models import Impression, RankerModel
from matching.ranking.explanation import FACTOR_LABELS
from matching.services.training import activation_refusal, was_active_before
from mentorship.models import Program


def models_of(program: Program) -> QuerySet[RankerModel]:
    """The program's ranker versions, newest first (callers have checked admin access).

    Each carries how many ranked lists mentees were shown with it, and when the last one
    was: after an activation, the admin sees the new version reach mentees (lists recompute
    as they are opened) rather than taking it on trust."""
    shown = Impression.objects.filter(ranker=OuterRef("pk")).order_by().values("ranker")
    return (
        RankerModel.objects.filter(program=program)
        .select_related("created_by")
        .annotate(
            lists_shown=Coalesce(Subquery(shown.annotate(count=Count("pk")).values("count")), 0),
            last_shown_at=Subquery(shown.annotate(last=Max("shown_at")).values("last")),
        )
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class ModelCard:
    id: int
    version: str
    kind: str
    kind_label: str
    is_active: bool
    created_at: datetime
    activated_at: datetime | None
    created_by: str
    weights: dict[str, float]
    data: dict[str, Any]
    features: list[dict[str, Any]]
    metrics: dict[str, Any]
    model: dict[str, Any]
    compared_with: str
    # Ranked lists shown to mentees with this version (suggestions and searches), and when.
    lists_shown: int
    last_shown_at: datetime | None
    notes: list[str] = field(default_factory=list)
    # Activation: allowed now, or the reason it is not; a rollback needs no new evidence.
    can_activate: bool = False
    refusal: str = ""
    is_rollback: bool = False

    @property
    def auc(self) -> dict[str, Any]:
        return dict(self.metrics.get("auc") or {})

    @property
    def ndcg(self) -> dict[str, Any]:
        return dict(self.metrics.get("ndcg_at_10") or {})


def card_for(model: RankerModel, *, current: RankerModel) -> ModelCard:
    details = model.details or {}
    refusal = "" if model.is_active else activation_refusal(model, current=current) or ""
    features = [
        {**feature, "label": FACTOR_LABELS.get(str(feature.get("factor")), feature.get("factor"))}
        for feature in details.get("features", [])
    ]
    if not features:  # a weights version: its weights are the whole story
        features = [
            {"factor": name, "label": FACTOR_LABELS.get(name, name), "weight": weight}
            for name, weight in model.weights.items()
        ]
    return ModelCard(
        id=model.pk,
        version=model.version,
        kind=model.kind,
        kind_label=str(model.get_kind_display()),
        is_active=model.is_active,
        created_at=model.created_at,
        activated_at=model.activated_at,
        created_by=model.created_by.name if model.created_by else "",
        weights=dict(model.weights),
        data=dict(details.get("data", {})),
        features=features,
        metrics=dict(details.get("metrics", {})),
        model=dict(details.get("model", {})),
        compared_with=str(details.get("compared_with", "")),
        lists_shown=model.lists_shown,  # type: ignore[attr-defined]  # from models_of
        last_shown_at=model.last_shown_at,  # type: ignore[attr-defined]
        notes=list(details.get("notes", [])),
        can_activate=not model.is_active and not refusal,
        refusal=refusal,
        is_rollback=not model.is_active and was_active_before(model),
    )

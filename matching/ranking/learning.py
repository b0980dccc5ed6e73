"""The learning loop: fit factor weights to how matches turned out, and measure them honestly.

Pure Python with numpy and scikit-learn (no Django). The service layer reads outcomes out
of the database and hands over `LabelledPair`s; this module labels, fits and evaluates.

Why weights and not the fitted model itself: the ranker scores `100 × Σ w·v / Σ w` over the
factors that apply, and the index, the breakdown and the explanations all speak that
language. A logistic regression on the same factor values is linear in them, so its
coefficients become weights (negatives clipped to 0: the ranker cannot count against a
factor; the card says so). Both the trained weights and the current ranker's are then
evaluated through that same scoring formula on held-out mentees, so the comparison is of
what would actually rank, not of a model that never ships.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import GroupShuffleSplit, StratifiedKFold

from matching.ranking.evaluation import Interval, bootstrap_mean, ndcg_at_k
from matching.ranking.explanation import FACTOR_LABELS
from matching.ranking.scoring import FACTORS, MAX_WEIGHT

# The outcome vocabulary, as the relationships app stores it (a test keeps them in step).
COMPLETED = "completed"
GOALS_MET = "goals_met"
NOT_A_GOOD_FIT = "not_a_good_fit"
UNRESPONSIVE = "unresponsive"
FIT_YES = "yes"
FIT_NO = "no"
NEGATIVE_CLOSE_REASONS = frozenset({NOT_A_GOOD_FIT, UNRESPONSIVE})

MIN_PAIRS_TO_TRAIN = 40
HELD_OUT_SHARE = 0.5
BOOTSTRAP_SAMPLES = 1000
SEED = 0
C_GRID = tuple(float(c) for c in np.logspace(-3, 3, 13))
# Log-odds per unit below which a coefficient is "no effect" (e.g. a factor that did not vary).
NEGLIGIBLE_EFFECT = 0.01


class NotEnoughData(ValueError):
    """Too few labelled pairs, or only one kind of outcome, to learn anything."""


def decline_label(reason: str) -> int | None:
    """A declined request: negative when the mentor said "not a good fit", else excluded."""
    return 0 if reason == NOT_A_GOOD_FIT else None


def relationship_label(
    *, state: str, close_reason: str, check_in_fits: Sequence[str] = ()
) -> int | None:
    """1 (worked), 0 (did not) or None (no evidence either way) for one relationship.

    A closure that says something about fit decides: "not a good fit" or "unresponsive"
    is negative (even on a relationship that ran to its end date), completed or "goals met"
    positive. Otherwise (still running, or closed for "no time" or "other") the latest
    check-in answering "is this a good fit?" with yes or no decides; "unsure" says nothing.
    """
    if close_reason in NEGATIVE_CLOSE_REASONS:
        return 0
    if state == COMPLETED or close_reason == GOALS_MET:
        return 1
    for answer in reversed(check_in_fits):
        if answer == FIT_YES:
            return 1
        if answer == FIT_NO:
            return 0
    return None


@dataclass(frozen=True)
class LabelledPair:
    """One mentee–mentor pair with the factor values the ranker gave it and how it went."""

    mentee: int
    mentor: int
    values: Mapping[str, float]  # the applicable factors' values in [0, 1], from the snapshot
    label: int  # 1 good, 0 not
    day: str = ""  # ISO date the pair was made, for the card's date range


def score_with(values: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The ranker's 0–100 score from stored factor values: `100 × Σ w·v / Σ w`.

    Only the factors present in `values` (those that applied to the mentee) and weighted
    above 0 count, as in `scoring.applicable_factors`; with none, text alone decides.
    """
    used = {name: weights.get(name, 0.0) for name in values if weights.get(name, 0.0) > 0}
    if not used:
        return 100.0 * float(values.get("text", 0.0))
    total = sum(used.values())
    return 100.0 * sum(weight * float(values[name]) for name, weight in used.items()) / total


def feature_matrix(
    pairs: Sequence[LabelledPair], fill: Mapping[str, float] | None = None
) -> tuple[NDArray[np.float64], dict[str, float]]:
    """Pairs as rows of FACTORS; a factor that did not apply takes `fill` (default: mean)."""
    raw = np.array(
        [[pair.values.get(name, math.nan) for name in FACTORS] for pair in pairs],
        dtype=np.float64,
    ).reshape(len(pairs), len(FACTORS))
    if fill is None:
        fill = {}
        for column, name in enumerate(FACTORS):
            present = raw[:, column][~np.isnan(raw[:, column])]
            fill[name] = float(present.mean()) if present.size else 0.0
    for column, name in enumerate(FACTORS):
        raw[np.isnan(raw[:, column]), column] = fill[name]
    return raw, dict(fill)


def weights_from_coefficients(coefficients: Mapping[str, float]) -> dict[str, float]:
    """Scale the positive coefficients to 0–10 (the largest gets 10); negatives become 0."""
    best = max(coefficients.values(), default=0.0)
    if best <= 0:
        raise NotEnoughData("No factor made a good outcome more likely; nothing to weight.")
    return {
        name: round(MAX_WEIGHT * max(value, 0.0) / best, 3) for name, value in coefficients.items()
    }


@dataclass(frozen=True)
class Comparison:
    """One metric for the trained weights and the current ones on the same held-out mentees."""

    trained: Interval | None
    current: Interval | None
    difference: Interval | None  # trained − current, paired over the same resamples
    units: int  # mentees the metric was computed over

    def as_dict(self) -> dict[str, Any]:
        return {
            "trained": _interval(self.trained),
            "current": _interval(self.current),
            "difference": _interval(self.difference),
            "units": self.units,
        }


def _interval(value: Interval | None) -> dict[str, float] | None:
    if value is None:
        return None
    return {"mean": round(value.mean, 4), "low": round(value.low, 4), "high": round(value.high, 4)}


@dataclass(frozen=True)
class TrainingResult:
    weights: dict[str, float]
    coefficients: dict[str, float]
    intercept: float
    regularisation_c: float
    fill: dict[str, float]
    pairs: int
    positives: int
    train_pairs: int
    held_out_pairs: int
    first_day: str
    last_day: str
    auc: Comparison
    ndcg: Comparison
    notes: list[str] = field(default_factory=list)

    def details(self, *, current_weights: Mapping[str, float]) -> dict[str, Any]:
        """Everything the model card shows, as JSON."""
        return {
            "data": {
                "pairs": self.pairs,
                "positives": self.positives,
                "negatives": self.pairs - self.positives,
                "train_pairs": self.train_pairs,
                "held_out_pairs": self.held_out_pairs,
                "first_day": self.first_day,
                "last_day": self.last_day,
            },
            "features": [
                {
                    "factor": name,
                    "coefficient": round(self.coefficients[name], 4),
                    "odds_ratio": round(math.exp(self.coefficients[name]), 3),
                    "weight": self.weights[name],
                    "current_weight": float(current_weights.get(name, 0.0)),
                    "imputed_with": round(self.fill[name], 4),
                }
                for name in FACTORS
            ],
            "model": {
                "kind": "logistic regression on the factor values",
                "intercept": round(self.intercept, 4),
                "regularisation_c": self.regularisation_c,
                "cross_validation_folds": 5,
            },
            "metrics": {"auc": self.auc.as_dict(), "ndcg_at_10": self.ndcg.as_dict()},
            "notes": list(self.notes),
        }


def train(
    pairs: Sequence[LabelledPair],
    *,
    current_weights: Mapping[str, float],
    seed: int = SEED,
    bootstrap_samples: int = BOOTSTRAP_SAMPLES,
) -> TrainingResult:
    """Fit weights on some mentees' pairs and compare them with `current_weights` on the rest.

    The split is by mentee (none is on both sides), the regularisation strength is chosen
    by 5-fold cross-validation on AUC, and the intervals are 95% percentile bootstraps over
    held-out mentees with a fixed seed, so the same data always gives the same card.
    """
    labels = np.array([pair.label for pair in pairs], dtype=np.int64)
    positives = int(labels.sum())
    if len(pairs) < MIN_PAIRS_TO_TRAIN or positives in (0, len(pairs)):
        raise NotEnoughData(
            f"{len(pairs)} labelled pairs ({positives} good): at least {MIN_PAIRS_TO_TRAIN} "
            "with both good and poor outcomes are needed."
        )
    train_rows, test_rows = _split(pairs, labels, seed)
    x_train, fill = feature_matrix([pairs[i] for i in train_rows])
    model = LogisticRegressionCV(
        Cs=list(C_GRID),
        cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=seed),
        scoring="roc_auc",
        # Nine features and a few hundred rows: Newton steps converge in a handful of
        # iterations where lbfgs needs hundreds at weak regularisation.
        solver="newton-cholesky",
        l1_ratios=(0.0,),
        use_legacy_attributes=False,
        max_iter=200,
    )
    model.fit(x_train, labels[train_rows])
    coefficients = {name: float(value) for name, value in zip(FACTORS, model.coef_[0], strict=True)}
    weights = weights_from_coefficients(coefficients)
    held_out = [pairs[i] for i in test_rows]
    notes = [
        f"{FACTOR_LABELS[name]}: the data say it lowers the chance of a good outcome; the "
        "ranker cannot weight against a factor, so its weight is 0."
        for name, value in coefficients.items()
        if value < -NEGLIGIBLE_EFFECT
    ]
    days = sorted(pair.day for pair in pairs if pair.day)
    return TrainingResult(
        weights=weights,
        coefficients=coefficients,
        intercept=float(model.intercept_[0]),
        regularisation_c=float(f"{float(np.ravel(model.C_)[0]):.4g}"),
        fill=fill,
        pairs=len(pairs),
        positives=positives,
        train_pairs=len(train_rows),
        held_out_pairs=len(held_out),
        first_day=days[0] if days else "",
        last_day=days[-1] if days else "",
        auc=compare_auc(held_out, weights, current_weights, seed=seed, samples=bootstrap_samples),
        ndcg=compare_ndcg(held_out, weights, current_weights, seed=seed, samples=bootstrap_samples),
        notes=notes,
    )


def _split(
    pairs: Sequence[LabelledPair], labels: NDArray[np.int64], seed: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Rows for training and for held-out evaluation, by mentee; both sides see both labels."""
    groups = np.array([pair.mentee for pair in pairs])
    for attempt in range(20):
        splitter = GroupShuffleSplit(
            n_splits=1, test_size=HELD_OUT_SHARE, random_state=seed + attempt
        )
        train_rows, test_rows = next(splitter.split(np.zeros(len(pairs)), labels, groups))
        if len(set(labels[train_rows])) == 2 and len(set(labels[test_rows])) == 2:
            return train_rows.astype(np.int64), test_rows.astype(np.int64)
    raise NotEnoughData("The outcomes are too one-sided to hold out mentees of both kinds.")


def auc(labels: NDArray[np.int64], scores: NDArray[np.float64]) -> float:
    """Area under the ROC curve (Mann–Whitney, ties count half): the chance that a random
    good pair scores above a random poor one. Fast enough to bootstrap a thousand times."""
    ranks = rankdata(scores)
    good = labels == 1
    n_good, n_poor = int(good.sum()), int((~good).sum())
    return float((ranks[good].sum() - n_good * (n_good + 1) / 2) / (n_good * n_poor))


def _by_mentee(pairs: Iterable[LabelledPair]) -> list[list[LabelledPair]]:
    grouped: dict[int, list[LabelledPair]] = defaultdict(list)
    for pair in pairs:
        grouped[pair.mentee].append(pair)
    return [grouped[key] for key in sorted(grouped)]


def _percentile_interval(mean: float, draws: list[float]) -> Interval | None:
    if not draws:
        return None
    low, high = np.quantile(np.asarray(draws), [0.025, 0.975])
    return Interval(mean=mean, low=float(low), high=float(high))


def compare_auc(
    held_out: Sequence[LabelledPair],
    trained: Mapping[str, float],
    current: Mapping[str, float],
    *,
    seed: int = SEED,
    samples: int = BOOTSTRAP_SAMPLES,
) -> Comparison:
    """AUC of both weightings over the held-out pairs, bootstrapping mentees (paired)."""
    groups = _by_mentee(held_out)
    if not groups:
        return Comparison(None, None, None, 0)
    labels = [np.array([p.label for p in group]) for group in groups]
    new = [np.array([score_with(p.values, trained) for p in group]) for group in groups]
    old = [np.array([score_with(p.values, current) for p in group]) for group in groups]

    def auc_of(chosen: Sequence[int]) -> tuple[float, float] | None:
        y = np.concatenate([labels[i] for i in chosen])
        if len(set(y.tolist())) < 2:
            return None
        return (
            auc(y, np.concatenate([new[i] for i in chosen])),
            auc(y, np.concatenate([old[i] for i in chosen])),
        )

    full = auc_of(range(len(groups)))
    if full is None:
        return Comparison(None, None, None, len(groups))
    rng = np.random.default_rng(seed)
    draws = [
        result
        for _ in range(samples)
        if (result := auc_of(rng.integers(0, len(groups), size=len(groups)).tolist()))
    ]
    return Comparison(
        trained=_percentile_interval(full[0], [a for a, _ in draws]),
        current=_percentile_interval(full[1], [b for _, b in draws]),
        difference=_percentile_interval(full[0] - full[1], [a - b for a, b in draws]),
        units=len(groups),
    )


def compare_ndcg(
    held_out: Sequence[LabelledPair],
    trained: Mapping[str, float],
    current: Mapping[str, float],
    *,
    seed: int = SEED,
    samples: int = BOOTSTRAP_SAMPLES,
    k: int = 10,
) -> Comparison:
    """NDCG@k of each held-out mentee's own pairs ordered by each weighting (label = grade).

    Only mentees with at least two labelled pairs, one of them good, can be ordered well
    or badly; the others say nothing about ranking and are left out (`units` counts those in).
    """
    groups = [
        group for group in _by_mentee(held_out) if len(group) >= 2 and any(p.label for p in group)
    ]
    if not groups:
        return Comparison(None, None, None, 0)

    def ndcg(group: list[LabelledPair], weights: Mapping[str, float]) -> float:
        grades = np.array([p.label for p in group], dtype=np.int64)
        scores = np.array([score_with(p.values, weights) for p in group])
        # Ties broken against the good pair: a weighting gets no credit for a coin flip.
        order = np.lexsort((grades, -scores))
        return ndcg_at_k(grades[order].tolist(), grades, k=k)

    new = [ndcg(group, trained) for group in groups]
    old = [ndcg(group, current) for group in groups]
    return Comparison(
        trained=bootstrap_mean(new, samples=samples, seed=seed),
        current=bootstrap_mean(old, samples=samples, seed=seed),
        difference=bootstrap_mean(
            [a - b for a, b in zip(new, old, strict=True)], samples=samples, seed=seed
        ),
        units=len(groups),
    )

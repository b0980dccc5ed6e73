"""Benchmark of the learning loop on the synthetic cohort with simulated outcomes.

Each mentee of a learning half of the cohort asks two of their top-20 suggestions (default
weights; higher ranks a little more often, as in the demo history); each pair turns out
well with the cohort's probability for its hidden fit. `learning.train` fits weights on
those outcomes and measures held-out AUC against the default weights; then both weightings
rank every mentor for the *other* half of the mentees, never seen in training, and NDCG@10
is taken against the planted grades. Called by `manage.py bench_learning`; returns Markdown.
"""

from __future__ import annotations

import time

import numpy as np

from matching.ranking.evaluation import Interval, bootstrap_mean, ndcg_at_k
from matching.ranking.index import MentorIndex
from matching.ranking.learning import LabelledPair, TrainingResult, train
from matching.ranking.scoring import DEFAULT_WEIGHTS, rank
from matching.ranking.synthetic import Cohort, generate

PAIRS_PER_MENTEE = 2
SUGGESTIONS = 20


def simulated_pairs(
    cohort: Cohort, index: MentorIndex, mentees: range, *, seed: int
) -> list[LabelledPair]:
    """Two requests per mentee among their suggestions, with outcomes drawn from the truth."""
    rng = np.random.default_rng(seed)
    column = {record.id: j for j, record in enumerate(cohort.mentors)}
    chance = cohort.outcome_probability()
    pairs = []
    for i in mentees:
        ranked = rank(index, cohort.mentees[i], weights=DEFAULT_WEIGHTS, k=SUGGESTIONS).mentors
        if len(ranked) < PAIRS_PER_MENTEE:
            continue
        p = np.array([position**-0.25 for position in range(1, len(ranked) + 1)])
        for pick in rng.choice(len(ranked), size=PAIRS_PER_MENTEE, replace=False, p=p / p.sum()):
            scored = ranked[int(pick)]
            good = rng.random() < chance[i, column[scored.mentor_id]]
            pairs.append(LabelledPair(i, scored.mentor_id, scored.values, int(good)))
    return pairs


def ndcg_against_grades(
    cohort: Cohort, index: MentorIndex, mentees: range, weights: dict[str, float]
) -> list[float]:
    """NDCG@10 of full rankings with `weights` against the planted grades, per mentee."""
    grades = cohort.grades()
    column = {record.id: j for j, record in enumerate(cohort.mentors)}
    values = []
    for i in mentees:
        eligible = np.flatnonzero(~np.isnan(cohort.true_fit[i]))
        ranked = rank(index, cohort.mentees[i], weights=weights, k=10).mentors
        values.append(
            ndcg_at_k([grades[i, column[m.mentor_id]] for m in ranked], grades[i, eligible])
        )
    return values


def run(*, mentors: int = 2000, mentees: int = 3000, seed: int = 1) -> str:
    """The learning-loop figures, as a Markdown section."""
    started = time.perf_counter()
    cohort = generate(mentors=mentors, mentees=mentees, seed=seed)
    index = MentorIndex.build(cohort.mentors, build_number=1)
    learning_half = range(0, mentees // 2)
    unseen_half = range(mentees // 2, mentees)
    pairs = simulated_pairs(cohort, index, learning_half, seed=seed)
    fit_started = time.perf_counter()
    result: TrainingResult = train(pairs, current_weights=DEFAULT_WEIGHTS)
    fit_seconds = time.perf_counter() - fit_started
    default = dict(DEFAULT_WEIGHTS)
    trained_values = ndcg_against_grades(cohort, index, unseen_half, result.weights)
    default_values = ndcg_against_grades(cohort, index, unseen_half, default)
    ndcg_trained: Interval = bootstrap_mean(trained_values)
    ndcg_default: Interval = bootstrap_mean(default_values)
    ndcg_gain = bootstrap_mean([a - b for a, b in zip(trained_values, default_values, strict=True)])
    auc = result.auc
    lines = [
        "## Learning from outcomes",
        "",
        f"Synthetic cohort (shared/SYNTHETIC_COHORT.md, seed {seed}) of {mentors:,} mentors "
        f"and {mentees:,} mentees. Each of the first {len(learning_half):,} mentees asks "
        f"{PAIRS_PER_MENTEE} of their top {SUGGESTIONS} suggestions (default weights); each "
        "pair turns out well with probability 1 / (1 + e^(−10 (fit − 0.3))) of its hidden fit. "
        f"{result.pairs:,} labelled pairs ({result.positives:,} good); a logistic regression "
        f"on the factor values (C = {result.regularisation_c:g} by 5-fold cross-validation) "
        f"trained on {result.train_pairs:,} of them in {fit_seconds:.1f} s (with the bootstrap).",
        "",
        "AUC: held-out pairs (split by mentee), both weightings scored on the same pairs, 95% "
        "bootstrap over mentees. NDCG@10: full rankings for the "
        f"{len(unseen_half):,} mentees never used in training, against the planted grades.",
        "",
        "| weights | held-out AUC [95% CI] | NDCG@10 on unseen mentees [95% CI] |",
        "|---|---|---|",
        f"| trained | {auc.trained} | {ndcg_trained} |",
        f"| default | {auc.current} | {ndcg_default} |",
        f"| difference (paired) | {auc.difference} | {ndcg_gain} |",
        "",
        "Trained weights: "
        + ", ".join(f"{name} {weight:g}" for name, weight in result.weights.items())
        + ". (Synthetic mentees name no skills, goal areas, industry or meeting modes, so "
        "those factors never apply and get no weight.)",
        "",
        f"_Learning benchmark took {time.perf_counter() - started:.0f} s._",
        "",
    ]
    return "\n".join(lines)

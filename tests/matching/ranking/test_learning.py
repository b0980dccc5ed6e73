"""The learning loop's pure core: labels from outcomes, weights from a fit, honest metrics."""

from __future__ import annotations

import numpy as np
import pytest

from matching.ranking import learning
from matching.ranking.learning import (
    LabelledPair,
    NotEnoughData,
    compare_auc,
    decline_label,
    relationship_label,
    score_with,
    train,
    weights_from_coefficients,
)
from matching.ranking.scoring import DEFAULT_WEIGHTS, FACTORS, ScoredMentor
from relationships.models import CheckIn, Fit, MentorRequest, Relationship


def planted_pairs(n: int, *, seed: int = 1) -> list[LabelledPair]:
    """Outcomes that depend on time zone and skills only; every other factor is noise."""
    rng = np.random.default_rng(seed)
    pairs = []
    for i in range(n):
        values = {name: float(rng.random()) for name in FACTORS}
        logit = 6.0 * values["timezone"] + 4.0 * values["skills"] - 5.0
        label = int(rng.random() < 1 / (1 + np.exp(-logit)))
        pairs.append(LabelledPair(i // 2, 1000 + i, values, label, f"2026-01-{1 + i % 28:02d}"))
    return pairs


def test_the_outcome_vocabulary_is_the_relationships_apps():
    assert learning.COMPLETED == Relationship.State.COMPLETED
    assert learning.GOALS_MET == Relationship.CloseReason.GOALS_MET
    assert learning.NOT_A_GOOD_FIT == Relationship.CloseReason.NOT_A_GOOD_FIT
    assert learning.NOT_A_GOOD_FIT == MentorRequest.DeclineReason.NOT_A_GOOD_FIT
    assert learning.UNRESPONSIVE == Relationship.CloseReason.UNRESPONSIVE
    assert (learning.FIT_YES, learning.FIT_NO) == (Fit.YES, Fit.NO)
    assert CheckIn._meta.get_field("good_fit").choices == Fit.choices


def test_completed_goals_met_and_a_yes_check_in_are_positive():
    assert relationship_label(state="completed", close_reason="other") == 1
    assert relationship_label(state="completed", close_reason="goals_met") == 1
    assert relationship_label(state="active", close_reason="", check_in_fits=["no", "yes"]) == 1


def test_not_a_good_fit_unresponsive_and_a_no_check_in_are_negative():
    assert decline_label("not_a_good_fit") == 0
    assert relationship_label(state="ended", close_reason="not_a_good_fit") == 0
    assert relationship_label(state="ended", close_reason="unresponsive") == 0
    # Ran to its end date but closed as not a good fit: the people's word wins.
    assert relationship_label(state="completed", close_reason="not_a_good_fit") == 0
    assert relationship_label(state="active", close_reason="", check_in_fits=["yes", "no"]) == 0


def test_other_reasons_and_unsure_answers_are_left_out():
    for reason in ("no_capacity", "busy", "other", ""):
        assert decline_label(reason) is None
    assert relationship_label(state="ended", close_reason="no_time") is None
    assert relationship_label(state="ended", close_reason="other", check_in_fits=["unsure"]) is None
    assert relationship_label(state="active", close_reason="") is None
    # A closure that says nothing about fit still has the check-ins to go by.
    assert relationship_label(state="ended", close_reason="no_time", check_in_fits=["no"]) == 0


def test_score_with_stored_values_is_the_rankers_score():
    values = {"text": 0.4, "skills": 0.5, "timezone": 0.9, "capacity": 0.2}
    weights = {name: DEFAULT_WEIGHTS[name] for name in values}
    scored = ScoredMentor(mentor_id=1, row=0, score=0.0, values=values, weights=weights)
    assert score_with(values, DEFAULT_WEIGHTS) == pytest.approx(
        sum(scored.contributions().values())
    )
    # Factors weighted 0 do not count; with none left, text alone decides.
    assert score_with({"text": 0.3, "industry": 1.0}, {"text": 1.0, "industry": 0.0}) == 30.0
    assert score_with({"text": 0.3, "industry": 1.0}, {"industry": 0.0}) == 30.0


def test_weights_scale_the_best_factor_to_ten_and_clip_harmful_ones():
    weights = weights_from_coefficients({"text": 2.0, "skills": 1.0, "industry": -3.0})
    assert weights == {"text": 10.0, "skills": 5.0, "industry": 0.0}
    with pytest.raises(NotEnoughData):
        weights_from_coefficients({"text": -1.0, "skills": 0.0})


def test_training_recovers_a_planted_signal_and_beats_weights_that_ignore_it():
    pairs = planted_pairs(800)
    text_only = {name: (10.0 if name == "text" else 0.0) for name in FACTORS}

    result = train(pairs, current_weights=text_only, bootstrap_samples=300)

    top_two = sorted(result.weights, key=result.weights.__getitem__, reverse=True)[:2]
    assert set(top_two) == {"timezone", "skills"}
    assert result.weights["timezone"] == 10.0
    assert all(result.weights[name] < 3.0 for name in FACTORS if name not in top_two)
    assert result.auc.trained is not None and result.auc.current is not None
    assert result.auc.trained.low > 0.7
    assert 0.4 < result.auc.current.mean < 0.6  # text is noise here
    assert result.auc.difference is not None and result.auc.difference.low > 0
    assert result.pairs == 800 and result.train_pairs + result.held_out_pairs == 800
    assert (result.first_day, result.last_day) == ("2026-01-01", "2026-01-28")


def test_the_split_keeps_each_mentee_on_one_side():
    pairs = planted_pairs(200)
    train_rows, test_rows = learning._split(pairs, np.array([p.label for p in pairs]), seed=0)
    train_mentees = {pairs[i].mentee for i in train_rows}
    assert train_mentees and not train_mentees & {pairs[i].mentee for i in test_rows}


def test_bootstrap_intervals_hold_the_mean_narrow_with_data_and_repeat_with_the_seed():
    weights = dict(DEFAULT_WEIGHTS)
    small = compare_auc(planted_pairs(120), weights, weights, seed=3, samples=400)
    large = compare_auc(planted_pairs(1200), weights, weights, seed=3, samples=400)
    again = compare_auc(planted_pairs(120), weights, weights, seed=3, samples=400)

    for comparison in (small, large):
        assert comparison.trained is not None
        assert comparison.trained.low <= comparison.trained.mean <= comparison.trained.high
    assert small == again
    assert small.trained is not None and large.trained is not None
    assert large.trained.high - large.trained.low < small.trained.high - small.trained.low
    # The same weights on both sides: the paired difference is exactly nothing.
    assert small.difference is not None and small.difference.low == small.difference.high == 0


def test_too_few_pairs_or_a_single_kind_of_outcome_cannot_be_trained():
    with pytest.raises(NotEnoughData, match="at least 40"):
        train(planted_pairs(30), current_weights=DEFAULT_WEIGHTS)
    all_good = [LabelledPair(p.mentee, p.mentor, p.values, 1) for p in planted_pairs(100)]
    with pytest.raises(NotEnoughData):
        train(all_good, current_weights=DEFAULT_WEIGHTS)

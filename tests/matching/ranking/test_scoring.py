"""Scores are weighted sums of explainable factors, after the hard filters."""

from __future__ import annotations

import pytest

from matching.ranking.evaluation import bootstrap_mean, ndcg_at_k
from matching.ranking.explanation import Names, explain
from matching.ranking.index import MentorIndex
from matching.ranking.records import MenteeQuery, MentorRecord
from matching.ranking.scoring import DEFAULT_WEIGHTS, InvalidWeights, rank, validate_weights
from matching.ranking.synthetic import generate

EN = frozenset({"en"})


def mentor(mentor_id: int, text: str = "python data", **fields) -> MentorRecord:
    defaults = {"languages": EN, "capacity_total": 3, "capacity_remaining": 3}
    return MentorRecord(id=mentor_id, user_id=100 + mentor_id, text=text, **{**defaults, **fields})


def mentee(text: str = "python data", **fields) -> MenteeQuery:
    return MenteeQuery(user_id=1, text=text, **{"languages": EN, **fields})


def ranked_ids(mentors, query, **options) -> list[int]:
    index = MentorIndex.build(mentors, build_number=1)
    return [m.mentor_id for m in rank(index, query, **options).mentors]


def test_hard_filters_drop_yourself_full_mentors_other_languages_and_exclusions():
    mentors = [
        mentor(1),
        MentorRecord(
            id=2,
            user_id=1,
            text="python data",
            languages=EN,
            capacity_total=3,
            capacity_remaining=3,
        ),
        mentor(3, accepting=False),
        mentor(4, capacity_remaining=0),
        mentor(5, languages=frozenset({"fr"})),
        mentor(6),
    ]
    assert ranked_ids(mentors, mentee(excluded_mentor_ids=frozenset({6}))) == [1]


def test_the_score_is_the_weighted_share_of_the_factors_and_the_points_add_up():
    index = MentorIndex.build([mentor(1, "python data", skills=frozenset({7}))], build_number=3)
    query = mentee(skills_wanted=frozenset({7, 8}))
    [best] = rank(index, query).mentors
    assert best.values["skills"] == 0.5
    assert 0 <= best.score <= 100
    assert sum(best.contributions().values()) == pytest.approx(best.score, abs=0.05)
    expected = (
        100 * sum(best.weights[f] * v for f, v in best.values.items()) / sum(best.weights.values())
    )
    assert best.score == pytest.approx(expected, abs=0.01)


def test_a_factor_the_mentee_left_empty_is_not_scored():
    index = MentorIndex.build([mentor(1)], build_number=1)
    [best] = rank(index, mentee()).mentors
    assert "skills" not in best.values and "goal_areas" not in best.values


def test_text_similarity_skills_and_time_zone_move_mentors_up():
    mentors = [
        mentor(1, "gardening and cooking", utc_offset_hours=9),
        mentor(2, "python data engineering", utc_offset_hours=9),
        mentor(3, "python data engineering", utc_offset_hours=0, skills=frozenset({5})),
    ]
    assert ranked_ids(mentors, mentee("python data", skills_wanted=frozenset({5}))) == [3, 2, 1]


def test_ties_are_broken_by_mentor_id_so_lists_are_repeatable():
    mentors = [mentor(mentor_id) for mentor_id in (9, 4, 7, 1)]
    assert ranked_ids(mentors, mentee(), k=3) == [1, 4, 7]


def test_weights_outside_0_to_10_or_all_zero_are_rejected():
    with pytest.raises(InvalidWeights, match="between 0 and 10"):
        validate_weights({"text": 11})
    with pytest.raises(InvalidWeights, match="between 0 and 10"):
        validate_weights({"text": -1})
    with pytest.raises(InvalidWeights, match="At least one"):
        validate_weights({name: 0 for name in DEFAULT_WEIGHTS})
    with pytest.raises(InvalidWeights, match="Unknown"):
        validate_weights({"charisma": 3})


def test_zero_weights_change_the_order():
    mentors = [
        mentor(1, "python data", utc_offset_hours=10),
        mentor(2, "cooking", utc_offset_hours=0),
    ]
    assert ranked_ids(mentors, mentee(), weights={"timezone": 0})[0] == 1
    only_timezone = {name: 0.0 for name in DEFAULT_WEIGHTS} | {"timezone": 5.0}
    assert ranked_ids(mentors, mentee(), weights=only_timezone)[0] == 2


def test_explanations_say_why_in_plain_words():
    index = MentorIndex.build(
        [
            mentor(
                1,
                "product strategy and user research for fintech",
                skills=frozenset({3}),
                industry=4,
                utc_offset_hours=3,
                years_experience=15,
                answer_rate=0.9,
                median_answer_hours=40,
            )
        ],
        build_number=1,
    )
    query = mentee(
        "I want to learn product strategy and user research",
        skills_wanted=frozenset({3}),
        industry=4,
        years_experience=2,
    )
    vector = index.vectorize(query.text)
    [best] = rank(index, query).mentors
    breakdown = explain(
        index,
        query,
        best,
        query_vector=vector,
        names=Names(skills={3: "User research"}, industries={4: "Financial services"}),
    )
    sentences = breakdown["reasons"]
    assert any(s.startswith("You both mention") and "strategy" in s for s in sentences)
    assert "Can help with User research" in sentences
    assert "Both in Financial services" in sentences
    assert "3 hours apart" in sentences
    assert "13 more years of experience" in sentences
    assert "Usually answers within 2 days" in sentences
    points = [factor["points"] for factor in breakdown["factors"]]
    assert points == sorted(points, reverse=True)
    assert sum(points) == pytest.approx(best.score, abs=0.1)


def test_a_new_mentor_is_called_new_not_slow():
    index = MentorIndex.build([mentor(1)], build_number=1)
    query = mentee()
    [best] = rank(index, query).mentors
    reasons = explain(index, query, best, query_vector=index.vectorize(query.text))["reasons"]
    assert "New mentor" in reasons


def test_ndcg_is_one_for_the_ideal_order_and_lower_otherwise():
    import numpy as np

    grades = np.array([3, 2, 0, 1, 0])
    assert ndcg_at_k([3, 2, 1, 0, 0], grades) == pytest.approx(1.0)
    assert ndcg_at_k([0, 0, 1, 2, 3], grades) < 0.5
    assert ndcg_at_k([0, 0], np.array([0, 0])) == 0.0


def test_on_the_synthetic_cohort_the_full_ranker_beats_text_alone_which_beats_random():
    import numpy as np

    cohort = generate(mentors=1000, mentees=150, seed=11)
    index = MentorIndex.build(cohort.mentors, build_number=1)
    grades = cohort.grades()
    column = {record.id: j for j, record in enumerate(cohort.mentors)}
    text_only = {name: 0.0 for name in DEFAULT_WEIGHTS} | {"text": 1.0}
    rng = np.random.default_rng(0)

    def quality(weights) -> list[float]:
        values = []
        for i, query in enumerate(cohort.mentees):
            eligible = grades[i][~np.isnan(cohort.true_fit[i])]
            ranked = rank(index, query, weights=weights, k=10).mentors
            values.append(ndcg_at_k([grades[i, column[m.mentor_id]] for m in ranked], eligible))
        return values

    random_order = []
    for i in range(len(cohort.mentees)):
        eligible = np.flatnonzero(~np.isnan(cohort.true_fit[i]))
        pick = rng.permutation(eligible)[:10]
        random_order.append(ndcg_at_k(grades[i, pick], grades[i, eligible]))
    full, text, chance = (
        bootstrap_mean(v) for v in (quality(DEFAULT_WEIGHTS), quality(text_only), random_order)
    )
    assert full.low > text.high
    assert text.low > chance.high


def test_the_synthetic_cohort_is_a_pure_function_of_its_seed():
    first = generate(mentors=30, mentees=10, seed=5)
    again = generate(mentors=30, mentees=10, seed=5)
    other = generate(mentors=30, mentees=10, seed=6)
    assert first.mentors == again.mentors and first.mentees == again.mentees
    assert first.mentors != other.mentors


def test_the_fast_weighted_sum_equals_the_sum_of_the_factor_values():
    import numpy as np

    from matching.ranking.scoring import applicable_factors, factor_values, weighted_scores

    cohort = generate(mentors=300, mentees=5, seed=8)
    mentors = [
        MentorRecord(
            **{
                **record.__dict__,
                "skills": frozenset({record.id % 7}),
                "industry": record.id % 5,
                "meeting_modes": frozenset({"video"} if record.id % 2 else set()),
                "answer_rate": None if record.id % 3 else 0.8,
                "median_answer_hours": None if record.id % 3 else 30.0,
            }
        )
        for record in cohort.mentors
    ]
    index = MentorIndex.build(mentors, build_number=1)
    for base in cohort.mentees:
        query = MenteeQuery(
            **{
                **base.__dict__,
                "skills_wanted": frozenset({1, 2}),
                "industry": 3,
                "meeting_modes": frozenset({"video"}),
                "seniority_preference": "senior",
            }
        )
        text = index.text_scores(index.vectorize(query.text))
        applicable = applicable_factors(query, DEFAULT_WEIGHTS)
        values = factor_values(index, query, text)
        expected = (
            sum(w * values[n] for n, w in applicable.items()) * 100 / sum(applicable.values())
        )
        np.testing.assert_allclose(
            weighted_scores(index, query, text, applicable), expected, atol=1e-9
        )

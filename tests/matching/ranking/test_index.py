"""The mentor index scores text exactly like cosine similarity, reading only postings."""

from __future__ import annotations

import numpy as np
from sklearn.metrics.pairwise import cosine_similarity

from matching.ranking.index import MentorIndex
from matching.ranking.records import MentorRecord
from matching.ranking.synthetic import generate


def mentor(mentor_id: int, text: str, **fields) -> MentorRecord:
    return MentorRecord(
        id=mentor_id, user_id=100 + mentor_id, text=text, languages=frozenset({"en"}), **fields
    )


def test_vectorize_matches_the_fitted_sklearn_vectorizer():
    cohort = generate(mentors=200, mentees=20, seed=3)
    index = MentorIndex.build(cohort.mentors, build_number=1)
    for mentee in cohort.mentees:
        ours = index.vectorize(mentee.text)
        theirs = index.vectorizer.transform([mentee.text])
        dense = np.zeros(index.vocabulary_size)
        dense[ours.terms] = ours.weights
        np.testing.assert_allclose(dense, theirs.toarray()[0], atol=1e-12)


def test_text_scores_equal_cosine_similarity_on_the_same_matrix():
    cohort = generate(mentors=300, mentees=10, seed=4)
    index = MentorIndex.build(cohort.mentors, build_number=1)
    for mentee in cohort.mentees:
        expected = cosine_similarity(index.vectorizer.transform([mentee.text]), index.matrix)[0]
        np.testing.assert_allclose(
            index.text_scores(index.vectorize(mentee.text)), expected, atol=1e-12
        )


def test_a_query_reads_only_the_postings_of_its_terms():
    index = MentorIndex.build(
        [mentor(1, "python data"), mentor(2, "python"), mentor(3, "gardening")], build_number=1
    )
    query = index.vectorize("python")
    # "python" appears in two mentors: two postings of (int32 row, float64 weight).
    assert index.postings_bytes(query) == 2 * (4 + 8)


def test_a_changed_mentor_is_scored_from_their_new_text_without_a_rebuild():
    index = MentorIndex.build(
        [mentor(1, "python data science"), mentor(2, "leadership coaching")], build_number=7
    )
    query = index.vectorize("leadership")
    assert index.text_scores(query)[0] == 0.0

    index.upsert([mentor(1, "leadership for engineers")])

    new_vector = index.vectorize("leadership for engineers")
    expected = float(
        np.dot(
            np.isin(new_vector.terms, query.terms) * new_vector.weights,
            np.array(
                [
                    query.weights[list(query.terms).index(t)] if t in query.terms else 0.0
                    for t in new_vector.terms
                ]
            ),
        )
    )
    assert index.text_scores(query)[0] > 0.0
    assert index.text_scores(query)[0] == expected
    assert index.build_number == 7


def test_a_new_mentor_joins_the_index_and_a_leaver_is_never_scored():
    index = MentorIndex.build([mentor(1, "python"), mentor(2, "python sql")], build_number=1)
    index.upsert([mentor(3, "python mentoring", capacity_total=2, capacity_remaining=2)])
    assert len(index) == 3
    assert index.text_scores(index.vectorize("python"))[2] > 0
    index.remove([2])
    assert not index.active[index.row_of[2]]


def test_skill_postings_follow_edits():
    index = MentorIndex.build(
        [mentor(1, "a", skills=frozenset({10, 11})), mentor(2, "b", skills=frozenset({11}))],
        build_number=1,
    )
    assert index.skills.count_matches(frozenset({11}), 2).tolist() == [1.0, 1.0]
    index.upsert([mentor(1, "a", skills=frozenset({10}))])
    assert index.skills.count_matches(frozenset({11}), 2).tolist() == [0.0, 1.0]
    assert index.skills.count_matches(frozenset({10}), 2).tolist() == [1.0, 0.0]


def test_an_index_of_mentors_without_words_scores_zero_instead_of_failing():
    index = MentorIndex.build([mentor(1, ""), mentor(2, "the and")], build_number=1)
    assert index.text_scores(index.vectorize("python")).tolist() == [0.0, 0.0]

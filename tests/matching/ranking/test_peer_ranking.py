"""Peer mentoring: one symmetric score per pair, complementary skills count both ways."""

from __future__ import annotations

import itertools

import pytest

from matching.ranking.explanation import Names
from matching.ranking.index import MentorIndex
from matching.ranking.peer import explain_peer, peer_rank
from matching.ranking.records import MenteeQuery, MentorRecord

EN = frozenset({"en"})
PYTHON, DESIGN, SQL, SPEAKING = 1, 2, 3, 4
NAMES = Names(skills={PYTHON: "Python", DESIGN: "Design", SQL: "SQL", SPEAKING: "Speaking"})


def person(user_id: int, *, teaches: set[int], wants: set[int], years: float, text: str):
    """A peer: their mentor record (id = 1000 + user id) and their query as a learner."""
    record = MentorRecord(
        id=1000 + user_id,
        user_id=user_id,
        text=text,
        skills=frozenset(teaches),
        languages=EN,
        years_experience=years,
        capacity_total=2,
        capacity_remaining=2,
    )
    query = MenteeQuery(
        user_id=user_id,
        text=text,
        skills_wanted=frozenset(wants),
        languages=EN,
        years_experience=years,
        seniority_preference="peer",
    )
    return record, query


def cohort():
    people = [
        person(1, teaches={DESIGN}, wants={PYTHON}, years=4, text="product design research"),
        person(2, teaches={PYTHON}, wants={DESIGN}, years=5, text="python backend services"),
        person(3, teaches={PYTHON}, wants={SPEAKING}, years=4, text="python data pipelines"),
        person(4, teaches={SQL, SPEAKING}, wants={PYTHON, DESIGN}, years=20, text="sql warehouse"),
        person(5, teaches={SPEAKING}, wants={SQL}, years=3, text="public speaking coaching"),
    ]
    index = MentorIndex.build([record for record, _ in people], build_number=1)
    queries = {query.user_id: query for _, query in people}
    return index, queries


def view_of(index, queries, user_id):
    others = {uid: query for uid, query in queries.items() if uid != user_id}
    return peer_rank(index, queries[user_id], others)


def test_a_sees_b_with_exactly_the_score_b_sees_a_with():
    index, queries = cohort()
    scores = {
        (user_id, int(index.user_ids[match.row])): match.score
        for user_id in queries
        for match in view_of(index, queries, user_id).peers
    }
    assert len(scores) == 5 * 4  # everyone sees everyone else
    for a, b in itertools.permutations(queries, 2):
        assert scores[(a, b)] == scores[(b, a)]


def test_nobody_is_suggested_to_themself():
    index, queries = cohort()
    for user_id in queries:
        seen = [int(index.user_ids[match.row]) for match in view_of(index, queries, user_id).peers]
        assert user_id not in seen


def test_complementary_skills_both_ways_beat_a_one_way_match():
    """Person 1 wants Python: 2 teaches it and wants the design 1 teaches; 3 teaches Python
    too but wants nothing 1 can give."""
    index, queries = cohort()
    ranking = view_of(index, queries, 1)
    order = [int(index.user_ids[match.row]) for match in ranking.peers]
    assert order.index(2) < order.index(3)
    by_user = {int(index.user_ids[match.row]): match for match in ranking.peers}
    # From 1's side alone the two are close; what 1 can give 2 makes the difference.
    assert by_user[2].theirs is not None and by_user[3].theirs is not None
    assert by_user[2].theirs.score > by_user[3].theirs.score


def test_a_similar_stage_scores_better_on_experience_than_a_senior():
    index, queries = cohort()
    by_user = {int(index.user_ids[match.row]): match for match in view_of(index, queries, 1).peers}
    assert by_user[2].mine.values["seniority"] > by_user[4].mine.values["seniority"]


def test_the_breakdown_adds_up_to_the_symmetric_score_and_gives_reasons_both_ways():
    index, queries = cohort()
    me = queries[1]
    others = {uid: query for uid, query in queries.items() if uid != 1}
    ranking = peer_rank(index, me, others)
    match = next(m for m in ranking.peers if int(index.user_ids[m.row]) == 2)
    breakdown = explain_peer(
        index, me, match, query_vector=index.vectorize(me.text), others=others, names=NAMES
    )
    total = sum(factor["points"] for factor in breakdown["factors"])
    assert total == pytest.approx(match.score, abs=0.1)
    assert breakdown["peer"]["for_you"] == match.mine.score
    assert match.score == pytest.approx(
        (breakdown["peer"]["for_you"] + breakdown["peer"]["for_them"]) / 2, abs=0.01
    )
    assert "Can help you with Python" in breakdown["reasons"]
    assert "You can help them with Design" in breakdown["reasons"]
    assert "A similar stage in your careers" in breakdown["reasons"]


def test_a_member_without_wishes_is_scored_on_the_other_side_alone():
    index, queries = cohort()
    others = {uid: query for uid, query in queries.items() if uid not in (1, 5)}
    ranking = peer_rank(index, queries[1], others)
    match = next(m for m in ranking.peers if int(index.user_ids[m.row]) == 5)
    assert match.theirs is None
    assert match.score == pytest.approx(match.mine.score / 2, abs=0.01)


def test_excluded_peers_are_not_suggested_and_someone_alone_gets_nobody():
    index, queries = cohort()
    excluded = MenteeQuery(**{**queries[1].__dict__, "excluded_mentor_ids": frozenset({1002})})
    others = {uid: query for uid, query in queries.items() if uid != 1}
    seen = [int(index.user_ids[m.row]) for m in peer_rank(index, excluded, others).peers]
    assert sorted(seen) == [3, 4, 5]
    record, query = person(9, teaches={SQL}, wants={PYTHON}, years=1, text="sql")
    alone = MentorIndex.build([record], build_number=1)
    assert peer_rank(alone, query, {}).peers == []

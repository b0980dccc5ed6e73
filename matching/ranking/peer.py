"""Peer mentoring: a symmetric match score, s(a, b) = s(b, a), for programs where everyone
is both mentor and mentee.

Each person is scored twice against the other with the ordinary (directed) ranker: how well
b suits what a wants to learn, d(a→b), and how well a suits what b wants to learn, d(b→a).
The peer score is their mean, (d(a→b) + d(b→a)) / 2, so complementary skills count both
ways, and it is the same number whichever of the two looks: both directions are always
computed by the same full pass over the index (`weighted_scores`) with the same inputs, and
the sum of two floats does not depend on their order. The experience factor compares like
with like here (the queries carry `seniority_preference="peer"`: a similar stage scores best).

Cost: one pass over the program per other member, O(n²) for n members; peer programs are
cohorts of tens to a few hundred people, where this stays well under a second.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matching.ranking.explanation import FACTOR_LABELS, Names, labels_of, shared_words
from matching.ranking.index import MentorIndex, QueryVector
from matching.ranking.records import MenteeQuery
from matching.ranking.scoring import (
    DEFAULT_WEIGHTS,
    FACTORS,
    ScoredMentor,
    _top_k,
    applicable_factors,
    eligible_mask,
    factor_values,
    validate_weights,
    weighted_scores,
)


@dataclass(frozen=True)
class PeerMatch:
    """One suggested peer: the symmetric score and both directed halves it came from."""

    mentor_id: int
    row: int
    score: float
    mine: ScoredMentor  # how well they suit what I want to learn, d(me→them)
    theirs: ScoredMentor | None  # how well I suit what they want to learn (None: no wishes)


@dataclass(frozen=True)
class PeerRanking:
    build_number: int
    eligible: int
    peers: list[PeerMatch] = field(default_factory=list)


def own_row(index: MentorIndex, user_id: int) -> int | None:
    """This person's active row as a mentor, or None (they cannot teach anyone here)."""
    rows = [row for row in index.rows_of_user.get(user_id, []) if index.active[row]]
    return rows[0] if rows else None


def directed_scores(
    index: MentorIndex,
    query: MenteeQuery,
    weights: Mapping[str, float],
    vector: QueryVector | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64], dict[str, float]]:
    """d(query→row) for every row (no hard filters), the text scores and applied weights."""
    chosen = validate_weights(weights)
    vector = vector if vector is not None else index.vectorize(query.text)
    text = index.text_scores(vector)
    applicable = applicable_factors(query, chosen)
    return weighted_scores(index, query, text, applicable), text, applicable


def peer_rank(
    index: MentorIndex,
    me: MenteeQuery,
    others: Mapping[int, MenteeQuery],
    *,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    k: int = 20,
    query_vector: QueryVector | None = None,
) -> PeerRanking:
    """The top `k` peers for `me` by the symmetric score, best first (ties by mentor id).

    `others` maps each other member's user id to their query as someone who wants to learn
    (members without one are scored on `me`'s wishes alone, their half being 0). The hard
    filters are `me`'s (never yourself, exclusions, open and accepting rows).
    """
    ok = eligible_mask(index, me)
    eligible = int(np.count_nonzero(ok))
    if eligible == 0:
        return PeerRanking(build_number=index.build_number, eligible=0)
    mine, text, applicable = directed_scores(index, me, weights, query_vector)
    my_row = own_row(index, me.user_id)
    theirs = np.zeros(len(index), dtype=np.float64)
    their_half: dict[int, tuple[MenteeQuery, NDArray[np.float64], dict[str, float]]] = {}
    if my_row is not None:
        for row in np.flatnonzero(ok).tolist():
            other = others.get(int(index.user_ids[row]))
            if other is None:
                continue
            scores, their_text, their_weights = directed_scores(index, other, weights)
            theirs[row] = scores[my_row]
            their_half[row] = (other, their_text, their_weights)
    combined = (mine + theirs) / 2.0
    np.copyto(combined, -np.inf, where=~ok)
    top = _top_k(combined, index.ids, min(k, eligible))
    my_values = factor_values(index, me, text, top)
    peers = []
    for position, row in enumerate(top.tolist()):
        mine_scored = ScoredMentor(
            mentor_id=int(index.ids[row]),
            row=row,
            score=round(float(mine[row]), 2),
            values={name: round(float(my_values[name][position]), 4) for name in applicable},
            weights=dict(applicable),
        )
        theirs_scored = None
        if row in their_half and my_row is not None:
            other, their_text, their_weights = their_half[row]
            values = factor_values(index, other, their_text, np.array([my_row], dtype=np.int64))
            theirs_scored = ScoredMentor(
                mentor_id=int(index.ids[my_row]),
                row=my_row,
                score=round(float(theirs[row]), 2),
                values={name: round(float(values[name][0]), 4) for name in their_weights},
                weights=dict(their_weights),
            )
        peers.append(
            PeerMatch(
                mentor_id=int(index.ids[row]),
                row=row,
                score=round(float(combined[row]), 2),
                mine=mine_scored,
                theirs=theirs_scored,
            )
        )
    return PeerRanking(build_number=index.build_number, eligible=eligible, peers=peers)


def explain_peer(
    index: MentorIndex,
    me: MenteeQuery,
    match: PeerMatch,
    *,
    query_vector: QueryVector,
    others: Mapping[int, MenteeQuery],
    names: Names | None = None,
) -> dict[str, Any]:
    """The stored breakdown of a peer suggestion: factors that add up to the symmetric score
    (each the mean of its points in both directions), both halves, and reasons both ways."""
    points: dict[str, float] = dict.fromkeys(FACTORS, 0.0)
    values: dict[str, list[float]] = {}
    for half in (match.mine, match.theirs):
        if half is None:
            continue
        for name, share in half.contributions().items():
            points[name] += share / 2.0
            values.setdefault(name, []).append(half.values[name])
    factors = [
        {
            "factor": name,
            "label": FACTOR_LABELS[name],
            "value": round(sum(values[name]) / len(values[name]), 4),
            "points": round(points[name], 2),
        }
        for name in FACTORS
        if name in values
    ]
    factors.sort(key=lambda factor: -points[str(factor["factor"])])
    other = others.get(int(index.user_ids[match.row]))
    return {
        "factors": factors,
        "reasons": peer_reasons(index, me, match, query_vector, other, names or Names()),
        "peer": {
            "for_you": match.mine.score,
            "for_them": match.theirs.score if match.theirs is not None else 0.0,
        },
    }


def peer_reasons(
    index: MentorIndex,
    me: MenteeQuery,
    match: PeerMatch,
    query_vector: QueryVector,
    other: MenteeQuery | None,
    names: Names,
) -> list[str]:
    """Sentences both ways: what they can teach me, what I can teach them, and what we share."""
    row = match.row
    said: list[str] = []
    they_teach = labels_of(names.skills, sorted(me.skills_wanted & index.skill_sets[row]), "skill")
    if they_teach:
        said.append(f"Can help you with {they_teach}")
    my_row = own_row(index, me.user_id)
    if other is not None and my_row is not None:
        wanted = sorted(other.skills_wanted & index.skill_sets[my_row])
        i_teach = labels_of(names.skills, wanted, "skill")
        if i_teach:
            said.append(f"You can help them with {i_teach}")
    areas = labels_of(names.areas, sorted(me.goal_areas & index.area_sets[row]), "area")
    if areas:
        said.append(f"Experienced in {areas}")
    years = index.years[row]
    known = not np.isnan(years) and me.years_experience is not None
    if known and abs(float(years) - (me.years_experience or 0.0)) <= 2:
        said.append("A similar stage in your careers")
    words = shared_words(index, query_vector, row)
    if words and match.mine.values.get("text", 0) > 0.05:
        said.append("You both mention " + ", ".join(words))
    if abs(float(index.utc_offset[row]) - me.utc_offset_hours) < 0.5:
        said.append("Same time zone")
    return said

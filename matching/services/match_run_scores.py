"""Scores of a cohort run: who may be paired with whom, how well, and why, from the ranker.

The cohort sees exactly what suggestions see: the program's mentor index, each mentee's
query (so mentors they excluded, blocked or are already matched with are not allowed, and
nor are mentors who stopped accepting), and the run's weights. A pair's explanation is
the suggestions' one (`matching.ranking.explanation`), so an admin reads the same reasons
a mentee would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matching.index_cache import current_index
from matching.ranking.assignment import ranker_scores
from matching.ranking.assignment_metrics import UnmatchedReason
from matching.ranking.explanation import Names, explain
from matching.ranking.index import MentorIndex
from matching.ranking.records import MenteeQuery
from matching.ranking.scoring import (
    ScoredMentor,
    applicable_factors,
    factor_values,
    validate_weights,
)
from matching.records import mentee_query, vocabulary_names
from mentorship.models import MenteeParticipation, Program

# Called with (done, total) while mentee queries are read: the slow, per-mentee part.
Progress = Callable[[int, int], None]


@dataclass
class CohortScores:
    """Mentees × chosen mentors: the ranker's score of every allowed pair (others absent)."""

    index: MentorIndex
    mentees: list[MenteeParticipation]
    queries: list[MenteeQuery]
    mentor_ids: list[int]  # column order
    rows: NDArray[np.int64]  # each column's row in the index
    scores: sp.csr_matrix
    weights: dict[str, float]
    names: Names

    def score(self, mentee: int, mentor: int) -> float | None:
        """The score of (mentee position, mentor column), or None when the pair is not allowed."""
        row = self.scores.getrow(mentee)
        hit = np.flatnonzero(row.indices == mentor)
        return float(row.data[hit[0]]) if hit.size else None

    def explain(self, mentee: int, mentor: int, score: float) -> dict[str, Any]:
        """The stored breakdown of one pair: factors with points, and reasons in plain words."""
        return explain_pair(
            self.index,
            self.queries[mentee],
            int(self.rows[mentor]),
            score,
            weights=self.weights,
            names=self.names,
        )

    def unmatched_detail(self, mentee: int, reason: UnmatchedReason) -> str:
        """Which hard filter left a mentee without any allowed pair ("" for other reasons)."""
        if reason != UnmatchedReason.NO_ALLOWED_PAIR:
            return ""
        languages = self.queries[mentee].languages
        if languages and not self.index.speaks(languages)[self.rows].any():
            return "language"
        return "excluded"


def cohort_scores(
    *,
    program: Program,
    mentees: Sequence[MenteeParticipation],
    mentor_ids: Sequence[int],
    weights: Mapping[str, float],
    progress: Progress | None = None,
) -> CohortScores:
    """Score every mentee against the chosen mentors found in the program's index."""
    index = current_index(program)
    chosen = [mentor_id for mentor_id in mentor_ids if mentor_id in index.row_of]
    rows = np.asarray([index.row_of[mentor_id] for mentor_id in chosen], dtype=np.int64)
    queries = []
    for done, mentee in enumerate(mentees, start=1):
        queries.append(mentee_query(mentee))
        if progress is not None:
            progress(done, len(mentees))
    checked = validate_weights(weights)
    everyone = ranker_scores(index, queries, weights=checked)
    scores = sp.csr_matrix(everyone[:, rows]) if rows.size else sp.csr_matrix((len(queries), 0))
    return CohortScores(
        index=index,
        mentees=list(mentees),
        queries=queries,
        mentor_ids=chosen,
        rows=rows,
        scores=scores,
        weights=checked,
        names=vocabulary_names(),
    )


def explain_pair(
    index: MentorIndex,
    query: MenteeQuery,
    row: int,
    score: float,
    *,
    weights: Mapping[str, float],
    names: Names,
) -> dict[str, Any]:
    """The breakdown `scoring.rank` would give this mentor, for a pair chosen by the solver."""
    vector = index.vectorize(query.text)
    text = index.text_scores(vector)
    applicable = applicable_factors(query, validate_weights(weights))
    values = factor_values(index, query, text, np.asarray([row], dtype=np.int64))
    scored = ScoredMentor(
        mentor_id=int(index.ids[row]),
        row=row,
        score=stored_score(score),
        values={name: round(float(values[name][0]), 4) for name in applicable},
        weights=dict(applicable),
    )
    return explain(index, query, scored, query_vector=vector, names=names)


def stored_score(score: float) -> float:
    """Scores are 0–100; round as suggestions do and clip float noise at the ends."""
    return min(100.0, max(0.0, round(score, 2)))


@dataclass(frozen=True)
class PairScore:
    score: float
    breakdown: dict[str, Any]


def score_one_pair(
    *, program: Program, mentee: MenteeParticipation, mentor_id: int, weights: Mapping[str, float]
) -> PairScore | None:
    """One pair scored now, as a run would score it; None when the pair is not allowed.

    Used when an admin moves a mentee to another mentor: the new pair must be one the
    ranker allows, and it carries its own score and reasons.
    """
    found = cohort_scores(
        program=program, mentees=[mentee], mentor_ids=[mentor_id], weights=weights
    )
    if not found.mentor_ids:
        return None
    score = found.score(0, 0)
    if score is None:
        return None
    return PairScore(score=stored_score(score), breakdown=found.explain(0, 0, score))

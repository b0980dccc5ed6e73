"""The synthetic cohort with planted preferences (shared/SYNTHETIC_COHORT.md).

A pure function of its parameters and seed. Benchmarks and quality figures of the ranker,
the cohort solver and the learning loop all use it, so their numbers mean the same thing.
The ranker only ever sees texts, languages, time zones and experience; the hidden needs,
expertise weights and noise stay here and define the relevance grades.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matching.ranking.records import MenteeQuery, MentorRecord

TOPICS = 40
WORDS_PER_TOPIC = 150
GENERAL_WORDS = 2000
ZIPF_EXPONENT = 1.1
OTHER_LANGUAGES = ("es", "fr", "de", "pt", "zh", "hi", "ar")
MENTOR_TOKENS = 60
MENTEE_TOKENS = 40


@dataclass(frozen=True)
class Cohort:
    mentors: list[MentorRecord]
    mentees: list[MenteeQuery]
    # Hidden truth: rows = mentees, columns = mentors; NaN where no shared language.
    true_fit: NDArray[np.float64]

    def grades(self) -> NDArray[np.int64]:
        """Relevance of each mentor for each mentee among its eligible mentors:
        3 for the top 1% by true fit, 2 for the next 4%, 1 for the next 10%, else 0."""
        grades = np.zeros(self.true_fit.shape, dtype=np.int64)
        for i, fits in enumerate(self.true_fit):
            eligible = np.flatnonzero(~np.isnan(fits))
            if eligible.size == 0:
                continue
            order = eligible[np.argsort(-fits[eligible], kind="stable")]
            n = order.size
            cuts = [int(np.ceil(n * share)) for share in (0.01, 0.05, 0.15)]
            grades[i, order[: cuts[0]]] = 3
            grades[i, order[cuts[0] : cuts[1]]] = 2
            grades[i, order[cuts[1] : cuts[2]]] = 1
        return grades

    def outcome_probability(self) -> NDArray[np.float64]:
        """Chance that a relationship of the pair turns out well: 1 / (1 + e^(−10 (fit − 0.3)))."""
        return good_outcome_probability(np.nan_to_num(self.true_fit, nan=0.0))


def good_outcome_probability(fit: NDArray[np.float64]) -> NDArray[np.float64]:
    """1 / (1 + e^(−10 (fit − 0.3))): the spec's link from true fit to a good outcome, shared
    with the demo history so its outcomes follow a hidden fit the same way."""
    result: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-10.0 * (fit - 0.3)))
    return result


class _Vocabulary:
    def __init__(self, rng: np.random.Generator) -> None:
        topic_words = [
            [f"t{topic}w{word}" for word in rng.permutation(WORDS_PER_TOPIC)]
            for topic in range(TOPICS)
        ]
        general_words = [f"g{word}" for word in rng.permutation(GENERAL_WORDS)]
        # One flat list: topic t's word of Zipf rank r is at t * 150 + r, general words after.
        self.words = np.array([w for words in topic_words for w in words] + general_words)
        self.topic_cdf = np.cumsum(_zipf(WORDS_PER_TOPIC))
        self.general_cdf = np.cumsum(_zipf(GENERAL_WORDS))

    def texts(
        self,
        rng: np.random.Generator,
        weights: NDArray[np.float64],
        tokens: int,
        topical: float,
        chunk: int = 4000,
    ) -> list[str]:
        """One text per row of `weights` (topic weights): `tokens` words, each a topic word
        (topic drawn by the weights, word by Zipf rank) with probability `topical`, else a
        general word. Drawn in chunks of rows, vectorised: 100,000 profiles in seconds."""
        texts: list[str] = []
        cdf_all = np.cumsum(weights, axis=1)
        for start in range(0, weights.shape[0], chunk):
            cdf = cdf_all[start : start + chunk]
            rows = cdf.shape[0]
            is_topical = rng.random((rows, tokens)) < topical
            pick = rng.random((rows, tokens)) * cdf[:, -1:]
            topic = np.minimum((pick[:, :, None] > cdf[:, None, :]).sum(axis=2), TOPICS - 1)
            topic_rank = np.searchsorted(
                self.topic_cdf, rng.random((rows, tokens)) * self.topic_cdf[-1]
            )
            topic_rank = np.minimum(topic_rank, WORDS_PER_TOPIC - 1)
            general_rank = np.searchsorted(
                self.general_cdf, rng.random((rows, tokens)) * self.general_cdf[-1]
            )
            general_rank = np.minimum(general_rank, GENERAL_WORDS - 1)
            index = np.where(
                is_topical,
                topic * WORDS_PER_TOPIC + topic_rank,
                TOPICS * WORDS_PER_TOPIC + general_rank,
            )
            texts.extend(" ".join(row) for row in self.words[index].tolist())
        return texts


def _zipf(n: int) -> NDArray[np.float64]:
    p: NDArray[np.float64] = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** ZIPF_EXPONENT
    return p / float(p.sum())


def _topic_weights(
    rng: np.random.Generator, people: int, low: int, high: int
) -> NDArray[np.float64]:
    """Each person: `low`–`high` distinct topics, weights from a flat Dirichlet (rows sum to 1)."""
    counts = rng.integers(low, high + 1, size=people)
    order = rng.random((people, TOPICS)).argsort(axis=1)
    chosen = np.arange(TOPICS)[None, :] < counts[:, None]
    weights = np.zeros((people, TOPICS))
    draws = rng.exponential(size=(people, TOPICS)) * chosen  # Dirichlet(1) = normalised Exp(1)
    np.put_along_axis(weights, order, draws, axis=1)
    weights /= weights.sum(axis=1, keepdims=True)
    return weights


def _language_masks(rng: np.random.Generator, people: int, max_others: int) -> NDArray[np.int64]:
    """Bit 0 = English (probability 0.7), then 0–`max_others` of the others; at least one."""
    english = rng.random(people) < 0.7
    others = rng.integers(0, max_others + 1, size=people)
    order = rng.random((people, len(OTHER_LANGUAGES))).argsort(axis=1)
    picked = np.zeros((people, len(OTHER_LANGUAGES)), dtype=bool)
    np.put_along_axis(
        picked, order, np.arange(len(OTHER_LANGUAGES))[None, :] < others[:, None], axis=1
    )
    fallback = rng.integers(0, len(OTHER_LANGUAGES), size=people)
    nothing = ~english & ~picked.any(axis=1)
    picked[np.flatnonzero(nothing), fallback[nothing]] = True
    bits: NDArray[np.int64] = english.astype(np.int64) | (
        picked.astype(np.int64) << np.arange(1, 8)
    ).sum(axis=1)
    return bits


def _spoken(bits: int) -> frozenset[str]:
    codes = ("en", *OTHER_LANGUAGES)
    return frozenset(code for position, code in enumerate(codes) if bits >> position & 1)


def generate(*, mentors: int, mentees: int, seed: int = 0) -> Cohort:
    """Build the cohort: the same parameters and seed always give the same cohort."""
    rng = np.random.default_rng(seed)
    vocabulary = _Vocabulary(rng)

    expertise = _topic_weights(rng, mentors, 2, 4)
    mentor_bits = _language_masks(rng, mentors, max_others=2)
    mentor_tz = rng.integers(-10, 13, size=mentors).astype(np.float64)
    mentor_years = rng.integers(3, 31, size=mentors)
    capacities = rng.integers(1, 6, size=mentors)
    mentor_texts = vocabulary.texts(rng, expertise, MENTOR_TOKENS, topical=0.7)
    spoken_by_bits: dict[int, frozenset[str]] = {}
    mentor_records = [
        MentorRecord(
            id=j + 1,
            user_id=1_000_000 + j,
            text=mentor_texts[j],
            languages=spoken_by_bits.setdefault(int(mentor_bits[j]), _spoken(int(mentor_bits[j]))),
            utc_offset_hours=float(mentor_tz[j]),
            years_experience=float(mentor_years[j]),
            capacity_total=int(capacities[j]),
            capacity_remaining=int(capacities[j]),
        )
        for j in range(mentors)
    ]

    needs = _topic_weights(rng, mentees, 1, 3)
    mentee_bits = _language_masks(rng, mentees, max_others=1)
    mentee_tz = rng.integers(-10, 13, size=mentees).astype(np.float64)
    mentee_years = rng.integers(0, 11, size=mentees)
    mentee_texts = vocabulary.texts(rng, needs, MENTEE_TOKENS, topical=0.6)
    mentee_queries = [
        MenteeQuery(
            user_id=2_000_000 + i,
            text=mentee_texts[i],
            languages=spoken_by_bits.setdefault(int(mentee_bits[i]), _spoken(int(mentee_bits[i]))),
            utc_offset_hours=float(mentee_tz[i]),
            years_experience=float(mentee_years[i]),
        )
        for i in range(mentees)
    ]

    cosine = (needs / np.linalg.norm(needs, axis=1, keepdims=True)) @ (
        expertise / np.linalg.norm(expertise, axis=1, keepdims=True)
    ).T
    distance = np.abs(mentee_tz[:, None] - mentor_tz[None, :])
    fit = cosine * np.exp(-distance / 8.0) + rng.normal(0.0, 0.05, size=cosine.shape)
    shares_language = (mentee_bits[:, None] & mentor_bits[None, :]) != 0
    fit = np.where(shares_language, fit, np.nan)
    return Cohort(mentors=mentor_records, mentees=mentee_queries, true_fit=fit)

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
        fit = np.nan_to_num(self.true_fit, nan=0.0)
        return 1.0 / (1.0 + np.exp(-10.0 * (fit - 0.3)))


class _Vocabulary:
    def __init__(self, rng: np.random.Generator) -> None:
        self.topic_words = [
            [f"t{topic}w{word}" for word in rng.permutation(WORDS_PER_TOPIC)]
            for topic in range(TOPICS)
        ]
        self.general_words = [f"g{word}" for word in rng.permutation(GENERAL_WORDS)]
        self.topic_p = _zipf(WORDS_PER_TOPIC)
        self.general_p = _zipf(GENERAL_WORDS)

    def text(
        self,
        rng: np.random.Generator,
        topics: NDArray[np.int64],
        weights: NDArray[np.float64],
        tokens: int,
        topical: float,
    ) -> str:
        """`tokens` words: topic words (drawn by `weights`) with probability `topical`."""
        is_topical = rng.random(tokens) < topical
        n_topical = int(is_topical.sum())
        topic_of = topics[rng.choice(topics.size, size=n_topical, p=weights)]
        topic_rank = rng.choice(WORDS_PER_TOPIC, size=n_topical, p=self.topic_p)
        general_rank = rng.choice(GENERAL_WORDS, size=tokens - n_topical, p=self.general_p)
        topic_words = iter(
            self.topic_words[t][r]
            for t, r in zip(topic_of.tolist(), topic_rank.tolist(), strict=True)
        )
        general_words = iter(self.general_words[r] for r in general_rank.tolist())
        return " ".join(next(topic_words) if flag else next(general_words) for flag in is_topical)


def _zipf(n: int) -> NDArray[np.float64]:
    p: NDArray[np.float64] = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** ZIPF_EXPONENT
    return p / float(p.sum())


def _languages(rng: np.random.Generator, max_others: int) -> frozenset[str]:
    spoken = {"en"} if rng.random() < 0.7 else set()
    others = rng.choice(len(OTHER_LANGUAGES), size=rng.integers(0, max_others + 1), replace=False)
    spoken |= {OTHER_LANGUAGES[i] for i in others}
    if not spoken:
        spoken = {OTHER_LANGUAGES[int(rng.integers(len(OTHER_LANGUAGES)))]}
    return frozenset(spoken)


def generate(*, mentors: int, mentees: int, seed: int = 0) -> Cohort:
    """Build the cohort: the same parameters and seed always give the same cohort."""
    rng = np.random.default_rng(seed)
    vocabulary = _Vocabulary(rng)

    expertise = np.zeros((mentors, TOPICS))
    mentor_records = []
    mentor_tz = np.zeros(mentors)
    mentor_languages = []
    for j in range(mentors):
        topics = rng.choice(TOPICS, size=int(rng.integers(2, 5)), replace=False)
        weights = rng.dirichlet(np.ones(topics.size))
        expertise[j, topics] = weights
        languages = _languages(rng, max_others=2)
        tz = int(rng.integers(-10, 13))
        mentor_tz[j] = tz
        mentor_languages.append(languages)
        mentor_records.append(
            MentorRecord(
                id=j + 1,
                user_id=1_000_000 + j,
                text=vocabulary.text(rng, topics, weights, MENTOR_TOKENS, topical=0.7),
                languages=languages,
                utc_offset_hours=float(tz),
                years_experience=float(rng.integers(3, 31)),
                capacity_total=int(rng.integers(1, 6)),
                capacity_remaining=0,
            )
        )
    mentor_records = [
        MentorRecord(**{**record.__dict__, "capacity_remaining": record.capacity_total})
        for record in mentor_records
    ]

    needs = np.zeros((mentees, TOPICS))
    mentee_queries = []
    mentee_tz = np.zeros(mentees)
    mentee_languages = []
    for i in range(mentees):
        topics = rng.choice(TOPICS, size=int(rng.integers(1, 4)), replace=False)
        weights = rng.dirichlet(np.ones(topics.size))
        needs[i, topics] = weights
        languages = _languages(rng, max_others=1)
        tz = int(rng.integers(-10, 13))
        mentee_tz[i] = tz
        mentee_languages.append(languages)
        mentee_queries.append(
            MenteeQuery(
                user_id=2_000_000 + i,
                text=vocabulary.text(rng, topics, weights, MENTEE_TOKENS, topical=0.6),
                languages=languages,
                utc_offset_hours=float(tz),
                years_experience=float(rng.integers(0, 11)),
            )
        )

    cosine = (needs / np.linalg.norm(needs, axis=1, keepdims=True)) @ (
        expertise / np.linalg.norm(expertise, axis=1, keepdims=True)
    ).T
    distance = np.abs(mentee_tz[:, None] - mentor_tz[None, :])
    fit = cosine * np.exp(-distance / 8.0) + rng.normal(0.0, 0.05, size=cosine.shape)
    bits = {code: 1 << position for position, code in enumerate(("en", *OTHER_LANGUAGES))}
    mentor_bits = np.array([sum(bits[c] for c in spoken) for spoken in mentor_languages])
    mentee_bits = np.array([sum(bits[c] for c in spoken) for spoken in mentee_languages])
    shares_language = (mentee_bits[:, None] & mentor_bits[None, :]) != 0
    fit = np.where(shares_language, fit, np.nan)
    return Cohort(mentors=mentor_records, mentees=mentee_queries, true_fit=fit)

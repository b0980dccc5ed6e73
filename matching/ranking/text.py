"""Text handling shared by the index and the explanations: one tokenizer, one vectorizer."""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

# Words of two letters or more, digits allowed ("c++" loses its pluses: fine for matching).
TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # noqa: S105 - a regex, not a password
_TOKEN = re.compile(TOKEN_PATTERN)

# A small stop list: the words people use in every goal and every bio. Kept short and
# language-neutral on purpose: synthetic cohorts use made-up tokens, real ones English.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "do",
        "for",
        "from",
        "get",
        "have",
        "help",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "more",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "up",
        "want",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens minus stop words, the same way the vectorizer sees them."""
    return [token for token in _TOKEN.findall(text.lower()) if token not in STOP_WORDS]


def make_vectorizer() -> TfidfVectorizer:
    """TF-IDF with sublinear term frequency and L2-normalised rows (cosine = dot product)."""
    return TfidfVectorizer(
        token_pattern=TOKEN_PATTERN,
        lowercase=True,
        stop_words=sorted(STOP_WORDS),
        sublinear_tf=True,
        min_df=1,
        norm="l2",
        dtype=np.float64,
    )

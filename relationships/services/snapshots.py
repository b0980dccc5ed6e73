"""The match snapshot a caller (the matching app) hands over when a request is born."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Snapshot:
    score: float | None = None
    rank: int | None = None
    breakdown: dict[str, Any] = field(default_factory=dict)
    ranker_version: str = ""

    def as_fields(self) -> dict[str, Any]:
        """The model fields of `MatchSnapshot`."""
        return {
            "match_score": self.score,
            "match_rank": self.rank,
            "match_breakdown": self.breakdown,
            "ranker_version": self.ranker_version,
        }

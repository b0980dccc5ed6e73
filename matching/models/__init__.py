"""Models of the matching app, one module per concept."""

from matching.models.match_runs import MatchRun, ProposedPair
from matching.models.ranker import IndexBuild, RankerModel
from matching.models.suggestions import Dismissal, Impression, Suggestion, SuggestionList

__all__ = [
    "Dismissal",
    "Impression",
    "IndexBuild",
    "MatchRun",
    "ProposedPair",
    "RankerModel",
    "Suggestion",
    "SuggestionList",
]

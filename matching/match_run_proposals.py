"""Reading a cohort proposal for people: pairs, unmatched mentees and why, metrics, comparisons.

The pages and the API show the same figures. A proposal an admin has edited reports its
current figures (matched, scores, places used); stability and mentor loads are the
solver's, labelled as such, since recomputing them would need the whole score matrix.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching.models import MatchRun, ProposedPair
from matching.ranking.assignment_metrics import UnmatchedReason
from mentorship.models import MenteeParticipation

UNMATCHED_LABELS = {
    (UnmatchedReason.NO_ALLOWED_PAIR.value, "language"): gettext_lazy(
        "No chosen mentor speaks a language they asked for."
    ),
    (UnmatchedReason.NO_ALLOWED_PAIR.value, "excluded"): gettext_lazy(
        "Every chosen mentor is ruled out for them (an open request, an earlier pairing that "
        "was not a good fit, a block, or a dismissed suggestion)."
    ),
    (UnmatchedReason.BELOW_MIN_SCORE.value, ""): gettext_lazy(
        "Every mentor who suits them scores below the minimum score."
    ),
    (UnmatchedReason.MENTORS_FULL.value, ""): gettext_lazy(
        "All the mentors who suit them are full."
    ),
    (UnmatchedReason.NOT_CHOSEN.value, ""): gettext_lazy(
        "Left out by the objective: matching them would lower the result."
    ),
}


def unmatched_label(reason: str, detail: str = "") -> str:
    label = UNMATCHED_LABELS.get((reason, detail)) or UNMATCHED_LABELS.get((reason, ""))
    return str(label) if label else reason


def run_pairs(run: MatchRun) -> list[ProposedPair]:
    """Every pair of the run with both people's names: two tables' worth in one query."""
    return list(
        ProposedPair.objects.filter(run=run)
        .select_related("mentee__membership__user", "mentor__membership__user")
        .order_by("mentee__membership__user__display_name", "pk")
    )


def unmatched_mentees(run: MatchRun) -> list[dict[str, Any]]:
    """The mentees the proposal leaves waiting, with the reason in plain words."""
    ids = [item["mentee_id"] for item in run.unmatched]
    mentees = MenteeParticipation.objects.select_related("membership__user").in_bulk(ids)
    return [
        {
            "mentee": mentees[item["mentee_id"]],
            "reason": item["reason"],
            "detail": item.get("detail", ""),
            "label": unmatched_label(item["reason"], item.get("detail", "")),
        }
        for item in run.unmatched
        if item["mentee_id"] in mentees
    ]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def figures(run: MatchRun) -> dict[str, Any]:
    """The run's figures as they stand now: the solver's, overlaid with edits if any."""
    metrics = dict(run.metrics)
    metrics.update(metrics.get("current", {}))
    return metrics


def metric_rows(run: MatchRun) -> list[tuple[str, str]]:
    """(label, value) rows of the proposal's metrics, for tables."""
    current = figures(run)
    if not current:
        return []
    loads = current.get("load_counts", {})
    load_text = ", ".join(
        _("%(n)s with %(load)s") % {"n": count, "load": load}
        for load, count in sorted(loads.items(), key=lambda item: int(item[0]))
    )
    return [
        (_("Mentees in the run"), str(current.get("mentees", 0))),
        (_("Matched"), str(current.get("matched", 0))),
        (_("Coverage"), _percent(current.get("coverage"))),
        (_("Total score"), _number(current.get("total_score"))),
        (_("Mean score"), _number(current.get("mean_score"))),
        (_("Lowest score"), _number(current.get("lowest_score"))),
        (
            _("Places used"),
            _("%(used)s of %(total)s")
            % {"used": current.get("capacity_used", 0), "total": current.get("capacity_total", 0)},
        ),
        (_("Mentors by number of mentees (as proposed)"), load_text or "—"),
        (_("Blocking pairs (as proposed)"), str(current.get("blocking_pairs", 0))),
    ]


def proposal_context(run: MatchRun) -> dict[str, Any]:
    pairs = run_pairs(run)
    return {
        "pairs": pairs,
        "active_pairs": sum(1 for pair in pairs if pair.is_active),
        "unmatched": unmatched_mentees(run),
        "metric_rows": metric_rows(run),
    }


def _mentors_by_mentee(pairs: list[ProposedPair]) -> dict[int, ProposedPair]:
    return {pair.mentee_id: pair for pair in pairs if pair.is_active}


def compare_runs(first: MatchRun, second: MatchRun) -> dict[str, Any]:
    """Both runs' metrics side by side, and each mentee whose mentor differs between them."""
    rows_a, rows_b = metric_rows(first), metric_rows(second)
    rows = [
        (label, value_a, value_b)
        for (label, value_a), (_label, value_b) in zip(rows_a, rows_b, strict=True)
    ]
    pairs_a = run_pairs(first)
    pairs_b = run_pairs(second)
    in_a, in_b = _mentors_by_mentee(pairs_a), _mentors_by_mentee(pairs_b)
    names = {pair.mentee_id: pair.mentee.membership.user.name for pair in pairs_a + pairs_b}
    changes = []
    for mentee_id in sorted(set(in_a) | set(in_b), key=lambda pk: (names[pk], pk)):
        a, b = in_a.get(mentee_id), in_b.get(mentee_id)
        if a is not None and b is not None and a.mentor_id == b.mentor_id:
            continue
        changes.append(
            {
                "mentee": names[mentee_id],
                "first": a.mentor.membership.user.name if a else None,
                "first_score": a.score if a else None,
                "second": b.mentor.membership.user.name if b else None,
                "second_score": b.score if b else None,
            }
        )
    same = sum(
        1 for pk, pair in in_a.items() if pk in in_b and in_b[pk].mentor_id == pair.mentor_id
    )
    return {"first": first, "second": second, "rows": rows, "changes": changes, "same": same}

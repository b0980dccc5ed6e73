"""Reading one participant CSV cell: controlled vocabularies, numbers, lists and goals.

Each parser returns the typed value or raises `ValueError` with the message the program
admin sees next to the line and column.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from mentorship.models import GoalArea, Industry, Language, MeetingMode, Skill
from mentorship.models.programs import MAX_CAPACITY, MIN_CAPACITY

LIST_SEPARATOR = ";"
GOAL_SEPARATOR = " | "
TEXT_LIMITS = {
    "name": 80,
    "headline": 140,
    "job_title": 120,
    "organisation": 120,
    "bio": 4000,
    "how_i_can_help": 2000,
}
GOAL_TEXT_LIMIT = 2000


@dataclass
class ParticipantRow:
    """One checked data row. `None` (or an absent key) means the cell was empty."""

    line: int
    email: str
    name: str
    roles: tuple[str, ...]
    time_zone: str | None = None
    # Profile columns present in the row: text as str, years/hours as int, industry as an
    # Industry, languages/skills as lists of terms, meeting modes as a list of values.
    profile: dict[str, Any] = field(default_factory=dict)
    goals: list[tuple[GoalArea, str]] | None = None
    capacity: int | None = None
    expertise: list[GoalArea] | None = None
    how_i_can_help: str | None = None


class Vocabulary:
    """The controlled lists, loaded once per file (four queries), keyed by slug and name."""

    def __init__(self) -> None:
        self.industries = _by_slug_and_name(Industry.objects.all())
        self.skills = _by_slug_and_name(Skill.objects.all())
        self.goal_areas = _by_slug_and_name(GoalArea.objects.all())
        self.languages: dict[str, Language] = {}
        for language in Language.objects.all():
            self.languages[language.code.lower()] = language
            self.languages.setdefault(language.name.lower(), language)
        self.time_zones = {name.lower(): name for name in zoneinfo.available_timezones()}


T = TypeVar("T")
Term = TypeVar("Term", Industry, Skill, GoalArea)


def _by_slug_and_name(terms: Iterable[Term]) -> dict[str, Term]:
    found: dict[str, Term] = {}
    for term in terms:
        found[term.slug.lower()] = term
        found.setdefault(term.name.lower(), term)
    return found


def set_cell(row: ParticipantRow, column: str, value: str, vocabulary: Vocabulary) -> None:
    """Parse one non-empty cell into `row`; a `ValueError` carries the message for the admin."""
    limit = TEXT_LIMITS.get(column)
    if limit is not None and len(value) > limit:
        raise ValueError(
            _("At most %(limit)d characters (this has %(length)d).")
            % {"limit": limit, "length": len(value)}
        )
    if column == "name":
        return  # already on the row
    if column in ("headline", "job_title", "organisation", "bio"):
        row.profile[column] = value
    elif column == "years_experience":
        row.profile[column] = _whole_number(value, 0, 70)
    elif column == "availability_hours_per_month":
        row.profile[column] = _whole_number(value, 0, 160)
    elif column == "industry":
        row.profile[column] = _term(value, vocabulary.industries, _("industry"))
    elif column == "languages":
        row.profile[column] = _terms(value, vocabulary.languages, _("language"))
    elif column == "skills":
        row.profile[column] = _terms(value, vocabulary.skills, _("skill"))
    elif column == "meeting_modes":
        row.profile[column] = _meeting_modes(value)
    elif column == "time_zone":
        zone = vocabulary.time_zones.get(value.lower())
        if zone is None:
            raise ValueError(
                _("Unknown time zone “%(value)s”; use a name such as Europe/Berlin.")
                % {"value": value}
            )
        row.time_zone = zone
    elif column == "goals":
        row.goals = _goals(value, vocabulary)
    elif column == "capacity":
        try:
            row.capacity = _whole_number(value, MIN_CAPACITY, MAX_CAPACITY)
        except ValueError:
            raise ValueError(_("Capacity must be a whole number from 1 to 20.")) from None
    elif column == "expertise":
        row.expertise = _terms(value, vocabulary.goal_areas, _("goal area"))
    elif column == "how_i_can_help":
        row.how_i_can_help = value


def _whole_number(value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise ValueError(
            _("“%(value)s” is not a whole number from %(low)d to %(high)d.")
            % {"value": value, "low": low, "high": high}
        )
    return number


def _term(value: str, known: dict[str, T], kind: str) -> T:
    term = known.get(value.strip().lower())
    if term is None:
        raise ValueError(
            _("Unknown %(kind)s “%(value)s”.") % {"kind": kind, "value": value.strip()}
        )
    return term


def _terms(value: str, known: dict[str, T], kind: str) -> list[T]:
    parts = [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
    unknown = [part for part in parts if part.lower() not in known]
    if unknown:
        raise ValueError(
            _("Unknown %(kind)s: %(values)s.") % {"kind": kind, "values": ", ".join(unknown)}
        )
    return list(dict.fromkeys(known[part.lower()] for part in parts))


def _meeting_modes(value: str) -> list[str]:
    modes = []
    for part in (part.strip() for part in value.split(LIST_SEPARATOR)):
        if not part:
            continue
        mode = part.lower().replace(" ", "_").replace("-", "_")
        if mode not in MeetingMode.values:
            raise ValueError(
                _("Unknown meeting mode “%(value)s”; use %(known)s.")
                % {"value": part, "known": ", ".join(MeetingMode.values)}
            )
        modes.append(mode)
    return list(dict.fromkeys(modes))


def _goals(value: str, vocabulary: Vocabulary) -> list[tuple[GoalArea, str]]:
    goals: list[tuple[GoalArea, str]] = []
    # Split on a bare "|" too: people type "a: x|b: y". A goal's text cannot contain "|".
    for number, part in enumerate(value.split(GOAL_SEPARATOR.strip()), start=1):
        area_name, separator, text = part.partition(":")
        text = text.strip()
        if not separator or not text:
            raise ValueError(
                _("Goal %(number)d: write it as “goal area: what they want to achieve”.")
                % {"number": number}
            )
        if len(text) > GOAL_TEXT_LIMIT:
            raise ValueError(
                _("Goal %(number)d: at most %(limit)d characters.")
                % {"number": number, "limit": GOAL_TEXT_LIMIT}
            )
        area = _term(area_name, vocabulary.goal_areas, _("goal area"))
        goals.append((area, text))
    return goals

"""The mentor directory: search a program's mentors by words and filters, in relevance order.

Everything here is portable SQL (LIKE, CASE, EXISTS), so the directory behaves the same on
SQLite (`make run`) and PostgreSQL. Free text matches `MentorParticipation.search_text`,
which the profile services keep up to date (lower-cased), so a term is matched with a
plain `contains`. The relevance score weights a term found in the name or the headline
above one found only somewhere in the search text (a bio, a skill), and ties go by name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from matching.directory_cache import PageRows, cached_page_rows
from mentorship.models import (
    GoalArea,
    Industry,
    Language,
    MentorParticipation,
    Profile,
    Program,
    Skill,
    User,
)
from mentorship.models.participation import MentorParticipationQuerySet
from relationships.models import Relationship

# Mentors per page, on the directory page and in the API.
PAGE_SIZE = 20
# More words than this add nothing a person means; they only make the query slower.
MAX_TERMS = 8
# The widest useful window: UTC-12 to UTC+14 is 26 hours, so ±12 h already covers most.
MAX_TZ_WINDOW_HOURS = 12

# Points a term earns per place it is found. Every listed mentor matches every term somewhere
# in the search text; these decide which of them come first.
NAME_WEIGHT = 8
HEADLINE_WEIGHT = 4
JOB_TITLE_WEIGHT = 2
HOW_I_CAN_HELP_WEIGHT = 1


def search_terms(q: str) -> list[str]:
    """The distinct lower-case words of a query, at most `MAX_TERMS` of them, in order."""
    words = [word.strip(".,;:!?\"'()") for word in q.lower().split()]
    return list(dict.fromkeys(word for word in words if word))[:MAX_TERMS]


def utc_offset(time_zone: str, *, at: dt.datetime) -> dt.timedelta:
    """The zone's offset from UTC at `at`; an unknown zone counts as UTC."""
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.timedelta(0)
    return at.astimezone(zone).utcoffset() or dt.timedelta(0)


def zones_within(*, offset: dt.timedelta, hours: int, at: dt.datetime) -> frozenset[str]:
    """Every IANA zone whose offset at `at` is within `hours` of `offset`.

    Offsets change with daylight saving time, so the set is computed for the moment of the
    search (to the hour, which is when zones change) rather than stored with each user.
    """
    return _zones_within(offset, hours, at.replace(minute=0, second=0, microsecond=0))


@lru_cache(maxsize=256)
def _zones_within(offset: dt.timedelta, hours: int, hour: dt.datetime) -> frozenset[str]:
    window = dt.timedelta(hours=hours)
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if abs(utc_offset(name, at=hour) - offset) <= window
    )


def _relevance(terms: Sequence[str]) -> Combinable:
    """Sum over terms of the weights of the fields each term is found in."""
    places = (
        ("membership__user__display_name", NAME_WEIGHT),
        ("membership__user__profile__headline", HEADLINE_WEIGHT),
        ("membership__user__profile__job_title", JOB_TITLE_WEIGHT),
        ("how_i_can_help", HOW_I_CAN_HELP_WEIGHT),
    )
    score: Combinable = Value(0)
    for term in terms:
        for field_name, weight in places:
            score = score + Case(
                When(**{f"{field_name}__icontains": term}, then=Value(weight)),
                default=Value(0),
                output_field=IntegerField(),
            )
    return score


def _has_skill(slug: str) -> Q:
    """The mentor teaches the skill or lists it on their profile."""
    taught = MentorParticipation.skills_taught.through.objects.filter(
        mentorparticipation_id=OuterRef("pk"), skill__slug=slug
    )
    on_profile = Profile.skills.through.objects.filter(
        profile__user_id=OuterRef("membership__user_id"), skill__slug=slug
    )
    return Q(Exists(taught)) | Q(Exists(on_profile))


def _speaks(code: str) -> Q:
    speaks = Profile.languages.through.objects.filter(
        profile__user_id=OuterRef("membership__user_id"), language_id=code
    )
    return Q(Exists(speaks))


def with_card_data(mentors: MentorParticipationQuerySet) -> MentorParticipationQuerySet:
    """Load what a mentor card shows in a fixed number of queries, whatever the page size.

    One query for the mentors (user, profile and industry joined in), one per list shown
    on a card (expertise, skills taught, profile skills, languages), each into a `*_list`
    attribute. Long texts nobody reads on a card are left in the database.
    """
    in_use = (
        Relationship.objects.filter(mentor=OuterRef("pk"), state__in=Relationship.CURRENT_STATES)
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        mentors.select_related("membership__user__profile__industry")
        .annotate(capacity_in_use=Coalesce(Subquery(in_use), 0))
        .defer("search_text", "how_i_can_help", "membership__user__profile__bio")
        .prefetch_related(
            Prefetch(
                "expertise_areas",
                queryset=GoalArea.objects.only("id", "slug", "name"),
                to_attr="expertise_list",
            ),
            Prefetch(
                "skills_taught",
                queryset=Skill.objects.only("id", "slug", "name"),
                to_attr="skills_taught_list",
            ),
            Prefetch(
                "membership__user__profile__skills",
                queryset=Skill.objects.only("id", "slug", "name"),
                to_attr="skill_list",
            ),
            Prefetch(
                "membership__user__profile__languages",
                queryset=Language.objects.all(),
                to_attr="language_list",
            ),
        )
    )


def program_mentors(*, program: Program, viewer: User) -> MentorParticipationQuerySet:
    """The program's mentors as `viewer` may see them (active memberships only)."""
    return MentorParticipation.objects.visible_to(viewer).filter(membership__program=program)


def search_mentors(
    *,
    program: Program,
    viewer: User,
    q: str = "",
    skills: Sequence[str] = (),
    industry: str | None = None,
    language: str | None = None,
    meeting_mode: str | None = None,
    tz_within_hours: int | None = None,
    accepting: bool = False,
    now: dt.datetime | None = None,
) -> MentorParticipationQuerySet:
    """The program's mentors matching every word of `q` and every filter, best first.

    The result is ordered but narrow (no card data); page it with `MentorPaginator`, which
    loads card data for one page at a time.

    `skills` are skill slugs (a mentor must have all of them, taught or on the profile),
    `industry` an industry slug, `language` a language code. `tz_within_hours` keeps
    mentors whose current UTC offset is within that many hours of the viewer's.
    `accepting` keeps only mentors accepting new mentees; without it they are listed and
    marked, so a mentee still sees who is there. Values are trusted: the directory form and
    the API serializer reject unknown ones with a message naming the field.
    """
    mentors = program_mentors(program=program, viewer=viewer)
    terms = search_terms(q)
    for term in terms:
        mentors = mentors.filter(search_text__contains=term)
    for slug in dict.fromkeys(skills):
        mentors = mentors.filter(_has_skill(slug))
    if industry:
        mentors = mentors.filter(membership__user__profile__industry__slug=industry)
    if language:
        mentors = mentors.filter(_speaks(language))
    if meeting_mode:
        mentors = mentors.filter(membership__user__profile__meeting_modes__contains=meeting_mode)
    if tz_within_hours is not None:
        at = now or timezone.now()
        zones = zones_within(
            offset=utc_offset(viewer.time_zone, at=at), hours=tz_within_hours, at=at
        )
        mentors = mentors.filter(membership__user__time_zone__in=sorted(zones))
    if accepting:
        mentors = mentors.accepting_mentees()
    by_name = (Lower("membership__user__display_name").asc(), "pk")
    if not terms:
        return mentors.order_by(*by_name)
    return mentors.alias(relevance=_relevance(terms)).order_by("-relevance", *by_name)


def search_key(
    *, program: Program, search: Mapping[str, Any], viewer: User, now: dt.datetime | None = None
) -> str:
    """The cache key of one search (`search_mentors`' arguments) in one program.

    Only for viewers who may open the program's inner pages: they all see its active
    mentors, so the results do not depend on who asks, except for "within N hours of my
    time zone", for which the key holds the viewer's UTC offset this hour.
    """
    words: dict[str, Any] = {"program": program.pk, **search}
    if search.get("tz_within_hours") is not None:
        at = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
        words["utc_offset"] = utc_offset(viewer.time_zone, at=at).total_seconds()
        words["hour"] = at.isoformat()
    text = json.dumps(words, sort_keys=True, default=list)
    return hashlib.sha256(text.encode()).hexdigest()


class MentorPaginator(Paginator):  # type: ignore[type-arg]
    """Pages through `search_mentors` with one scan of the matches per page.

    Most of a search's cost is finding and sorting every match to keep 20. Django's
    paginator does that twice (once to count, once for the page) and sorts the wide rows
    (user, profile, industry joined). Here one narrow query returns the page's ids with the
    total (`COUNT(*) OVER ()`), and a second loads the cards of just those ids. Only an
    empty page needs a separate count, to tell "no results" from "past the last page".

    With a `search_key`, the page's ids and the total come from the cache when this search
    ran lately (`matching.directory_cache`). The cards are loaded through the search, so a
    mentor who stopped matching since is left out rather than shown.
    """

    object_list: MentorParticipationQuerySet

    def __init__(self, *args: Any, search_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._counted: int | None = None
        self._search_key = search_key

    @cached_property
    def count(self) -> int:
        if self._counted is not None:
            return self._counted
        return self.object_list.count()

    def get_page(self, number: Any) -> Page:  # type: ignore[type-arg]
        """Like Django's: a bad number gives the first page, one past the end the last."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number: Any) -> Page:  # type: ignore[type-arg]
        number = self._page_number(number)
        bottom = (number - 1) * self.per_page
        rows = self._page_rows(bottom)
        if rows:
            self._counted = rows[0][1]
        number = self.validate_number(number)  # counts only when the page came back empty
        position = {pk: index for index, (pk, _matches) in enumerate(rows)}
        mentors: list[MentorParticipation] = []
        if position:
            still_matching = self.object_list.order_by().filter(pk__in=list(position))
            loaded = with_card_data(still_matching)
            mentors = sorted(loaded, key=lambda mentor: position[mentor.pk])
        return Page(mentors, number, self)

    def _page_rows(self, bottom: int) -> PageRows:
        def fetch() -> PageRows:
            matches = self.object_list.annotate(matches=Window(Count("pk")))
            return list(matches.values_list("pk", "matches")[bottom : bottom + self.per_page])

        if self._search_key is None:
            return fetch()
        return cached_page_rows(self._search_key, start=bottom, size=self.per_page, fetch=fetch)

    def _page_number(self, number: Any) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return int(number)


@dataclass(frozen=True)
class Term:
    """One entry of a controlled vocabulary as filters, cards and the API show it."""

    key: str
    name: str


@dataclass(frozen=True)
class DirectoryVocabulary:
    """The skills, industries and languages a directory filter may name, by slug or code."""

    skills: dict[str, Term] = field(default_factory=dict)
    industries: dict[str, Term] = field(default_factory=dict)
    languages: dict[str, Term] = field(default_factory=dict)


def _vocabulary_rows(
    model: type[Skill] | type[Industry] | type[Language], *, kind: str, key: str
) -> QuerySet[Any, tuple[str, str, str]]:
    return (
        model.objects.order_by()
        .annotate(kind=Value(kind, output_field=CharField()), key=F(key))
        .values_list("kind", "key", "name")
    )


def load_vocabulary() -> DirectoryVocabulary:
    """All three vocabularies in one query (a UNION), for the filter choices and checks.

    Three separate lists would cost two more queries on every search of the directory
    page, which must stay within its query budget (see tests/matching).
    """
    union = _vocabulary_rows(Skill, kind="skill", key="slug").union(
        _vocabulary_rows(Industry, kind="industry", key="slug"),
        _vocabulary_rows(Language, kind="language", key="code"),
        all=True,
    )
    found: dict[str, list[Term]] = {"skill": [], "industry": [], "language": []}
    for kind, key, name in union:
        found[kind].append(Term(key=key, name=name))

    def by_name(terms: list[Term]) -> dict[str, Term]:
        return {term.key: term for term in sorted(terms, key=lambda t: t.name.casefold())}

    return DirectoryVocabulary(
        skills=by_name(found["skill"]),
        industries=by_name(found["industry"]),
        languages=by_name(found["language"]),
    )

"""The mentor directory's search results, cached until a mentor changes (a minute at most).

A broad search ("leadership") matches a third of a large program's mentors, and finding
and ordering all of them to keep twenty was most of the cost of the directory page and of
`GET mentors/` (40 ms of database time at 10,000 mentors). Members repeat the same few
searches (the empty one above all), so one page of a search, its mentor ids and the number
of matches, is kept in the cache under the search's key (`directory.search_key`), shared
by every member of the program.

Fresh enough to trust: every change that can move a mentor into, out of or along a search
(profile, expertise, accepting, joining or leaving) renews the search generation
(`mentorship.services.mentor_changes`), so every cached search misses from then on. The
minute's expiry bounds what a write past the services (the Django admin) leaves stale, and
the page's cards are loaded through the search again, so a mentor who stopped matching is
never shown.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache

from mentorship.services.mentor_changes import search_generation

CACHE_SECONDS = 60

PageRows = list[tuple[int, int]]  # (mentor id, number of matches) in search order


def cached_page_rows(key: str, *, start: int, size: int, fetch: Callable[[], PageRows]) -> PageRows:
    """One page of a search from the cache, or from `fetch` (then cached)."""
    cache_key = f"directory:{search_generation()}:{key}:{start}:{size}"
    rows: PageRows | None = cache.get(cache_key)
    if rows is None:
        rows = fetch()
        cache.set(cache_key, rows, CACHE_SECONDS)
    return rows

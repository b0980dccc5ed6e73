"""Checks a page must pass in a real browser: axe-core, the keyboard, and a phone's width.

axe-core is vendored (static/vendor/axe-core) and evaluated in the page through the
DevTools protocol rather than added as a <script> tag, so the site's Content-Security-Policy
stays in force during the tests and a page whose own scripts it blocks still fails.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import Page

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("critical", "serious")

# What a keyboard user can reach: the same list browsers put in the tab order.
INTERACTIVE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
    "select:not([disabled]), textarea:not([disabled]), summary, "
    "[tabindex]:not([tabindex='-1'])"
)


@cache
def axe_source() -> str:
    return AXE.read_text()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's critical and serious violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def assert_accessible(page: Page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{name}: axe-core found:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )


# Marks each visible interactive element with a number, so the tab walk can say which it
# reached. Radio buttons count as one stop per group, as browsers tab into a group once.
_MARK_INTERACTIVE = """(selector) => {
  const groups = new Map();
  const stops = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.checkVisibility({visibilityProperty: true}) || el.closest('[inert]')) continue;
    if (el.type === 'radio' && groups.has(el.name)) {
      el.dataset.tabStop = groups.get(el.name);
      continue;
    }
    el.dataset.tabStop = String(stops.length);
    if (el.type === 'radio') groups.set(el.name, el.dataset.tabStop);
    stops.push(el.outerHTML.slice(0, 120));
  }
  return stops;
}"""

# The focused element, whether its focus shows (an outline or a focus ring drawn as a box
# shadow, as Pico does) and whether it has a name a screen reader can announce.
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  const label = (el.labels && el.labels.length) || el.getAttribute('aria-label')
    || el.getAttribute('aria-labelledby') || (el.innerText || el.value || el.title || '').trim()
    || (el.querySelector && el.querySelector('img[alt]:not([alt=""])'));
  return {stop: el.dataset.tabStop ?? null, html: el.outerHTML.slice(0, 120),
          visibleFocus: outline || Boolean(ring), named: Boolean(label)};
}"""


def assert_keyboard_usable(page: Page, name: str) -> None:
    """Tab through the whole page: every control is reached, shows focus and has a name."""
    stops: list[str] = page.evaluate(_MARK_INTERACTIVE, INTERACTIVE)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    reached: set[str] = set()
    previous = None
    problems: list[str] = []
    # A date field takes one Tab per part (day, month, year), hence the allowance.
    for _ in range(2 * len(stops) + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None:
            break  # past the last control, out of the page
        stop = focused["stop"]
        if stop is not None and stop == previous:
            continue  # the next part of the same field
        if stop is not None and stop in reached:
            break  # back at the start: the tab order wrapped round
        previous = stop
        if stop is not None:
            reached.add(stop)
        if not focused["visibleFocus"]:
            problems.append(f"no visible focus on {focused['html']}")
        if not focused["named"]:
            problems.append(f"no accessible name on {focused['html']}")
    missed = [html for index, html in enumerate(stops) if str(index) not in reached]
    problems += [f"never reached by Tab: {html}" for html in missed]
    assert not problems, f"{name}: keyboard problems:\n" + "\n".join(problems)


def tab_to(page: Page, selector: str, *, limit: int = 150) -> None:
    """Press Tab until the element matching `selector` has the focus (as a person would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached with {limit} presses of Tab")


def phone_problems(page: Page, name: str) -> list[str]:
    """What stops the page working on a phone: sideways scrolling, navigation off screen.

    Compared with the width the test set, not `innerWidth`: a mobile browser widens its
    layout viewport to fit content that overflows, which would hide the very problem.
    """
    width = page.viewport_size["width"] if page.viewport_size else 0
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    problems = []
    if scroll_width > width:
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll('main *, header *')]
              .filter((el) => el.getBoundingClientRect().right > width + 1)
              .filter((el) => !el.parentElement
                              || el.parentElement.getBoundingClientRect().right <= width + 1)
              .slice(0, 3).map((el) => el.outerHTML.slice(0, 80))""",
            width,
        )
        problems.append(f"{name}: {scroll_width} px wide on a {width} px screen: {wide}")
    offscreen = page.evaluate(
        """(width) => [...document.querySelectorAll('header nav a, header nav button')]
          .filter((el) => { const box = el.getBoundingClientRect();
                            return box.width === 0 || box.left < 0 || box.right > width; })
          .map((el) => el.outerHTML.slice(0, 80))""",
        width,
    )
    if offscreen:
        problems.append(f"{name}: navigation out of reach on a phone: {offscreen}")
    return problems

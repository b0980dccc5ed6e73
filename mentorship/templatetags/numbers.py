"""`fixed`: a number with a fixed count of decimals, for pages that show hundreds of them.

Django's `floatformat` looks up the locale's number format on every call; the suggestions
page shows twenty score breakdowns, some 400 numbers, and `floatformat` was a fifth of its
time. The site is English only, so `fixed` rounds as `floatformat` does (half away from
zero, on the number as written, no "-0") and formats without the look-up.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()

_STEPS = [Decimal(1).scaleb(-places) for places in range(7)]


@register.filter
def fixed(value: object, places: int = 0) -> str:
    """`value` with `places` decimals (0 to 6): 7.25|fixed:1 is "7.3"; "" when it is not a
    number."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return ""
    rounded = Decimal(repr(value)).quantize(_STEPS[int(places)], rounding=ROUND_HALF_UP)
    return f"{rounded + 0:f}"  # + 0 turns -0.0 into 0.0

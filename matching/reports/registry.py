"""The reports by URL slug: their titles and the functions that build them."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from matching.reports.at_risk import at_risk
from matching.reports.common import Report
from matching.reports.exposure import exposure
from matching.reports.match_quality import match_quality
from matching.reports.overview import overview
from mentorship.models import Program

# The URL slug of each report, its title, and the function that builds it.
REPORTS: dict[str, tuple[Promise, Callable[[Program], Report]]] = {
    "overview": (_("Program dashboard"), overview),
    "match-quality": (_("Match quality"), match_quality),
    "at-risk": (_("At risk"), at_risk),
    "exposure": (_("Exposure and fairness"), exposure),
}

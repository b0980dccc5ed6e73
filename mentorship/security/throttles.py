"""Rate limits for API writes that cost others something: requests, messages, imports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

if TYPE_CHECKING:  # DRF imports this module while `rest_framework.views` is half loaded.
    from rest_framework.request import Request
    from rest_framework.views import APIView

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ScopedWriteRateThrottle(ScopedRateThrottle):
    """`ScopedRateThrottle` for the writes of a view only, named by `write_throttle_scope`.

    A view that lists and creates at one URL (`GET`/`POST /requests/`) should not spend
    its reading clients' budget on writes or the other way round, so reads pass here and
    keep the general per-user limit. The rate of each scope is `DEFAULT_THROTTLE_RATES`.
    """

    scope_attr = "write_throttle_scope"

    def get_rate(self) -> str | None:
        """Read at each request, not once at import, so a changed setting takes effect."""
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES  # type: ignore[assignment]
        return super().get_rate()

    def allow_request(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return bool(super().allow_request(request, view))

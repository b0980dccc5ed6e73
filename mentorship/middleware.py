"""Request-wide behaviour: each user's time zone, and a hard cap on request bodies."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.api.errors import error_body


class UserTimeZoneMiddleware:
    """Shows every date and time in the signed-in user's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone_name = getattr(request.user, "time_zone", None) if hasattr(request, "user") else None
        try:
            if zone_name:
                timezone.activate(zoneinfo.ZoneInfo(zone_name))
            else:
                timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than `MAX_REQUEST_BYTES` with 413, before it is read.

    Django caps form fields and JSON in memory (`DATA_UPLOAD_MAX_MEMORY_SIZE`) but not the
    files of a multipart upload, which it streams to disk whatever their size. The largest
    thing anyone sends is a participant CSV (5 MB), so anything far past it is refused on
    its declared `Content-Length`, in the API's error shape under /api/.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return self._too_large(request)
        return self.get_response(request)

    def _too_large(self, request: HttpRequest) -> HttpResponse:
        limit_mb = settings.MAX_REQUEST_BYTES / 1024 / 1024
        message = _("The request is too large; the limit is %(limit).0f MB.") % {"limit": limit_mb}
        if request.path.startswith("/api/"):
            return JsonResponse(error_body(message), status=413)
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")

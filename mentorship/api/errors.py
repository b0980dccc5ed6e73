"""One JSON error shape for every API failure: `{"message": ..., "errors": {field: [...]}}`.

Validation errors, authentication and permission failures, throttling, malformed JSON,
404s and rule violations (`ApplicationError`) all come out in this shape, so a client
needs exactly one error parser.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from mentorship.errors import ApplicationError


def error_body(message: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Build the error shape; `errors` maps field names (or `non_field_errors`) to messages."""
    return {"message": message, "errors": errors or {}}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, reshaped; unknown exceptions still propagate (500 + log)."""
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.message, exc.errors), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(_("Some fields are not valid."), _field_errors(exc.detail))
    elif isinstance(exc, exceptions.APIException):
        response.data = error_body(_detail_text(exc.detail))
    return response


def _field_errors(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(field): _flatten(messages) for field, messages in detail.items()}
    return {"non_field_errors": _flatten(detail)}


def _flatten(detail: Any, prefix: str = "") -> list[str]:
    """Messages as a flat list; nested serializer errors become `"child: message"`."""
    if isinstance(detail, dict):
        return [
            message
            for key, value in detail.items()
            for message in _flatten(value, prefix=f"{prefix}{key}: ")
        ]
    if isinstance(detail, list):
        return [message for item in detail for message in _flatten(item, prefix)]
    return [f"{prefix}{detail}"]


def _detail_text(detail: Any) -> str:
    if isinstance(detail, dict | list):
        return " ".join(_flatten(detail))
    return str(detail)


def not_found_response() -> Response:
    """The 404 body for API URLs that match nothing."""
    return Response(error_body(_("Not found.")), status=status.HTTP_404_NOT_FOUND)

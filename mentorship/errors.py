"""Rule violations that pages and the API report the same way.

`ValidationError` (Django's) is for input the user can fix. These are for actions that
break a rule of the platform; each carries the HTTP status the API answers with.
"""

from __future__ import annotations


class ApplicationError(Exception):
    """A rule of the platform forbids this action; `message` says which, in plain words."""

    status_code = 400

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class InvalidTransition(ApplicationError):
    """The object is not in a state that allows this action (409 Conflict)."""

    status_code = 409


class ActionNotAllowed(ApplicationError):
    """The user may see the object but may not do this to it (403 Forbidden)."""

    status_code = 403

"""What every relationship page view shares: fetching the relationship, running a service.

The relationship is always fetched through `Relationship.objects.visible_to`, so anyone
outside the pair and the program's admins gets a 404. A service's refusal becomes a 403
(`ActionNotAllowed`), a flash message (other rule violations, such as a closed
relationship), or field errors on the form that was sent (`ValidationError`).
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from mentorship.errors import ActionNotAllowed, ApplicationError
from relationships.models import Relationship

RELATIONSHIP_RELATED = (
    "program",
    "mentee__membership__user",
    "mentor__membership__user",
    "closed_by",
)


def get_relationship(request: HttpRequest, relationship_id: int) -> Relationship:
    """The relationship if this user may see it (the pair, the program's admins), else 404."""
    return get_object_or_404(
        Relationship.objects.visible_to(request.user, one_row=True).select_related(
            *RELATIONSHIP_RELATED
        ),
        pk=relationship_id,
    )


def get_pair_relationship(request: HttpRequest, relationship_id: int) -> Relationship:
    """The relationship for an action only the pair takes: 404 as `get_relationship`, and a
    403 for a program admin, who may see it, before any form is read (else an empty form
    would answer them with field errors for something they may not do)."""
    relationship = get_relationship(request, relationship_id)
    if relationship.side_of(request.user) is None:  # type: ignore[arg-type]
        raise PermissionDenied(_("Only the mentee and the mentor can do this."))
    return relationship


def _add_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    for field, field_errors in errors.items():
        form.add_error(field if field in form.fields else None, field_errors)


def perform(
    request: HttpRequest,
    action: Callable[[], object],
    *,
    form: forms.Form | None = None,
    success: str = "",
) -> bool:
    """Run one service call; True when it succeeded (and `success` is flashed).

    On failure the form (if any) carries the field errors, so the caller re-renders it
    when `form.errors` is set and otherwise redirects to show the flashed message.
    """
    try:
        action()
    except ActionNotAllowed as error:
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        if form is not None and error.errors:
            _add_errors(form, error.errors)
        else:
            messages.error(request, error.message)
        return False
    except ValidationError as error:
        if form is not None and hasattr(error, "error_dict"):
            _add_errors(form, error.message_dict)
        else:
            messages.error(request, " ".join(error.messages))
        return False
    if success:
        messages.success(request, success)
    return True

"""Posting to the pair's message thread; with htmx, only the thread is swapped."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.models import User
from relationships.forms_relationships import MessageForm
from relationships.services.messages import post_message
from relationships.views.relationship_common import get_relationship, perform
from relationships.views.relationship_detail import message_context, render_detail


@login_required
@require_POST
def message_post(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = cast(User, request.user)
    relationship = get_relationship(request, relationship_id)
    if relationship.side_of(user) is None:
        raise PermissionDenied(_("Only the mentee and the mentor can write here."))
    form = MessageForm(request.POST)
    sent = form.is_valid() and perform(
        request,
        lambda: post_message(relationship=relationship, by=user, body=form.cleaned_data["body"]),
        form=form,
    )
    if request.htmx:  # type: ignore[attr-defined]
        # The thread and a fresh form (or the form with its errors); flashed refusals (a
        # closed relationship) show on the next full page.
        context = message_context(relationship, user, None if sent else form)
        response = render(request, "relationships/relationship/_messages.html", context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    if form.errors:
        return render_detail(request, relationship, bound={"message_form": form})
    response = redirect("relationship_detail", relationship.pk)
    response["Location"] += "#messages"
    return response

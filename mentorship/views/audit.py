"""The audit log page for platform admins (the Django admin lists the same rows).

Everybody else gets a 404: the page does not reveal that there is a log to read.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mentorship.models import AuditEntry

ENTRIES_PER_PAGE = 50


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Newest first, optionally one action only; 404 for anyone but platform admins."""
    if not request.user.is_staff:
        raise Http404
    entries = AuditEntry.objects.visible_to(request.user).select_related("actor", "program")
    action = request.GET.get("action", "")
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    else:
        action = ""
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentorship/audit/list.html",
        {"page": page, "actions": AuditEntry.Action.choices, "action": action},
    )

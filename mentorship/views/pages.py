"""The landing page for visitors (signed-in people go to their dashboard)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def landing(request: HttpRequest) -> HttpResponse:
    """Explain the platform to a visitor; signed-in people go straight to their home."""
    if request.user.is_authenticated and not request.GET.get("about"):
        return redirect("dashboard")
    return render(request, "landing.html")

"""The relationship health page for program admins: indicators and pooled answers only."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentorship.models import User
from mentorship.visibility import admin_program
from relationships.health import health_queryset, health_rows, program_health
from relationships.models.checkins import MIN_ANSWERS_FOR_AGGREGATES

PAGE_SIZE = 50


@login_required
def relationship_health(request: HttpRequest, slug: str) -> HttpResponse:
    """404 for non-members, 403 for members who do not run the program."""
    program = admin_program(user=cast(User, request.user), slug=slug)
    now = timezone.now()
    page = Paginator(health_queryset(program), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "relationships/meetings/health.html",
        {
            "program": program,
            "page": page,
            "rows": health_rows(list(page.object_list), now=now),
            "summary": program_health(program, now=now),
            "min_answers": MIN_ANSWERS_FOR_AGGREGATES,
        },
    )

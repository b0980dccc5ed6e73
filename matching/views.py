"""Mentor directory pages: search a program's mentors, and one mentor's page.

Both are for the program's active members and program admins (and platform admins, as on
every inner page of a program); anyone else gets a 404, so a program's existence is not
revealed to outsiders.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from matching.cards import cards_for, detail_for
from matching.directory import (
    PAGE_SIZE,
    MentorPaginator,
    load_vocabulary,
    program_mentors,
    search_key,
    search_mentors,
    with_card_data,
)
from matching.forms import MentorFilterForm
from mentorship.models import Membership, Program, User
from mentorship.visibility import programs_with_inner_access
from relationships.services.recognition import testimonials_for

# Testimonials are thank-you notes both sides agreed to show; the newest few are enough.
TESTIMONIALS_ON_PAGE = 10


def _member_program(request: HttpRequest, slug: str) -> Program:
    """The program, if the signed-in person may open its inner pages; else 404."""
    return get_object_or_404(programs_with_inner_access(request.user), slug=slug)


@require_GET
@login_required
@vary_on_headers("HX-Request")
def mentor_directory(request: HttpRequest, slug: str) -> HttpResponse:
    """Search box, filters and a page of mentor cards; htmx swaps just the results."""
    program = _member_program(request, slug)
    form = MentorFilterForm(request.GET, vocabulary=load_vocabulary())
    form.is_valid()  # invalid fields are reported and left out of the search
    search = form.search_arguments()
    mentors = search_mentors(program=program, viewer=cast(User, request.user), **search)
    key = search_key(program=program, search=search, viewer=cast(User, request.user))
    page = MentorPaginator(mentors, PAGE_SIZE, search_key=key).get_page(request.GET.get("page"))
    context = {
        "program": program,
        "form": form,
        "search": search,
        "has_filters": form.has_filters(),
        "page": page,
        "cards": cards_for(page.object_list),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "matching/_mentor_results.html", context)
    return render(request, "matching/mentor_directory.html", context)


@require_GET
@login_required
def mentor_detail(request: HttpRequest, slug: str, mentor_id: int) -> HttpResponse:
    """Everything a mentor tells the program's members about themselves."""
    program = _member_program(request, slug)
    mentors = with_card_data(program_mentors(program=program, viewer=cast(User, request.user)))
    mentor = get_object_or_404(mentors.defer(None), pk=mentor_id)
    # Mentees of the program may ask this mentor; the request page enforces every rule.
    viewer = cast(User, request.user)
    can_request = (
        mentor.membership.user_id != viewer.pk
        and Membership.objects.filter(
            program=program,
            user=viewer,
            status=Membership.Status.ACTIVE,
            mentee_participation__isnull=False,
        ).exists()
    )
    return render(
        request,
        "matching/mentor_detail.html",
        {
            "program": program,
            "mentor": detail_for(mentor),
            "can_request": can_request,
            "testimonials": list(testimonials_for(mentor)[:TESTIMONIALS_ON_PAGE]),
        },
    )

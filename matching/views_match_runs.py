"""Pages of cohort match runs, for the program's admins only (anyone else gets a 404).

List → new run → the run page (a progress bar while the worker computes, then the
proposal with its metrics, pairs and unmatched mentees) → edits, re-run, publish. The
compare page shows two runs side by side. Every write is one service call.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching.forms_match_runs import (
    SERVICE_FIELDS,
    CompareForm,
    MatchRunForm,
    MoveForm,
    PairStatusForm,
    SwapForm,
)
from matching.match_run_proposals import compare_runs, proposal_context
from matching.models import MatchRun, ProposedPair
from matching.services.match_run_edits import move_pair, set_pair_status, swap_pairs
from matching.services.match_run_publishing import request_publish
from matching.services.match_runs import rerun_match_run, start_match_run
from matching.services.suggestions import active_ranker
from mentorship.errors import ApplicationError
from mentorship.models import Program, User

RUNS_PER_PAGE = 25


def admin_program(request: HttpRequest, slug: str) -> Program:
    """A program the signed-in user administers, or 404 (its runs are not for others)."""
    return get_object_or_404(Program.objects.administered_by(request.user), slug=slug)


def program_run(request: HttpRequest, slug: str, run_id: int) -> tuple[Program, MatchRun]:
    program = admin_program(request, slug)
    run = get_object_or_404(
        MatchRun.objects.visible_to(request.user)
        .filter(program=program)
        .select_related(
            "program", "created_by", "published_by", "job", "publish_job", "based_on", "ranker"
        ),
        pk=run_id,
    )
    return program, run


def _run_url(run: MatchRun) -> str:
    return reverse("match_run_detail", args=[run.program.slug, run.pk])


def _report(request: HttpRequest, error: ValidationError | ApplicationError) -> None:
    if isinstance(error, ApplicationError):
        messages.error(request, error.message)
    else:
        for message in error.messages:
            messages.error(request, message)


@login_required
def match_run_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = admin_program(request, slug)
    runs = (
        MatchRun.objects.visible_to(request.user)
        .filter(program=program)
        .select_related("created_by", "published_by", "job")
        .order_by("-created_at", "-id")
    )
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/match_runs/list.html",
        {"program": program, "page": page, "runs": page.object_list},
    )


@login_required
def match_run_new(request: HttpRequest, slug: str) -> HttpResponse:
    program = admin_program(request, slug)
    weights = active_ranker(program).weights
    form = MatchRunForm(request.POST or None, program=program, weights=weights)
    if request.method == "POST" and form.is_valid():
        try:
            run = start_match_run(
                program=program,
                by=cast(User, request.user),
                mentee_ids=form.mentee_ids(),
                mentor_ids=form.mentor_ids(),
                objective=form.cleaned_data["objective"],
                min_score=form.cleaned_data["min_score"],
                weights=form.weights(),
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                name = SERVICE_FIELDS.get(field, field)
                for message in field_errors:
                    form.add_error(name if name in form.fields else None, message)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The run has started; its proposal appears here."))
            return redirect(_run_url(run))
    return render(
        request,
        "matching/match_runs/new.html",
        {
            "program": program,
            "form": form,
            "mentee_count": form.fields["mentees"].queryset.count(),  # type: ignore[attr-defined]
            "mentor_count": form.fields["mentors"].queryset.count(),  # type: ignore[attr-defined]
        },
    )


@login_required
def match_run_detail(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    program, run = program_run(request, slug, run_id)
    context: dict[str, Any] = {"program": program, "run": run}
    if run.state in (MatchRun.State.READY, MatchRun.State.PUBLISHING, MatchRun.State.PUBLISHED):
        context.update(proposal_context(run))
        if run.is_editable:
            context["swap_form"] = SwapForm(run=run, prefix="swap")
            context["move_form"] = MoveForm(run=run, prefix="move")
            context["can_change_mentors"] = any(
                pair.status == ProposedPair.Status.PROPOSED for pair in context["pairs"]
            )
    return render(request, "matching/match_runs/detail.html", context)


@login_required
def match_run_status(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """Polled by htmx while the run computes or publishes; then sends the browser back."""
    _program, run = program_run(request, slug, run_id)
    if not (run.is_in_progress or run.is_publishing):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = _run_url(run)
        return response
    job = run.publish_job if run.is_publishing else run.job
    return render(request, "matching/match_runs/_status.html", {"run": run, "job": job})


def _run_pair(run: MatchRun, pair_id: int) -> ProposedPair:
    return get_object_or_404(
        ProposedPair.objects.filter(run=run).select_related("mentee__membership__user"),
        pk=pair_id,
    )


@login_required
@require_POST
def match_run_pair_status(
    request: HttpRequest, slug: str, run_id: int, pair_id: int
) -> HttpResponse:
    _program, run = program_run(request, slug, run_id)
    pair = _run_pair(run, pair_id)
    form = PairStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose remove, lock or restore."))
        return redirect(_run_url(run))
    try:
        set_pair_status(pair=pair, status=form.cleaned_data["status"], by=cast(User, request.user))
    except (ValidationError, ApplicationError) as error:
        _report(request, error)
    return redirect(_run_url(run))


@login_required
@require_POST
def match_run_swap(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    _program, run = program_run(request, slug, run_id)
    form = SwapForm(request.POST, run=run, prefix="swap")
    if not form.is_valid():
        messages.error(request, _("Choose two proposed pairs to swap."))
        return redirect(_run_url(run))
    try:
        swap_pairs(
            pair=form.cleaned_data["pair"],
            other=form.cleaned_data["swap_with"],
            by=cast(User, request.user),
        )
    except (ValidationError, ApplicationError) as error:
        _report(request, error)
    else:
        messages.success(request, _("The two mentors were swapped."))
    return redirect(_run_url(run))


@login_required
@require_POST
def match_run_move(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    _program, run = program_run(request, slug, run_id)
    form = MoveForm(request.POST, run=run, prefix="move")
    if not form.is_valid():
        messages.error(request, _("Choose a proposed pair and one of the run's mentors."))
        return redirect(_run_url(run))
    try:
        move_pair(
            pair=form.cleaned_data["pair"],
            mentor_id=form.cleaned_data["mentor"].pk,
            by=cast(User, request.user),
        )
    except (ValidationError, ApplicationError) as error:
        _report(request, error)
    else:
        messages.success(request, _("The mentee has a new mentor in this proposal."))
    return redirect(_run_url(run))


@login_required
@require_POST
def match_run_rerun(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    _program, run = program_run(request, slug, run_id)
    try:
        new_run = rerun_match_run(run=run, by=cast(User, request.user))
    except (ValidationError, ApplicationError) as error:
        _report(request, error)
        return redirect(_run_url(run))
    messages.success(request, _("A new run keeps the locked pairs and re-solves the rest."))
    return redirect(_run_url(new_run))


@login_required
@require_POST
def match_run_publish(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    _program, run = program_run(request, slug, run_id)
    try:
        request_publish(run=run, by=cast(User, request.user))
    except (ValidationError, ApplicationError) as error:
        _report(request, error)
    else:
        messages.info(request, _("Publishing has started; this page shows how it went."))
    return redirect(_run_url(run))


@login_required
def match_run_compare(request: HttpRequest, slug: str) -> HttpResponse:
    program = admin_program(request, slug)
    form = CompareForm(request.GET or None, program=program)
    comparison = None
    if form.is_bound and form.is_valid():
        comparison = compare_runs(form.cleaned_data["first"], form.cleaned_data["second"])
    return render(
        request,
        "matching/match_runs/compare.html",
        {
            "program": program,
            "form": form,
            "comparison": comparison,
            "enough_runs": form.fields["first"].queryset.count() >= 2,  # type: ignore[attr-defined]
        },
    )

"""The suggested-mentors page: ranked cards with reasons, refresh, search, request, dismiss."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from matching.models import Suggestion, SuggestionList
from matching.services.suggestions import (
    SEARCH_JOB_KIND,
    dismiss_suggestion,
    is_stale,
    record_impression,
    request_refresh,
    request_search,
)
from mentorship.errors import ApplicationError
from mentorship.models import (
    Job,
    Membership,
    MenteeGoal,
    MenteeParticipation,
    MentorParticipation,
    Program,
    User,
)
from relationships.services.requests import Choice, send_request
from relationships.services.snapshots import Snapshot


def my_mentee_participation(request: HttpRequest, slug: str) -> MenteeParticipation:
    """The signed-in user's active mentee role in this program, or 404."""
    program = get_object_or_404(Program.objects.member_of(request.user), slug=slug)
    participation = (
        MenteeParticipation.objects.filter(
            membership__program=program,
            membership__user=cast(User, request.user),
            membership__status=Membership.Status.ACTIVE,
        )
        .select_related("membership__program", "membership__user")
        .first()
    )
    if participation is None:
        raise Http404
    return participation


def suggestions_of(mentee: MenteeParticipation) -> QuerySet[Suggestion]:
    return (
        Suggestion.objects.filter(mentee=mentee)
        .select_related("mentor__membership__user__profile", "ranker")
        .order_by("rank")
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("What are you looking for?"),
        max_length=200,
        help_text=gettext_lazy("A few words, blended with your goals: e.g. 'public speaking'."),
    )


@login_required
def suggestions_page(request: HttpRequest, slug: str) -> HttpResponse:
    mentee = my_mentee_participation(request, slug)
    program = mentee.membership.program
    has_goals = mentee.goals.exists()
    job: Job | None = None
    if has_goals and is_stale(mentee):
        job = request_refresh(mentee=mentee, by=cast(User, request.user))
        job.refresh_from_db()
        if job.is_finished:
            job = None
    suggestions = list(suggestions_of(mentee))
    listing = SuggestionList.objects.filter(mentee=mentee).first()
    search_job, search_results = _search_results(request, mentee)
    if suggestions and job is None and search_job is None:
        record_impression(mentee=mentee, suggestions=suggestions)
    return render(
        request,
        "matching/suggestions/page.html",
        {
            "program": program,
            "mentee": mentee,
            "has_goals": has_goals,
            "suggestions": suggestions,
            "listing": listing,
            "job": job,
            "search_form": SearchForm(initial={"q": search_job.result.get("query", "")})
            if search_job and search_job.result
            else SearchForm(),
            "search_job": search_job,
            "search_results": search_results,
        },
    )


def _search_results(
    request: HttpRequest, mentee: MenteeParticipation
) -> tuple[Job | None, list[dict[str, Any]]]:
    """The finished (or running) search job named in `?search=`, with its mentors."""
    raw = request.GET.get("search", "")
    try:
        job_id = uuid.UUID(raw)
    except ValueError:
        return None, []
    job = Job.objects.visible_to(request.user).filter(pk=job_id, kind=SEARCH_JOB_KIND).first()
    if job is None or job.state != Job.State.SUCCEEDED or not job.result:
        return job, []
    items = job.result.get("mentors", [])
    mentors = (
        MentorParticipation.objects.visible_to(request.user)
        .select_related("membership__user__profile")
        .in_bulk([item["mentor_id"] for item in items])
    )
    results = [
        {**item, "mentor": mentors[item["mentor_id"]]}
        for item in items
        if item["mentor_id"] in mentors
    ]
    return job, results


@login_required
def suggestions_status(request: HttpRequest, slug: str, job_id: uuid.UUID) -> HttpResponse:
    """Polled by the page while a job runs; tells htmx to reload the page when it is done."""
    my_mentee_participation(request, slug)
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=job_id)
    if job.is_finished:
        response = HttpResponse(status=204)
        target = reverse("suggestions", args=[slug])
        if job.kind == SEARCH_JOB_KIND:
            target += f"?search={job.pk}"
        response["HX-Redirect"] = target
        return response
    return render(request, "matching/suggestions/_status.html", {"job": job, "slug": slug})


@login_required
@require_POST
def suggestions_refresh(request: HttpRequest, slug: str) -> HttpResponse:
    mentee = my_mentee_participation(request, slug)
    request_refresh(mentee=mentee, by=cast(User, request.user))
    messages.info(request, _("Your suggestions are being recomputed."))
    return redirect("suggestions", slug=slug)


@login_required
@require_POST
def suggestions_search(request: HttpRequest, slug: str) -> HttpResponse:
    mentee = my_mentee_participation(request, slug)
    form = SearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say in a few words what you are looking for."))
        return redirect("suggestions", slug=slug)
    job = request_search(mentee=mentee, by=cast(User, request.user), query=form.cleaned_data["q"])
    return redirect(f"{reverse('suggestions', args=[slug])}?search={job.pk}")


@login_required
@require_POST
def suggestion_dismiss(request: HttpRequest, slug: str, suggestion_id: int) -> HttpResponse:
    mentee = my_mentee_participation(request, slug)
    suggestion = get_object_or_404(
        Suggestion.objects.filter(mentee=mentee).select_related("mentor__membership__user"),
        pk=suggestion_id,
    )
    dismiss_suggestion(suggestion=suggestion, by=cast(User, request.user))
    messages.success(
        request,
        _("We won't suggest %(name)s again.") % {"name": suggestion.mentor.membership.user.name},
    )
    return redirect("suggestions", slug=slug)


def _suggestion_label(suggestion: Suggestion) -> str:
    return f"#{suggestion.rank} {suggestion.mentor.membership.user.name}"


class SuggestionRequestForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Your message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=gettext_lazy("Why this mentor, and what you hope to work on together."),
    )
    goals = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Which of your goals is this about?"),
        queryset=MenteeGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    backup_1 = forms.ModelChoiceField(
        label=gettext_lazy("First backup (optional)"),
        queryset=Suggestion.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Sent automatically if your first choice declines or does not answer."
        ),
    )
    backup_2 = forms.ModelChoiceField(
        label=gettext_lazy("Second backup (optional)"),
        queryset=Suggestion.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, mentee: MenteeParticipation, chosen: Suggestion, **kwargs: Any):
        super().__init__(*args, **kwargs)
        goals = cast("forms.ModelMultipleChoiceField[MenteeGoal]", self.fields["goals"])
        goals.queryset = mentee.goals.select_related("goal_area")
        others = suggestions_of(mentee).exclude(pk=chosen.pk)
        for name in ("backup_1", "backup_2"):
            field = cast("forms.ModelChoiceField[Suggestion]", self.fields[name])
            field.queryset = others
            field.label_from_instance = _suggestion_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("backup_1"), data.get("backup_2")
        if first and second and first.pk == second.pk:
            self.add_error("backup_2", _("Choose a different mentor for each backup."))
        if second and not first:
            self.add_error("backup_1", _("Choose the first backup before the second."))
        return data


def _choice(suggestion: Suggestion) -> Choice:
    return Choice(
        mentor=suggestion.mentor,
        snapshot=Snapshot(
            score=suggestion.score,
            rank=suggestion.rank,
            breakdown=suggestion.breakdown,
            ranker_version=suggestion.ranker_version,
        ),
    )


@login_required
def suggestion_request(request: HttpRequest, slug: str, suggestion_id: int) -> HttpResponse:
    """Request a suggested mentor (with optional backups); the snapshot travels along."""
    mentee = my_mentee_participation(request, slug)
    chosen = get_object_or_404(suggestions_of(mentee), pk=suggestion_id)
    form = SuggestionRequestForm(request.POST or None, mentee=mentee, chosen=chosen)
    if request.method == "POST" and form.is_valid():
        backups = [form.cleaned_data[name] for name in ("backup_1", "backup_2")]
        choices = [_choice(chosen)] + [_choice(backup) for backup in backups if backup]
        try:
            created = send_request(
                mentee=mentee,
                choices=choices,
                message=form.cleaned_data["message"],
                goals=list(form.cleaned_data["goals"]),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your request is on its way to %(name)s.")
                % {"name": chosen.mentor.membership.user.name},
            )
            return redirect("request_detail", created[0].pk)
    return render(
        request,
        "matching/suggestions/request.html",
        {"program": mentee.membership.program, "suggestion": chosen, "form": form},
    )

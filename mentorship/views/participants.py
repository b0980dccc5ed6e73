"""Program admins' participant pages: the member list, CSV import with preview, and export.

Every view fetches the program through `administered_program`: 404 for people outside
the program, 403 for its members who are not admins.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from mentorship.errors import ApplicationError
from mentorship.models import Job, ParticipantImport, Program, User
from mentorship.services.participant_access import administered_program, program_participants
from mentorship.services.participant_csv import COLUMNS, MAX_BYTES, FileRejected, template_csv
from mentorship.services.participant_export import export_csv
from mentorship.services.participant_import import (
    import_job_of,
    import_job_running,
    preview_import,
    start_import,
)
from mentorship.services.participant_plan import ADD, CREATE, UNCHANGED, UPDATE

PAGE_SIZE = 25
PREVIEW_ROWS_SHOWN = 500


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name or email"), required=False, max_length=100)


class ParticipantUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 CSV with a header row, up to 5 MB and 10,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload = cast("UploadedFile[bytes]", self.cleaned_data["file"])
        if upload.size is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is 5 MB. Split it into smaller files.")
                % {"size": upload.size / 1024 / 1024}
            )
        return upload


def csv_download(text: str, filename: str) -> HttpResponse:
    """CSV as an attachment, with a byte-order mark so spreadsheets read it as UTF-8."""
    response = HttpResponse(text.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def participant_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = administered_program(user=cast(User, request.user), slug=slug)
    form = ParticipantSearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    members = program_participants(program=program, search=search)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentorship/participants/list.html",
        {"program": program, "form": form, "page": page, "search": search},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_import(request: HttpRequest, slug: str) -> HttpResponse:
    user = cast(User, request.user)
    program = administered_program(user=user, slug=slug)
    form = ParticipantUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = cast("UploadedFile[bytes]", form.cleaned_data["file"])
        try:
            record = preview_import(
                program=program,
                uploaded_by=user,
                filename=upload.name or "",
                data=upload.read(),
            )
        except FileRejected as rejected:
            for problem in rejected.problems:
                form.add_error("file", str(problem))
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("participant_import_preview", slug=program.slug, import_id=record.pk)
    return render(
        request,
        "mentorship/participants/import.html",
        {"program": program, "form": form, "columns": COLUMNS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_import_preview(request: HttpRequest, slug: str, import_id: int) -> HttpResponse:
    """The preview of an uploaded file; once its import is started, the job's progress too.

    "Import" queues the import as a job and comes back here, where the job's block polls
    this page (htmx) until the job ends, then reloads the page to show the outcome.
    """
    user = cast(User, request.user)
    program = administered_program(user=user, slug=slug)
    record = get_object_or_404(ParticipantImport.objects.filter(program=program), pk=import_id)
    if request.method == "POST":
        try:
            start_import(participant_import=record, imported_by=user)
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("participant_import_preview", slug=program.slug, import_id=record.pk)
    job_id = import_job_of(record)
    job = Job.objects.visible_to(user).filter(pk=job_id).first() if job_id else None
    if request.htmx:  # type: ignore[attr-defined]
        if job is None or job.is_finished:
            return HttpResponseClientRefresh()
        return render(
            request,
            "mentorship/participants/_import_job.html",
            {"program": program, "record": record, "job": job},
        )
    return render(
        request,
        "mentorship/participants/preview.html",
        _preview_context(program, record, job),
    )


def _preview_context(
    program: Program, record: ParticipantImport, job: Job | None
) -> dict[str, Any]:
    summary = record.summary or {}
    plans = summary.get("plans", [])
    action_labels = {
        CREATE: _("New account, invited by email"),
        ADD: _("Added to the program"),
        UPDATE: _("Updated"),
        UNCHANGED: _("No change"),
    }
    running = import_job_running(record)
    return {
        "program": program,
        "record": record,
        "job": job,
        "errors": record.errors,
        "plans": [
            {**plan, "action_label": action_labels.get(plan["action"], plan["action"])}
            for plan in plans[:PREVIEW_ROWS_SHOWN]
        ],
        "hidden_plans": max(0, len(plans) - PREVIEW_ROWS_SHOWN),
        "counts": {action: summary.get(action, 0) for action in (CREATE, ADD, UPDATE, UNCHANGED)},
        "importable": (
            record.state == ParticipantImport.State.PREVIEWED and not record.errors and not running
        ),
        "running": running,
        "import_count": len(plans),
    }


@login_required
@require_GET
def participant_import_template(request: HttpRequest, slug: str) -> HttpResponse:
    administered_program(user=cast(User, request.user), slug=slug)
    return csv_download(template_csv(), "participants-template.csv")


@login_required
@require_GET
def participant_export(request: HttpRequest, slug: str) -> HttpResponse:
    program = administered_program(user=cast(User, request.user), slug=slug)
    return csv_download(export_csv(program), f"{program.slug}-participants.csv")

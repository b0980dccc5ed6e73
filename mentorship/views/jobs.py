"""A job's progress as an HTML fragment that polls itself with htmx until the job ends."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from mentorship.models import Job


@login_required
def job_status(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=job_id)
    template = "mentorship/_job_status.html" if request.htmx else "mentorship/job.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})

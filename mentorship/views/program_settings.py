"""The program settings page: a program's admins change how their program runs."""

from __future__ import annotations

import copy
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mentorship.forms_program_settings import ProgramSettingsForm
from mentorship.models import User
from mentorship.services.programs import update_program_settings
from mentorship.views.onboarding import add_service_errors
from mentorship.visibility import admin_program


@login_required
def program_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Program admins (and platform admins) edit the settings. Like every admin page
    (`admin_program`): a 403 for the program's other members, a 404 for outsiders.

    The form works on a copy: a ModelForm writes what was posted onto its instance while
    validating, and a refused change must not show up elsewhere on the page.
    """
    user = cast(User, request.user)
    program = admin_program(user=user, slug=slug)
    form = ProgramSettingsForm(request.POST or None, instance=copy.copy(program))
    if request.method == "POST" and form.is_valid():
        try:
            update_program_settings(program=program, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The program's settings are saved."))
            return redirect("program_detail", slug=program.slug)
    return render(request, "mentorship/programs/settings.html", {"program": program, "form": form})

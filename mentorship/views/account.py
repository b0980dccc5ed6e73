"""Account settings: the name others see and the time zone times are shown in."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mentorship.forms import AccountSettingsForm
from mentorship.models import User
from mentorship.services.profiles import update_profile


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        update_profile(
            user=cast(User, request.user),
            display_name=form.cleaned_data["display_name"],
            time_zone=form.cleaned_data["time_zone"],
        )
        messages.success(request, _("Your settings are saved."))
        return redirect("account_settings")
    return render(request, "account/settings.html", {"form": form})

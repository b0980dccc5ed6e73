"""Your data: downloading everything we hold about you, and deleting your account.

The pages live in `relationships` because export and deletion read and close requests
and relationships (see `relationships/services/personal_data.py`, `account_deletion.py`).
"""

from __future__ import annotations

import json
from typing import cast

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mentorship.models import User
from relationships.forms_account import AccountDeleteForm
from relationships.services.account_deletion import delete_account
from relationships.services.personal_data import export_personal_data


@login_required
@require_http_methods(["GET", "POST"])
def account_data(request: HttpRequest) -> HttpResponse:
    """The page to download your data, and to delete your account (password confirmed)."""
    user = cast(User, request.user)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        delete_account(user=user)
        logout(request)
        messages.success(request, _("Your account is deleted. Thank you for taking part."))
        return redirect("landing")
    return render(request, "account/data.html", {"form": form})


@login_required
@require_GET
def account_data_download(request: HttpRequest) -> HttpResponse:
    """Your data as a JSON file."""
    data = export_personal_data(user=cast(User, request.user))
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-mentorship-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response

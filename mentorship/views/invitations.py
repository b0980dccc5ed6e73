"""Accepting an invitation: an imported person sets their password from the emailed link.

This page is for people who cannot sign in yet, so it is not behind `login_required`;
the link's token is what proves who they are.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentorship.services.invitations import accept_invitation, invited_user


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = invited_user(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "mentorship/participants/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept_invitation(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password is set. Welcome!"))
        return redirect("dashboard")
    return render(
        request, "mentorship/participants/invitation_accept.html", {"form": form, "invitee": user}
    )

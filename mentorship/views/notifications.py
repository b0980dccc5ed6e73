"""Notification pages: the inbox, delivery preferences, and unsubscribing from emails."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from mentorship.models import Delivery, Notification, NotificationKind, User
from mentorship.services.notification_inbox import (
    inbox_for,
    mark_all_notifications_read,
    mark_notification_read,
)
from mentorship.services.notification_preferences import (
    InvalidUnsubscribeLink,
    preferences_for,
    read_unsubscribe_token,
    set_notification_preferences,
    unsubscribe,
)

PAGE_SIZE = 20


class NotificationPreferencesForm(forms.Form):
    """One choice of delivery per kind of notification, named by the kind's value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, widget=forms.RadioSelect
            )


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The inbox: unread first, each item opens (and marks read) through a POST.

    Paging with htmx swaps just the inbox section.
    """
    page = Paginator(inbox_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "notifications": page.object_list}
    htmx = request.htmx  # type: ignore[attr-defined]
    # A history restore asks for the whole page, so it gets the whole page.
    partial = bool(htmx) and not htmx.history_restore_request
    template = "_inbox.html" if partial else "list.html"
    response = render(request, f"mentorship/notifications/{template}", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one notification read, then go where it points (the inbox if nowhere)."""
    notification = get_object_or_404(
        Notification.objects.visible_to(request.user), pk=notification_id
    )
    mark_notification_read(notification=notification)
    # Notifications are written by our own services, but a redirect only ever stays here.
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    # A full redirect rather than an htmx swap: the unread badge in the navigation must
    # change too.
    if mark_all_notifications_read(user=cast(User, request.user)):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notification_list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Choose, per kind, in-app only, email at once, a daily digest, or off."""
    user = cast(User, request.user)
    form = NotificationPreferencesForm(request.POST or None, initial=preferences_for(user=user))
    if request.method == "POST" and form.is_valid():
        set_notification_preferences(user=user, deliveries=form.cleaned_data)
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notification_preferences")
    return render(request, "mentorship/notifications/preferences.html", {"form": form})


# A mail client's one-click unsubscribe (RFC 8058) POSTs `List-Unsubscribe=One-Click` with no
# session and no CSRF token; the signed token in the URL is the authority, and all it can
# do is stop emails. So this view, and only this one, is exempt from CSRF.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def notification_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: say what the link stops, with one button. POST: stop it."""
    try:
        if request.method == "POST":
            target = unsubscribe(token=token)
            return render(request, "mentorship/notifications/unsubscribed.html", {"target": target})
        target = read_unsubscribe_token(token)
    except InvalidUnsubscribeLink:
        return render(request, "mentorship/notifications/unsubscribe_invalid.html", status=400)
    return render(
        request,
        "mentorship/notifications/unsubscribe.html",
        {"target": target, "token": token},
    )

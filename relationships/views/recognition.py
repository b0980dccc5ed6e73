"""Thank-you note pages: the pair's notes with each side's consent, and writing one.

Notes belong to the pair: they are fetched through `Relationship.objects.as_participant`
and `ThankYouNote.objects.visible_to`, so program admins and everyone else get a 404.
Milestones need no page of their own; they show on the relationship page.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mentorship.models import User
from relationships.forms_recognition import ConsentForm, ThankYouForm
from relationships.models import Relationship, ThankYouNote
from relationships.services.recognition import send_thank_you, set_testimonial_consent
from relationships.views.relationship_common import RELATIONSHIP_RELATED, perform


def _pair_relationship(request: HttpRequest, relationship_id: int) -> Relationship:
    return get_object_or_404(
        Relationship.objects.as_participant(request.user).select_related(*RELATIONSHIP_RELATED),
        pk=relationship_id,
    )


def _notes_url(relationship: Relationship) -> str:
    return reverse("thank_you_list", args=[relationship.pk])


@require_GET
@login_required
def thank_you_list(request: HttpRequest, relationship_id: int) -> HttpResponse:
    """The pair's thank-you notes, each with both consents and the viewer's own toggle."""
    relationship = _pair_relationship(request, relationship_id)
    user = cast(User, request.user)
    notes = list(ThankYouNote.objects.filter(relationship=relationship).select_related("author"))
    return render(
        request,
        "relationships/recognition/thank_you_list.html",
        {
            "relationship": relationship,
            "side": relationship.side_of(user),
            "notes": notes,
            "other": relationship.other_person(user),
        },
    )


@login_required
def thank_you_new(request: HttpRequest, relationship_id: int) -> HttpResponse:
    """The mentee writes a thank-you note (also after the relationship closed)."""
    relationship = _pair_relationship(request, relationship_id)
    user = cast(User, request.user)
    if relationship.side_of(user) != "mentee":
        raise PermissionDenied(_("Only the mentee sends thank-you notes."))
    form = ThankYouForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ok = perform(
            request,
            lambda: send_thank_you(
                relationship=relationship,
                by=user,
                body=form.cleaned_data["body"],
                public=form.cleaned_data["public"],
            ),
            form=form,
            success=_("Your note is on its way to %(name)s.")
            % {"name": relationship.mentor.membership.user.name},
        )
        if ok:
            return redirect(_notes_url(relationship))
        if not form.errors:
            form.add_error(None, _("The note could not be sent."))
    return render(
        request,
        "relationships/recognition/thank_you_new.html",
        {"relationship": relationship, "form": form},
    )


@require_POST
@login_required
def thank_you_consent(request: HttpRequest, note_id: int) -> HttpResponse:
    """Give or take back one's own consent to show the note on the mentor's profile."""
    note = get_object_or_404(
        ThankYouNote.objects.visible_to(request.user).select_related(
            "relationship__mentee__membership__user", "relationship__mentor__membership__user"
        ),
        pk=note_id,
    )
    form = ConsentForm(request.POST)
    form.is_valid()  # an unchecked box is simply "no"
    public = bool(form.cleaned_data.get("public"))
    perform(
        request,
        lambda: set_testimonial_consent(note=note, by=cast(User, request.user), public=public),
        success=_("Saved: the note is shown on the profile once you both agree.")
        if public
        else _("Saved: the note is not shown on the profile."),
    )
    return redirect(_notes_url(note.relationship))

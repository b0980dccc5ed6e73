"""Recognition: celebrating achieved goals, and thank-you notes that may become testimonials.

A milestone is recorded once per goal, when the goal is first marked achieved, and both
sides are told. A thank-you note is written by the mentee to their mentor; it shows on
the mentor's page only when the mentee and then the mentor have agreed. The mentee's
consent comes first because the words are theirs: a mentor agreeing to a note the mentee
keeps private is refused, and the mentee taking their consent back takes the mentor's
with it (a check constraint holds that too).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import MentorParticipation, NotificationKind, User
from mentorship.services.notifications import notify
from relationships.errors import Blocked
from relationships.models import Block, Goal, Milestone, Relationship, ThankYouNote
from relationships.services.relationships import ensure_participant, relationship_url


@transaction.atomic
def celebrate_goal(*, goal: Goal, by: User) -> Milestone | None:
    """Record the milestone of an achieved goal and tell both sides; None when it was
    already celebrated (a goal reopened and achieved again is not celebrated twice)."""
    milestone, created = Milestone.objects.get_or_create(
        goal=goal,
        defaults={
            "relationship_id": goal.relationship_id,
            "title": goal.title,
            "achieved_by": by,
            "achieved_at": timezone.now(),
        },
    )
    if not created:
        return None
    relationship = goal.relationship
    for person in (relationship.mentee.membership.user, relationship.mentor.membership.user):
        notify(
            recipient=person,
            kind=NotificationKind.RECOGNITION,
            title=_("Milestone reached: %(title)s") % {"title": goal.title},
            url=relationship_url(relationship) + "#milestones",
        )
    return milestone


def thank_you_notes_url(relationship: Relationship) -> str:
    return reverse("thank_you_list", args=[relationship.pk])


@transaction.atomic
def send_thank_you(
    *, relationship: Relationship, by: User, body: str, public: bool = False
) -> ThankYouNote:
    """The mentee thanks their mentor; `public` is the mentee's consent to a testimonial.

    Allowed after the relationship closed too: thanks often come at the end.
    """
    side = ensure_participant(relationship, by)
    if side != "mentee":
        raise ActionNotAllowed(_("Only the mentee sends thank-you notes."))
    mentor_user = relationship.mentor.membership.user
    if Block.objects.between(by, mentor_user).exists():
        raise Blocked(_("You cannot send a note to this member."))
    if not body.strip():
        raise ValidationError({"body": [_("Write your note.")]})
    note = ThankYouNote.objects.create(
        relationship=relationship, author=by, body=body.strip(), mentee_consents_public=public
    )
    notify(
        recipient=mentor_user,
        kind=NotificationKind.RECOGNITION,
        title=_("%(name)s sent you a thank-you note") % {"name": by.name},
        body=(
            _("They would like to show it on your profile; it appears there once you agree.")
            if public
            else ""
        ),
        url=thank_you_notes_url(relationship),
    )
    return note


@transaction.atomic
def set_testimonial_consent(*, note: ThankYouNote, by: User, public: bool) -> ThankYouNote:
    """One side gives or takes back their consent to show the note on the mentor's page.

    Each side sets only their own consent. The mentor may agree only once the mentee has;
    the mentee taking theirs back clears the mentor's too.
    """
    note = (
        ThankYouNote.objects.select_for_update(of=("self",))
        .select_related("relationship__mentee__membership__user")
        .select_related("relationship__mentor__membership__user")
        .get(pk=note.pk)
    )
    relationship = note.relationship
    side = ensure_participant(relationship, by)
    was_public = note.is_public
    if side == "mentee":
        note.mentee_consents_public = public
        if not public:
            note.mentor_consents_public = False
    else:
        if public and not note.mentee_consents_public:
            raise InvalidTransition(
                _("The mentee has not agreed to show this note on your profile."),
                errors={"public": [_("The mentee has not agreed to show this note.")]},
            )
        note.mentor_consents_public = public
    note.save(update_fields=["mentee_consents_public", "mentor_consents_public", "updated_at"])
    other = relationship.other_person(by)
    if note.is_public and not was_public:
        title = _("A thank-you note from %(mentee)s is now on %(mentor)s's profile") % {
            "mentee": relationship.mentee.membership.user.name,
            "mentor": relationship.mentor.membership.user.name,
        }
    elif side == "mentee" and public and not note.mentor_consents_public:
        title = _("%(name)s would like to show their thank-you note on your profile") % {
            "name": by.name
        }
    elif was_public and not note.is_public:
        title = _("A thank-you note was taken off %(mentor)s's profile") % {
            "mentor": relationship.mentor.membership.user.name
        }
    else:
        return note
    notify(
        recipient=other,
        kind=NotificationKind.RECOGNITION,
        title=title,
        url=thank_you_notes_url(relationship),
    )
    return note


def testimonials_for(mentor: MentorParticipation) -> QuerySet[ThankYouNote]:
    """The notes both sides agreed to show on this mentor's page, newest first."""
    return (
        ThankYouNote.objects.public()
        .filter(relationship__mentor=mentor)
        .select_related("author")
        .order_by("-created_at", "-id")
    )

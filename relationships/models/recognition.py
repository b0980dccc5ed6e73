"""Recognition: milestones (goals achieved) and a mentee's thank-you notes to their mentor.

A thank-you note belongs to the pair. It becomes a testimonial on the mentor's page only
when both have agreed; the database refuses a mentor's consent without the mentee's
(it is the mentee's words), so withdrawing the mentee's consent takes the note down.
There are deliberately no ratings or star averages here.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q

from mentorship.models import User
from relationships.models.goals import Goal
from relationships.models.relationships import Relationship


class Milestone(models.Model):
    """A goal of the relationship reached: celebrated once on the relationship's timeline.

    One row per goal (a unique constraint), so a goal that is reopened and achieved again
    is not celebrated twice. The title is copied so the milestone outlives the goal.
    """

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="milestones"
    )
    goal = models.OneToOneField(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestone"
    )
    title = models.CharField(max_length=200)
    achieved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    achieved_at = models.DateTimeField()

    class Meta:
        ordering = ["-achieved_at", "-id"]

    def __str__(self) -> str:
        return f"Milestone: {self.title}"


class ThankYouNoteQuerySet(models.QuerySet["ThankYouNote"]):
    def visible_to(self, user: User | AnonymousUser) -> ThankYouNoteQuerySet:
        """The pair only: program admins do not read thank-you notes."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(relationship__mentee__membership__user_id=user.pk)
            | Q(relationship__mentor__membership__user_id=user.pk)
        )

    def public(self) -> ThankYouNoteQuerySet:
        """Testimonials: notes both sides agreed to show on the mentor's page."""
        return self.filter(mentee_consents_public=True, mentor_consents_public=True)


class ThankYouNote(models.Model):
    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="thank_you_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=3000)
    mentee_consents_public = models.BooleanField(default=False)
    mentor_consents_public = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ThankYouNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mentee_consents_public=True) | Q(mentor_consents_public=False),
                name="thank_you_mentor_consent_needs_mentee",
            ),
        ]

    def __str__(self) -> str:
        return f"Thank-you note {self.pk}"

    @property
    def is_public(self) -> bool:
        return self.mentee_consents_public and self.mentor_consents_public

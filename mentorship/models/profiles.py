"""A person's profile: what they tell every program about themselves."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorship.models.vocabulary import Industry, Language, Skill


class MeetingMode(models.TextChoices):
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    CHAT = "chat", _("Chat")


def parse_meeting_modes(value: str) -> list[str]:
    """The stored comma-separated modes as a list, in the order of `MeetingMode`."""
    chosen = {mode for mode in value.split(",") if mode}
    return [mode for mode in MeetingMode.values if mode in chosen]


def format_meeting_modes(modes: list[str] | set[str] | tuple[str, ...]) -> str:
    """Store modes as one sorted, comma-separated string: filterable with `contains` on
    SQLite and PostgreSQL alike (no mode's name is part of another's)."""
    unknown = set(modes) - set(MeetingMode.values)
    if unknown:
        raise ValidationError(
            {"meeting_modes": _("Unknown meeting mode: %s.") % ", ".join(sorted(unknown))}
        )
    return ",".join(mode for mode in MeetingMode.values if mode in set(modes))


class Profile(models.Model):
    """One per person, shared by all their programs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    headline = models.CharField(_("headline"), max_length=140, blank=True)
    bio = models.TextField(_("bio"), max_length=4000, blank=True)
    job_title = models.CharField(_("current role"), max_length=120, blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    industry = models.ForeignKey(
        Industry, null=True, blank=True, on_delete=models.PROTECT, related_name="profiles"
    )
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="speakers")
    skills = models.ManyToManyField(Skill, blank=True, related_name="profiles")
    meeting_modes = models.CharField(
        _("preferred meeting modes"), max_length=40, blank=True, default=""
    )
    availability_hours_per_month = models.PositiveSmallIntegerField(
        _("availability (hours per month)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(160)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(years_experience__isnull=True) | Q(years_experience__lte=70),
                name="profile_years_experience_0_70",
            ),
            models.CheckConstraint(
                condition=Q(availability_hours_per_month__isnull=True)
                | Q(availability_hours_per_month__lte=160),
                name="profile_availability_0_160",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def meeting_mode_list(self) -> list[str]:
        return parse_meeting_modes(self.meeting_modes)

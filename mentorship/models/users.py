"""The platform's user: signs in with an email address, has a display name and a time zone."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=1)
def known_time_zones() -> frozenset[str]:
    """Every IANA zone this machine knows (read from disk once: it is slow)."""
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone this machine knows, sorted, as form choices."""
    return [(name, name.replace("_", " ")) for name in sorted(known_time_zones())]


class UserManager(BaseUserManager["User"]):
    """Creates users keyed by a normalised (lower-case) email address."""

    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        # Emails are stored lower-case; people type them any way they like.
        return self.get(email__iexact=username)

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person on the platform. Roles (mentee, mentor, program admin) come from memberships."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("How other people on the platform see you."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        help_text=_("Meeting times are shown in this zone."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("platform admin"),
        default=False,
        help_text=_("Platform admins may use the admin site and create programs."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """What to call this person: the display name, else the part of the email before @."""
        return self.display_name or self.email.split("@", 1)[0]

    def clean(self) -> None:
        super().clean()
        self.email = self.email.lower()
        if self.time_zone not in known_time_zones():
            from django.core.exceptions import ValidationError

            raise ValidationError({"time_zone": _("Choose a time zone from the list.")})

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

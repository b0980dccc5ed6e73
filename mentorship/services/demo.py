"""The demo: accounts (and, as the platform grows, a program) to explore the site with."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from mentorship.models import User

# Public on purpose: printed by `make run`; `seed_demo` refuses to run with DEBUG off.
DEMO_PASSWORD = "demo-password"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    display_name: str
    is_platform_admin: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("mentee", "mentee@demo.test", "Mia Mentee"),
    DemoAccount("mentor", "mentor@demo.test", "Marcus Mentor"),
    DemoAccount("program admin", "admin@demo.test", "Priya Coordinator"),
    DemoAccount("platform admin", "platform@demo.test", "Ada Platform", is_platform_admin=True),
)


@transaction.atomic
def seed_demo() -> tuple[DemoAccount, ...]:
    """Create each demo account that does not exist yet, with a confirmed email address."""
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            create = (
                User.objects.create_superuser
                if account.is_platform_admin
                else User.objects.create_user
            )
            user = create(account.email, DEMO_PASSWORD, display_name=account.display_name)
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
    return DEMO_ACCOUNTS

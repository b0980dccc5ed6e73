"""The demo: accounts (and, as the platform grows, a program) to explore the site with."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from mentorship.models import User

# Public on purpose: printed by `make run`; `load_demo` refuses to run with DEBUG off.
DEMO_PASSWORD = "demo-mentoring-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    display_name: str
    is_platform_admin: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("platform admin", "admin@demo.example", "Ada Admin", is_platform_admin=True),
    DemoAccount("program admin", "coordinator@demo.example", "Priya Coordinator"),
    DemoAccount("mentor", "mentor@demo.example", "Marcus Mentor"),
    DemoAccount("mentee", "mentee@demo.example", "Mia Mentee"),
)


@transaction.atomic
def load_demo() -> tuple[DemoAccount, ...]:
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

"""factory_boy factories for the people app."""

from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from factory.declarations import Sequence
from factory.faker import Faker
from factory.helpers import post_generation

from mentorship.models import (
    Membership,
    MenteeParticipation,
    MentorParticipation,
    Profile,
    Program,
    User,
)
from mentorship.services.profiles import refresh_search_text

PASSWORD = "a-long-test-password-7"


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A user who signed up and confirmed their email address."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = Sequence(lambda n: f"person{n}@example.org")
    display_name = Faker("name")
    time_zone = "Europe/London"
    password = factory.django.Password(PASSWORD)

    @post_generation
    def verified(self: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def make_program(*, slug: str = "rise", **fields: Any) -> Program:
    """A running program, open for sign-up, with the platform's default settings."""
    defaults: dict[str, Any] = {
        "name": slug.replace("-", " ").title(),
        "status": Program.Status.OPEN,
        "join_mode": Program.JoinMode.OPEN,
    }
    return Program.objects.create(slug=slug, **{**defaults, **fields})


def make_member(
    *,
    program: Program,
    user: User | None = None,
    roles: tuple[str, ...] = ("mentee",),
    is_admin: bool = False,
    **user_fields: Any,
) -> Membership:
    """An active member of `program` holding `roles` (mentee, mentor), with a profile."""
    user = user or UserFactory.create(**user_fields)
    Profile.objects.get_or_create(user=user)
    membership = Membership.objects.create(
        user=user, program=program, is_admin=is_admin, joined_at=timezone.now()
    )
    if "mentee" in roles:
        MenteeParticipation.objects.create(membership=membership)
    if "mentor" in roles:
        MentorParticipation.objects.create(
            membership=membership, capacity=program.default_mentor_capacity
        )
        refresh_search_text(user=user)
    return membership

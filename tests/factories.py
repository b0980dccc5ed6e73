"""factory_boy factories for the people app."""

from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress
from factory.declarations import Sequence
from factory.faker import Faker
from factory.helpers import post_generation

from mentorship.models import User

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

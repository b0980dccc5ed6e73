"""API tokens: exchanging an email and password for a token a client sends on every call."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from mentorship.errors import ApplicationError
from mentorship.models import User


def issue_api_token(*, request: HttpRequest, email: str, password: str) -> Token:
    """Return the user's API token, creating it on first use.

    A wrong email and a wrong password get the same message, so the endpoint does not
    reveal who has an account. When email verification is mandatory, unverified accounts
    get no token, as they could not log in to the site either.
    """
    user = authenticate(request, username=email.strip().lower(), password=password)
    if not isinstance(user, User) or not user.is_active:
        raise ApplicationError(
            _("The email address or the password is not right."),
            errors={"non_field_errors": [_("The email address or the password is not right.")]},
        )
    must_confirm = settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory" and not user.is_staff
    if must_confirm and not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise ApplicationError(
            _("Confirm your email address first: follow the link we sent you."),
            errors={"email": [_("This email address is not confirmed yet.")]},
        )
    token, _created = Token.objects.get_or_create(user=user)
    return token

"""Invitations: emailing imported people a link to set their password, and accepting it.

The link carries Django's password-reset token (`default_token_generator`). The token is
computed from the password hash and the last login, so it stops working the moment the
person sets a password or signs in: the link is single-use. It expires after
`PASSWORD_RESET_TIMEOUT` (three days by default); after that the person uses "Forgot your
password?" on the login page, which sends a fresh link to the same address.

Each invitation is recorded as an in-app notification of kind INVITATION (pointing at the
program) that is marked as emailed, so a redelivered task finds it and sends nothing twice.
The email address is recorded as verified only when the person sets their password
through the link: following a link sent to an address proves they own it.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from mentorship.models import Membership, Notification, NotificationKind, Program, User


def invitation_url(user: User) -> str:
    """The absolute set-password link for `user` (valid until used or expired)."""
    path = reverse(
        "invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def program_url(program: Program) -> str:
    """Where an invited person starts in the program: its onboarding questionnaire."""
    return reverse("onboarding", args=[program.slug])


@transaction.atomic
def send_invitation_email(*, membership_id: int) -> bool:
    """Email the member a set-password link for their program; True if an email went out.

    Sends nothing when the membership is gone or no longer active, the account is
    deactivated or already has a password (they can simply log in), or this program's
    invitation was already emailed. The membership row is locked, so two deliveries of
    the same task cannot both send.
    """
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "program")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None or membership.status != Membership.Status.ACTIVE:
        return False
    user, program = membership.user, membership.program
    if not user.is_active or user.has_usable_password():
        return False
    url = program_url(program)
    if Notification.objects.filter(
        recipient=user, kind=NotificationKind.INVITATION, url=url
    ).exists():
        return False
    Notification.objects.create(
        recipient=user,
        kind=NotificationKind.INVITATION,
        title=(_("You were invited to %(program)s") % {"program": program.name})[:200],
        body=_("Set your password from the email we sent you, then complete your profile."),
        url=url,
        emailed_at=timezone.now(),
    )
    context = {
        "user": user,
        "program": program,
        "link": invitation_url(user),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    subject = render_to_string(
        "mentorship/participants/invitation_email_subject.txt", context
    ).strip()
    body = render_to_string("mentorship/participants/invitation_email.txt", context)
    # Sent inside the transaction: if sending fails, the marker rolls back and a retry sends.
    send_mail(subject, body, None, [user.email])
    return True


def invited_user(*, uidb64: str, token: str) -> User | None:
    """The active user a set-password link belongs to, or None if it is wrong or spent."""
    try:
        user_id = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@transaction.atomic
def accept_invitation(*, user: User, password: str) -> User:
    """Set the invited person's password and record their email address as verified.

    The password must already be validated (the set-password form does it).
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.filter(user=user, primary=True).update(primary=False)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return user

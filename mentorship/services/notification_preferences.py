"""How each person wants each kind of notification, and unsubscribing from emails.

Every change of a preference goes through here. An unsubscribe link carries a signed token
(user id and the kinds that email was about), so it works from a mail client without a
session or a CSRF token: the signature is the authority, and it only ever turns emails
*off* (to in-app only). Turning a kind off entirely is a separate, explicit choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentorship.errors import ApplicationError
from mentorship.models import Delivery, NotificationKind, NotificationPreference, User
from mentorship.models.notifications import DEFAULT_DELIVERY

UNSUBSCRIBE_SALT = "mentorship.notifications.unsubscribe"

# Deliveries that send email; unsubscribing moves these to in-app only.
EMAILING = frozenset({Delivery.EMAIL.value, Delivery.DIGEST.value})


class InvalidUnsubscribeLink(ApplicationError):
    """The unsubscribe token is tampered, truncated or names nobody (400)."""

    status_code = 400


@dataclass(frozen=True)
class UnsubscribeTarget:
    """Who an unsubscribe link is for and which kinds of email it stops."""

    user: User
    kinds: tuple[NotificationKind, ...]

    @property
    def kind_labels(self) -> list[str]:
        return [str(kind.label) for kind in self.kinds]


def preferences_for(*, user: User) -> dict[str, str]:
    """Every kind mapped to the person's delivery for it, defaults filled in (one query)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.value: chosen.get(kind.value, DEFAULT_DELIVERY.value) for kind in NotificationKind}


def clean_preferences(deliveries: Mapping[str, str]) -> dict[str, str]:
    """Validate a kind → delivery mapping; every error names the kind it is about."""
    errors: dict[str, list[str]] = {}
    for kind, delivery in deliveries.items():
        if kind not in NotificationKind.values:
            errors[kind] = [_("Unknown notification kind.")]
        elif delivery not in Delivery.values:
            errors[kind] = [
                _("Unknown delivery %(delivery)s; choose one of %(choices)s.")
                % {"delivery": delivery, "choices": ", ".join(Delivery.values)}
            ]
    if errors:
        raise ValidationError(errors)
    return dict(deliveries)


@transaction.atomic
def set_notification_preferences(*, user: User, deliveries: Mapping[str, str]) -> dict[str, str]:
    """Store the person's delivery for each kind given; return the full, current mapping.

    Nothing is written when any kind or delivery is unknown. One upsert writes them all.
    """
    cleaned = clean_preferences(deliveries)
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=user, kind=kind, delivery=delivery)
            for kind, delivery in cleaned.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["delivery"],
    )
    return preferences_for(user=user)


def set_notification_preference(*, user: User, kind: str, delivery: str) -> dict[str, str]:
    """Store the person's delivery for one kind; return the full, current mapping."""
    return set_notification_preferences(user=user, deliveries={kind: delivery})


def make_unsubscribe_token(*, user: User, kinds: Iterable[str]) -> str:
    """A signed, URL-safe token that unsubscribes `user` from emails of `kinds`.

    It does not expire: a link in an old email must still work (RFC 8058 expects it to).
    """
    payload = {"u": user.pk, "k": sorted(set(kinds))}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> UnsubscribeTarget:
    """Who and what a token unsubscribes; `InvalidUnsubscribeLink` for anything else."""
    invalid = InvalidUnsubscribeLink(_("This unsubscribe link is not valid."))
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise invalid from error
    if not isinstance(payload, dict):
        raise invalid
    user_id, kind_values = payload.get("u"), payload.get("k")
    if not isinstance(user_id, int) or not isinstance(kind_values, list) or not kind_values:
        raise invalid
    if any(kind not in NotificationKind.values for kind in kind_values):
        raise invalid
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise invalid
    return UnsubscribeTarget(user=user, kinds=tuple(NotificationKind(kind) for kind in kind_values))


@transaction.atomic
def unsubscribe(*, token: str) -> UnsubscribeTarget:
    """Stop the emails a token names: each of its kinds that emails becomes in-app only.

    Kinds already in-app only or off stay as they are, so a stale link never turns
    anything back on, and using a link twice changes nothing the second time.
    """
    target = read_unsubscribe_token(token)
    current = preferences_for(user=target.user)
    changes = {
        kind.value: Delivery.IN_APP.value for kind in target.kinds if current[kind] in EMAILING
    }
    if changes:
        set_notification_preferences(user=target.user, deliveries=changes)
    return target

"""Sign in the load test's users and write what locust needs to act as them.

Run by scripts/loadtest.sh after the demo is seeded: picks `--users` mentees of the
program who are in an active relationship (so each one's relationship page has a real
relationship behind it), signs each in with Django's own `login()` (through the test
client's `force_login`, which makes the same session a login form makes) and gives each an
API token. Writes JSON: the program, and per user the session cookie, the token and the
relationship id.

Signing in here rather than through the login form keeps 50 deliberately slow password
hashes out of the measured minute; the sessions are real rows in the session store.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from relationships.models import Relationship  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--program", default="demo")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()

    relationships = list(
        Relationship.objects.filter(program__slug=args.program, state=Relationship.State.ACTIVE)
        .select_related("mentee__membership__user")
        .order_by("pk")[: args.users]
    )
    if len(relationships) < args.users:
        sys.exit(
            f"Only {len(relationships)} active relationships in {args.program!r}; the load "
            f"test needs {args.users} (seed the demo with its history)."
        )
    # ALLOWED_HOSTS of a production-like run may not list the test client's host.
    client_host = {"HTTP_HOST": settings.ALLOWED_HOSTS[0]} if settings.ALLOWED_HOSTS else {}
    users = []
    for relationship in relationships:
        user = relationship.mentee.membership.user
        client = Client(**client_host)
        client.force_login(user)
        token, _ = Token.objects.get_or_create(user=user)
        users.append(
            {
                "email": user.email,
                "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "token": token.key,
                "relationship": relationship.pk,
            }
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"program": args.program, "users": users}, indent=1))
    print(f"Signed in {len(users)} mentees of {args.program!r}; wrote {args.output}")


if __name__ == "__main__":
    main()

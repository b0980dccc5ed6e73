"""The load test's users: signed-in mentees going round the pages they use most.

Started by scripts/loadtest.sh (`make loadtest`), which signs the users in first and
passes their sessions and tokens in the file named by LOADTEST_USERS_FILE. A closed loop: each
user sends its next request as soon as the answer to the last one arrives (no think time).
Pages carry the session cookie, API calls the token, as a browser and a script would.

Every request must answer 200 without a redirect: a redirect here means the session was
lost (to the login page) or a setting sends plain HTTP to HTTPS, and counts as an error.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant, task

with Path(os.environ["LOADTEST_USERS_FILE"]).open() as users_file:
    SIGNED_IN = json.load(users_file)
PROGRAM = SIGNED_IN["program"]
NEXT_USER = itertools.cycle(SIGNED_IN["users"])

# What people type into the directory's search box.
SEARCHES = ("leadership", "data", "product strategy", "career change", "python", "")


class Mentee(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        user = next(NEXT_USER)
        self.relationship = user["relationship"]
        self.page_headers = {"Cookie": f"sessionid={user['session']}"}
        self.api_headers = {"Authorization": f"Token {user['token']}"}

    def _get(self, url: str, *, name: str, api: bool = False) -> None:
        headers = self.api_headers if api else self.page_headers
        with self.client.get(
            url, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{response.status_code} {where}".strip())

    def _search(self) -> dict[str, Any]:
        return {"q": random.choice(SEARCHES)}  # noqa: S311 (load, not security)

    @task(3)
    def directory_search(self) -> None:
        query = self._search()["q"]
        self._get(f"/programs/{PROGRAM}/mentors/?q={query}", name="page: directory search")

    @task(2)
    def suggestions(self) -> None:
        self._get(f"/programs/{PROGRAM}/suggestions/", name="page: suggestions")

    @task(2)
    def relationship(self) -> None:
        self._get(f"/relationships/{self.relationship}/", name="page: relationship")

    @task(2)
    def dashboard(self) -> None:
        self._get("/home/", name="page: dashboard")

    @task(2)
    def api_mentors(self) -> None:
        query = self._search()["q"]
        self._get(f"/api/v1/programs/{PROGRAM}/mentors/?q={query}", name="api: mentors", api=True)

    @task(1)
    def api_relationships(self) -> None:
        self._get("/api/v1/relationships/", name="api: relationships", api=True)

    @task(1)
    def api_requests(self) -> None:
        self._get("/api/v1/requests/", name="api: requests", api=True)

    @task(1)
    def api_meetings(self) -> None:
        self._get(
            f"/api/v1/relationships/{self.relationship}/meetings/", name="api: meetings", api=True
        )

    @task(1)
    def api_notifications(self) -> None:
        self._get("/api/v1/notifications/", name="api: notifications", api=True)

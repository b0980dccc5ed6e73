"""A record of every reminder sent, so a beat scan never sends the same one twice."""

from __future__ import annotations

from django.db import models


class SentReminder(models.Model):
    """One sent reminder, named by a key such as `request:12:half-window` or
    `meeting:5:24h:user:3`. The unique key makes "send once" a database fact."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key

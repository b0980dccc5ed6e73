"""Models of the people app, one module per concept."""

from mentorship.models.background import Job, OutboxMessage
from mentorship.models.users import User

__all__ = ["Job", "OutboxMessage", "User"]

"""Requests, relationships, agreements, goals, meetings, feedback and closure."""

"""The people app's REST API (under /api/v1/)."""

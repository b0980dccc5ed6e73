"""The demo program's history: what happened in its first six months (see `history`)."""

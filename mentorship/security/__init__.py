"""Site-wide protections that every page and API operation gets without opting in.

Login lockout (`lockout`), write throttles for the API (`throttles`), the relaxed
Content-Security-Policy of the API docs page (`api_docs`). The request size limit is a
middleware in `mentorship/middleware.py`; `docs/security.md` lists every protection and the
test that proves it.
"""

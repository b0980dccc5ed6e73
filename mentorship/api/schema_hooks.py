"""drf-spectacular post-processing: what every operation of a kind answers, documented once.

A paginated list answers 404 for a page past its end (DRF's `PageNumberPagination`, see
docs/api.md). Operations that already document a 404 for their object keep theirs; the
others get it here, so a new list endpoint cannot forget it (the API fuzzing test asks for
`?page=` numbers past the end and fails on any undocumented status).
"""

from __future__ import annotations

from typing import Any

PAGE_NOT_FOUND = {
    "description": "No such page: the page number is past the end of the list.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def document_page_not_found(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """Add the 404 of a page past the end to every operation that takes `?page=`."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            parameters = operation.get("parameters", [])
            pages = any(p.get("in") == "query" and p.get("name") == "page" for p in parameters)
            responses = operation.get("responses", {})
            if pages and "404" not in responses:
                operation["responses"] = dict(sorted({**responses, "404": PAGE_NOT_FOUND}.items()))
    return result

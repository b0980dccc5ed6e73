"""The Swagger UI page of the API, under a Content-Security-Policy it can live with.

drf-spectacular's split view serves the start-up script as a file of its own, so scripts
stay `'self'` here too. Swagger UI's bundle sets inline styles as it draws (swagger-ui
issue #10655), so this one page may use inline styles; it shows no user-written text.
"""

from __future__ import annotations

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularSwaggerSplitView

api_docs = csp_update({"style-src": ["'unsafe-inline'"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)

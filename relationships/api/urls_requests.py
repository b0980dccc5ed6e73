"""API URLs under /api/v1/ (filled in by the area that owns this module)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []

"""Strict reading of environment variables for `settings.py`.

django-environ parses URLs well but is lenient elsewhere (``DEBUG=maybe`` quietly means
False). A misconfigured deployment should stop at start-up with a message that names the
variable, so every read goes through these helpers, which raise ``ImproperlyConfigured``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

_env = environ.Env()

# Models and migrations are kept working on exactly these two.
_SUPPORTED_DATABASES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}


def read_env_file(path: str | os.PathLike[str] | None) -> None:
    """Load ``KEY=value`` lines from a local `.env` file; real environment variables win."""
    if path and Path(path).is_file():
        environ.Env.read_env(str(path), overwrite=False)


def get_str(name: str, default: str | None = None) -> str:
    """Return a string variable, or stop start-up when it is required and missing."""
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(
                f"{name} is not set. Set it in the environment or in .env (see .env.example)."
            )
        return default
    return value


def get_bool(name: str, default: bool) -> bool:
    """Return a boolean variable; anything but a clear yes/no stops start-up."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def get_int(name: str, default: int) -> int:
    """Return an integer variable; a non-number stops start-up."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def get_url(name: str, default: str) -> str:
    """Return an http(s) URL without a trailing slash; anything else stops start-up."""
    value = get_str(name, default).rstrip("/")
    if not value.startswith(("http://", "https://")) or value[-3:] == "://":
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// URL, not {value!r}.")
    return value


def get_choice(name: str, default: str, *, choices: tuple[str, ...]) -> str:
    """Return one of a fixed set of words; anything else stops start-up."""
    value = get_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def get_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list variable, ignoring blanks."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_database(name: str, default: str) -> dict[str, Any]:
    """Parse a database URL (``postgres://…`` or ``sqlite:////abs/path``)."""
    url = get_str(name, default)
    try:
        config: dict[str, Any] = _env.db_url_config(url)
    except Exception as error:  # django-environ raises several types for bad URLs
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None
    if config.get("ENGINE") not in _SUPPORTED_DATABASES or not config.get("NAME"):
        raise ImproperlyConfigured(
            f"{name} must be a postgres:// or sqlite:/// URL with a database name, not {url!r}."
        )
    return config


def get_cache(name: str, default: str) -> dict[str, Any]:
    """Parse a cache URL (``locmemcache://``, ``redis://…``)."""
    url = get_str(name, default)
    try:
        config: dict[str, Any] = _env.cache_url_config(url)
    except Exception as error:
        raise ImproperlyConfigured(f"{name} is not a valid cache URL: {error}") from None
    return config


def get_email(name: str, default: str) -> dict[str, Any]:
    """Parse an email URL (``consolemail://``, ``smtp+tls://user:pass@host:587``)."""
    url = get_str(name, default)
    try:
        config: dict[str, Any] = _env.email_url_config(url)
    except Exception as error:
        raise ImproperlyConfigured(f"{name} is not a valid email URL: {error}") from None
    if not config.get("EMAIL_BACKEND"):
        raise ImproperlyConfigured(f"{name} is not a valid email URL: {url!r}.")
    return config


def get_time_zone(name: str, default: str) -> str:
    """Return an IANA time zone name; an unknown zone stops start-up."""
    import zoneinfo

    value = get_str(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name} is not a known time zone: {value!r}.") from None
    return value


def get_broker_url(name: str) -> str | None:
    """Return the Celery broker URL, or None to run tasks in-process."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    if not value.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(f"{name} must be a redis:// or rediss:// URL, not {value!r}.")
    return value

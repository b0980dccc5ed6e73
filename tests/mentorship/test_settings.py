"""Settings come from the environment, and a bad environment stops start-up by name."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.processes import PROJECT_ROOT

PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
    "'db': str(s.DATABASES['default']['NAME']), 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'hosts': s.ALLOWED_HOSTS, 'tz': s.TIME_ZONE, 'email': s.EMAIL_BACKEND, "
    "'ssl_redirect': getattr(s, 'SECURE_SSL_REDIRECT', None), "
    "'secure_cookies': s.SESSION_COOKIE_SECURE, 'hsts': s.SECURE_HSTS_SECONDS}))"
)


def start_django(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    """Start Django in a fresh process with exactly this environment (no .env file)."""
    base = {"PATH": "/usr/bin:/bin", "ENV_FILE": "", "DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=PROJECT_ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "mentorship.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_are_read_from_the_environment(tmp_path):
    result = start_django(
        tmp_path,
        SECRET_KEY="k",
        DEBUG="false",
        ALLOWED_HOSTS="mentors.example.org,www.mentors.example.org",
        DATABASE_URL="postgres://app@db.internal:5432/mentoring",
        CELERY_BROKER_URL="redis://broker.internal:6379/0",
        TIME_ZONE="Europe/Berlin",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example.org:587",
        SECURE_SSL_REDIRECT="false",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded == {
        "debug": False,
        "engine": "django.db.backends.postgresql",
        "db": "mentoring",
        "eager": False,
        "hosts": ["mentors.example.org", "www.mentors.example.org"],
        "tz": "Europe/Berlin",
        "email": "django.core.mail.backends.smtp.EmailBackend",
        "ssl_redirect": False,
        "secure_cookies": True,
        "hsts": 31536000,
    }


def test_embedded_default_is_sqlite_under_the_data_dir_with_in_process_tasks(tmp_path):
    result = start_django(tmp_path, SECRET_KEY="k", DEBUG="true")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["db"] == str(tmp_path / "db.sqlite3")
    assert loaded["eager"] is True
    assert loaded["secure_cookies"] is False


def test_production_defaults_turn_on_secure_cookies_hsts_and_ssl_redirect(tmp_path):
    result = start_django(tmp_path, SECRET_KEY="k", ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["debug"] is False
    assert loaded["secure_cookies"] is True
    assert loaded["ssl_redirect"] is True
    assert loaded["hsts"] > 0


def test_missing_secret_key_stops_start_up_naming_it(tmp_path):
    result = start_django(tmp_path, DEBUG="true")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql-ish://nowhere"),
        ("DATABASE_URL", "not a url"),
        ("CELERY_BROKER_URL", "amqp://guest@localhost//"),
        ("TIME_ZONE", "Mars/Olympus_Mons"),
        ("EMAIL_URL", "carrier-pigeon://coop"),
        ("DATABASE_CONN_MAX_AGE", "forever"),
        ("ACCOUNT_EMAIL_VERIFICATION", "sometimes"),
    ],
)
def test_malformed_variable_stops_start_up_naming_it(tmp_path, variable, value):
    result = start_django(tmp_path, **{"SECRET_KEY": "k", "DEBUG": "true", variable: value})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert variable in last_line

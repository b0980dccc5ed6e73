"""`manage.py check --deploy` is clean with a production environment (docs/operations.md)."""

from __future__ import annotations

import secrets
import subprocess
import sys

from tests.processes import PROJECT_ROOT


def production_env(tmp_path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "ENV_FILE": "",
        "DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "mentorship.settings",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "mentors.example.org",
        "SITE_URL": "https://mentors.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://mentors.example.org",
        "DATABASE_URL": "postgres://app@db.internal:5432/mentoring",
        "CELERY_BROKER_URL": "redis://broker.internal:6379/0",
        "EMAIL_URL": "smtp+tls://mailer:pw@smtp.example.org:587",
    }


def check_deploy(tmp_path, **overrides: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env={**production_env(tmp_path), **overrides},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deploy_check_is_clean_in_production(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_catches_a_debug_deployment(tmp_path):
    result = check_deploy(tmp_path, DEBUG="true")
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on in deployment


def test_the_deploy_check_catches_a_short_secret_key(tmp_path):
    result = check_deploy(tmp_path, SECRET_KEY="short")
    assert result.returncode != 0
    assert "security.W009" in result.stderr

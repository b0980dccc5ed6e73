"""The WSGI entry point gunicorn serves: Django loaded whole, then frozen out of the
garbage collector's reach (see `mentorship/wsgi.py`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc, sys
import mentorship.wsgi as wsgi
assert "relationships.views.relationship_detail" in sys.modules  # views loaded before it
print(gc.get_freeze_count(), callable(wsgi.application))
"""


def test_the_entry_point_loads_the_views_and_freezes_what_it_loaded():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "mentorship.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    frozen, callable_app = result.stdout.split()
    # Django, the apps and every URL pattern's view: well over a hundred thousand objects.
    assert int(frozen) > 100_000
    assert callable_app == "True"

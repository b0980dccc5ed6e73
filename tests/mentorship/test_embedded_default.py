"""`make run` without any services: SQLite under DATA_DIR and tasks in-process."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

from tests.processes import PROJECT_ROOT, free_port, port_open, run_manage, wait_until


def embedded_env(data_dir) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "embedded-default-test",
        "DEBUG": "true",
        "ENV_FILE": "",
        "DATA_DIR": str(data_dir),
    }


def test_the_embedded_default_migrates_loads_the_demo_and_serves_the_landing_page(tmp_path):
    env = embedded_env(tmp_path)
    migrated = run_manage("migrate", "--noinput", env=env, timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    assert (tmp_path / "db.sqlite3").exists()

    demo = run_manage("seed_demo", env=env)
    assert demo.returncode == 0, demo.stderr
    assert "mentee@demo.test" in demo.stdout
    assert run_manage("seed_demo", env=env).returncode == 0  # a second run changes nothing

    checked = run_manage("check_workers", "--owner", "platform@demo.test", env=env)
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout.splitlines()[-1])["database"] == "sqlite"

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: port_open(port), timeout=30, what="runserver")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as page:
            assert page.status == 200
            assert "mentor" in page.read().decode().lower()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as health:
            assert health.status == 200
            assert json.loads(health.read())["checks"]["database"] == "ok"
    finally:
        server.terminate()
        server.wait(timeout=10)

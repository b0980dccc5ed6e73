"""Stopping a task "in the middle" without hooks in the code, and killing who runs it.

A task is held by a row lock it needs, taken from a separate database connection; the
blocked statement shows in `pg_stat_activity` with the client port of the worker process
that sent it, and that port leads to the process through `/proc`. Then the test kills
exactly that process, watches the task come back, and releases the lock.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg2  # type: ignore[import-untyped]
from django.db import connection

from tests.processes import wait_until


@contextmanager
def row_lock(sql: str, params: tuple[Any, ...]) -> Iterator[None]:
    """Hold the row lock of `sql` (a `SELECT ... FOR <mode>`) until the block ends."""
    settings = connection.settings_dict
    holder = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"],
        port=settings["PORT"] or None,
    )
    try:
        with holder.cursor() as cursor:
            cursor.execute(sql, params)
            assert cursor.fetchall(), f"nothing to lock: {sql} {params}"
        yield
    finally:
        holder.rollback()
        holder.close()


def lock_waiters(table: str) -> list[tuple[int, int]]:
    """(backend pid, client port) of every statement waiting for a lock and naming `table`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, client_port FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND query LIKE %s ORDER BY backend_start",
            [f"%{table}%"],
        )
        return [(int(pid), int(port)) for pid, port in cursor.fetchall()]


def wait_for_waiter(table: str, *, besides: set[int] = frozenset(), timeout: float = 60) -> int:  # type: ignore[assignment]
    """The backend pid of a new statement blocked on `table` (not one of `besides`)."""

    def new_waiter() -> int | None:
        pids = [pid for pid, _port in lock_waiters(table) if pid not in besides]
        return pids[0] if pids else None

    return int(wait_until(new_waiter, timeout=timeout, what=f"a task to block on {table}"))


def client_port_of(backend_pid: int) -> int:
    return dict(lock_waiters(""))[backend_pid]


def children_of(parent: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            children.append(int(stat.parent.name))
    return children


def process_with_local_port(port: int, candidates: list[int]) -> int:
    """Which of `candidates` owns the TCP socket whose local port is `port`."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    for pid in candidates:
        for descriptor in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(descriptor) in inodes:
                    return pid
            except OSError:
                continue
    raise AssertionError(f"No process among {candidates} owns local port {port}.")


def kill_pool_process_running(backend_pid: int, *, worker_pid: int) -> int:
    """SIGKILL the worker's pool process whose database session is `backend_pid`."""
    child = process_with_local_port(client_port_of(backend_pid), children_of(worker_pid))
    os.kill(child, signal.SIGKILL)
    return child

"""CPU time and memory of the processes serving the benchmark, read from /proc."""

from __future__ import annotations

import os
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # gone, or not on this machine
        return None
    # "pid (comm) state ppid …": comm may hold spaces, so split after its closing bracket.
    return text.rpartition(")")[2].split()


def cpu_ms(pids: list[int]) -> dict[int, float]:
    """User plus system CPU milliseconds each live process has used so far."""
    used = {}
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            used[pid] = (int(fields[11]) + int(fields[12])) * 1000 / TICKS_PER_SECOND
    return used


def cpu_delta_ms(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two readings; a process that appeared in between counts in full."""
    return sum(ms - before.get(pid, 0.0) for pid, ms in after.items())


def children(parent: int) -> list[int]:
    """The processes whose parent is `parent` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None and int(fields[1]) == parent:
                found.append(int(entry.name))
    return sorted(found)


def rss_mib(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def database_backends() -> list[int]:
    """This database's client backends on this machine, other than our own connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    return [pid for pid in pids if _is_postgres(pid)]


def _is_postgres(pid: int) -> bool:
    # A server elsewhere (DATABASE_URL) has pids that mean other processes here.
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() in {"postgres", "postmaster"}
    except OSError:
        return False

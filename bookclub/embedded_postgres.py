"""An embedded PostgreSQL for machines where no DATABASE_URL is configured.

The server lives in .data/postgres and is shared by every process of the
project; pgserver stops it when the last process that attached exits.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / ".data" / "postgres"
DATABASE_NAME = os.environ.get("EMBEDDED_DATABASE_NAME", "bookclub")


def database_settings() -> dict:
    """Start (or attach to) the embedded server and return Django's DATABASES entry."""
    import warnings

    # pgserver keeps its lock in the user's runtime dir and warns when XDG_RUNTIME_DIR is unset.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver

    DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    with pgserver.PostgresServer._lock:
        _forget_dead_processes()
    server = pgserver.get_server(DATA_DIR, cleanup_mode="stop")
    info = server.get_postmaster_info()
    _ensure_database(str(info.socket_dir), info.port or 5432)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or 5432),
    }


def _forget_dead_processes() -> None:
    """Drop processes that died without detaching (killed, crashed) from pgserver's list.

    pgserver stops the server when the last listed process exits; a dead entry would keep
    it running forever, and a file cut short by a kill would stop every later start.
    """
    pid_file = DATA_DIR / ".handle_pids.json"
    if not pid_file.exists():
        return
    try:
        pids = json.loads(pid_file.read_text() or "[]")
    except ValueError:
        pids = []
    pid_file.write_text(json.dumps([pid for pid in pids if _is_alive(pid)]))


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _ensure_database(socket_dir: str, port: int) -> None:
    import psycopg

    with psycopg.connect(
        dbname="postgres", user="postgres", host=socket_dir, port=port, autocommit=True
    ) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop() -> None:
    """Stop a server left running, for instance after a process was killed."""
    from pgserver._commands import pg_ctl
    from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(DATA_DIR)
    if info is None or not info.is_running():
        print("The embedded PostgreSQL is not running.")
        return
    user = "pgserver" if _running_as_root() else None
    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=DATA_DIR, user=user)
    _detach_this_process()
    print("The embedded PostgreSQL stopped.")


def _detach_this_process() -> None:
    """The server is stopped: nothing is left for pgserver's exit handler to do."""
    import atexit

    from pgserver import PostgresServer

    for server in list(PostgresServer._instances.values()):
        atexit.unregister(server._cleanup)
    (DATA_DIR / ".handle_pids.json").write_text("[]")


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        stop()
    else:
        sys.exit("usage: python -m bookclub.embedded_postgres stop")

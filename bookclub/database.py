"""How each process's connection pool tests a connection before a request gets it."""

from __future__ import annotations

from psycopg_pool import ConnectionPool


def check_connection(connection) -> None:
    """psycopg's check on checkout; when it fails, test every idle connection at once.

    One dead connection means the server dropped them all (a restart, a failover). psycopg
    would otherwise find them one per check, backing off for a second after the second, so
    the first request after PostgreSQL is back would time out on stale connections.
    """
    try:
        ConnectionPool.check_connection(connection)
    except Exception:
        from django.db import DEFAULT_DB_ALIAS, connections

        connections[DEFAULT_DB_ALIAS].pool.check()  # replaces the dead ones in the background
        raise

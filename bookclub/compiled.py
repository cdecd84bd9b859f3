"""Querysets compiled to SQL once per process, then run with new values on every call.

For the few queries that run on nearly every request (the session, the signed-in user):
building and compiling a queryset costs several times what PostgreSQL takes to answer it.
The queryset stays the one definition of the query; only its compilation is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

# Stand-ins for the values while compiling: nothing a real query would pass.
_SENTINEL_BASE = -7_340_000_000_000


class CompiledQuery:
    """`build(*values)` returns a queryset; it is called once, with sentinels for the values.

    Each value must reach the SQL as a parameter of its own, unchanged (a primary key, a
    string, a datetime compared with a column): compiling checks that every sentinel is
    found, so a value that Django would transform fails loudly instead of matching wrongly.
    """

    def __init__(self, build: Callable[..., QuerySet], arity: int) -> None:
        self._build = build
        self._arity = arity
        self._compiled: tuple | None = None
        self._lock = threading.Lock()

    def _compile(self) -> tuple:
        with self._lock:
            if self._compiled is None:
                sentinels = [_SENTINEL_BASE - index for index in range(self._arity)]
                queryset = self._build(*sentinels)
                sql, params = queryset.query.sql_with_params()
                # A text column receives the sentinel as a string.
                names: dict = {s: i for i, s in enumerate(sentinels)}
                names.update({str(s): i for i, s in enumerate(sentinels)})
                slots = [
                    _Slot(names[param]) if _hashable(param) and param in names else param
                    for param in params
                ]
                missing = set(range(self._arity)) - {s for s in slots if isinstance(s, _Slot)}
                if missing:
                    raise ValueError(f"values {sorted(missing)} do not reach the SQL unchanged")
                self._compiled = (queryset.model, queryset.db, sql, slots)
            return self._compiled

    def _sql_and_params(self, values) -> tuple:
        model, db, sql, slots = self._compile()
        params = [values[slot] if isinstance(slot, _Slot) else slot for slot in slots]
        return model, db, sql, params

    def rows(self, *values) -> list[tuple]:
        _model, db, sql, params = self._sql_and_params(values)
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def first(self, *values):
        """The first model instance the query returns (annotations as attributes), or None."""
        model, db, sql, params = self._sql_and_params(values)
        return next(iter(model._default_manager.db_manager(db).raw(sql, params)), None)


def _hashable(value) -> bool:
    return isinstance(value, int | str) and not isinstance(value, bool)


class _Slot(int):
    """Index of a value in `CompiledQuery` parameters (an int subclass, so never a plain param)."""

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
                self._layout = _layout(queryset)
            return self._compiled

    def _sql_and_params(self, values) -> tuple:
        model, db, sql, slots = self._compile()
        params = [values[slot] if isinstance(slot, _Slot) else slot for slot in slots]
        return model, db, sql, params

    def sql_and_params(self, *values) -> tuple[str, list]:
        """The SQL and its parameters, for embedding this query in another (see `instance`)."""
        _model, _db, sql, params = self._sql_and_params(values)
        return sql, params

    @property
    def width(self) -> int:
        """How many columns a row of this query has."""
        self._compile()
        own, annotations, related = self._layout
        return len(own) + len(annotations) + sum(len(m._meta.concrete_fields) for _, m in related)

    def instance(self, row):
        """The instance a row of this query describes, or None for a row of NULLs (no match
        of a LEFT JOIN), with its annotations and its select_related objects."""
        model, db, _sql, _slots = self._compile()
        own, annotations, related = self._layout
        if len(row) != self.width:
            raise ValueError(f"expected {self.width} columns, got {len(row)}")
        if row[own.index(model._meta.pk.attname)] is None:
            return None
        instance = model.from_db(db, own, row[: len(own)])
        at = len(own)
        for name in annotations:
            setattr(instance, name, row[at])
            at += 1
        for field, related_model in related:
            names = [f.attname for f in related_model._meta.concrete_fields]
            values = row[at : at + len(names)]
            at += len(names)
            found = related_model.from_db(db, names, values) if values[0] is not None else None
            field.set_cached_value(instance, found)
        return instance

    def first(self, *values):
        """The first instance, with its annotations and its select_related objects, or None."""
        _model, db, sql, params = self._sql_and_params(values)
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return None if row is None else self.instance(row)


def _layout(queryset) -> tuple:
    """Columns of a compiled queryset in Django's order: the model's fields, its annotations,
    then the fields of each model picked by select_related (one level deep)."""
    model = queryset.model
    related = queryset.query.select_related
    related = related if isinstance(related, dict) else {}
    if any(related.values()):
        raise ValueError("only one level of select_related is supported")
    return (
        [f.attname for f in model._meta.concrete_fields],
        list(queryset.query.annotation_select),
        [
            (model._meta.get_field(name), model._meta.get_field(name).related_model)
            for name in related
        ],
    )


def _hashable(value) -> bool:
    return isinstance(value, int | str) and not isinstance(value, bool)


class _Slot(int):
    """Index of a value in `CompiledQuery` parameters (an int subclass, so never a plain param)."""

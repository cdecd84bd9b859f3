"""Django's database sessions, read through a query compiled once per process."""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db.models.functions import Now

from bookclub.compiled import CompiledQuery

_session_data = CompiledQuery(
    lambda session_key: Session.objects.filter(
        session_key=session_key, expire_date__gt=Now()
    ).values_list("session_data"),
    arity=1,
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        rows = _session_data.rows(self.session_key)
        if not rows:
            self._session_key = None
            return None
        return self.model(session_key=self.session_key, session_data=rows[0][0])

"""Database sessions that read the signed-in person along with the session, in one query.

The session row names its user (accounts.Session.user), so the query that reads the
session also reads the user's row, in the shape the auth backends give it (with the unread
notification count). Django's own `get_user` still checks the session against the user's
password hash; the backend only skips a second query (see `user_read_with_session`).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.contrib.auth import get_user as django_get_user
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.contrib.sessions.backends import db
from django.db.models import OuterRef
from django.db.models.functions import Now
from django.utils.functional import SimpleLazyObject

from bookclub.compiled import CompiledQuery
from bookclub.lru import LRUCache


def _session_with_user(session_key):
    from bookclub.accounts.models import Session
    from discussions.auth_backends import unread_count_subquery  # what the backends add

    return (
        Session.objects.filter(session_key=session_key, expire_date__gt=Now())
        .select_related("user")
        .annotate(unread_notification_count=unread_count_subquery(OuterRef("user_id")))
    )


_session_query = CompiledQuery(_session_with_user, arity=1)

# Signed session data -> its data, serialized, once its signature was checked in this process.
_verified_data = LRUCache(4096)


class SessionStore(db.SessionStore):
    # The session's user as the auth backends load it, or None.
    user_read_with_session = None

    @classmethod
    def get_model_class(cls):
        from bookclub.accounts.models import Session

        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            session.user_id = None
        return session

    def decode(self, session_data):
        # Checking the signature is a tenth of a cached page's time, and the same signed text
        # always decodes to the same data. Each caller gets its own copy to change.
        known = _verified_data.get(session_data)
        if known is not None:
            return self.serializer().loads(known)
        data = super().decode(session_data)
        if data:
            _verified_data.set(session_data, self.serializer().dumps(data))
        return data

    def _get_session_from_db(self):
        found = _session_query.first(self.session_key)
        if found is None:
            self._session_key = None
            return None
        session = found
        if session.user_id is not None and session.user is not None:
            self.user_read_with_session = session.user
            session.user.unread_notification_count = session.unread_notification_count
        return session


_session_of_request: ContextVar = ContextVar("session_of_request", default=None)


def user_read_with_session(user_id):
    """For auth backends: the user read with this request's session, if it is `user_id`."""
    user = getattr(_session_of_request.get(), "user_read_with_session", None)
    return user if user is not None and user.pk == user_id else None


def _get_user(request):
    if not hasattr(request, "_cached_user"):
        token = _session_of_request.set(request.session)
        try:
            request._cached_user = django_get_user(request)
        finally:
            _session_of_request.reset(token)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with `request.user` read through `user_read_with_session` when it can."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _get_user(request))

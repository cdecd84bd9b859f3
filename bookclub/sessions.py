"""Database sessions that read the signed-in person along with the session, in one query.

The session row names its user (accounts.Session.user), so the query that reads the
session also reads the user's row, in the shape the auth backends give it (with the unread
notification count). Django's own `get_user` still checks the session against the user's
password hash; the backend only skips a second query (see `user_read_with_session`).

A view whose `club_view` preload can read the session too (the thread page) runs that one
query before anything reads `request.user`: see `AuthenticationMiddleware.process_view`.
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


session_query = CompiledQuery(_session_with_user, arity=1)

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

    def load(self):
        return self._accepted(session_query.first(self.session_key))

    def is_unread(self) -> bool:
        return self.session_key is not None and not hasattr(self, "_session_cache")

    def accept(self, found) -> None:
        """Take this session's row (None: no such live session) as another query read it
        through `session_query`, instead of reading it again."""
        self._session_cache = self._accepted(found)

    def _accepted(self, found) -> dict:
        if found is None:
            self._session_key = None
            return {}
        if found.user_id is not None and found.user is not None:
            self.user_read_with_session = found.user
            found.user.unread_notification_count = found.unread_notification_count
        return self.decode(found.session_data)


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


def unread_session(request):
    """The request's session store while nothing has read it or `request.user` yet: a query
    that reads it along with other rows hands it over with `SessionStore.accept`."""
    store = getattr(request, "session", None)
    if hasattr(request, "_cached_user") or not isinstance(store, SessionStore):
        return None
    return store if store.is_unread() else None


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with `request.user` read through `user_read_with_session` when it can."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _get_user(request))

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Before any later middleware reads request.user: a club view's preload may read
        # the session within its own query (bookclub.clubs.access.club_view).
        run_preload = getattr(view_func, "run_preload", None)
        if run_preload is not None and unread_session(request) is not None:
            run_preload(request, view_kwargs)

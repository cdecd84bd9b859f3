"""Authentication backends that load the signed-in user with their unread notification count.

The count rides along the one query Django already makes for `request.user` on every
request, so the navigation badge costs no extra query on any page.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from bookclub.compiled import CompiledQuery
from bookclub.sessions import user_read_with_session
from discussions.notification_models import Notification


def unread_count_subquery(user=None) -> Coalesce:
    """The unread notification count of `user` (an outer reference: the row's own pk)."""
    counts = (
        Notification.objects.unread()
        .visible_to(OuterRef("pk") if user is None else user)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _users_with_unread_count():
    return get_user_model()._default_manager.annotate(
        unread_notification_count=unread_count_subquery()
    )


# Runs on every signed-in request: compiled once per process.
_user_with_unread_count = CompiledQuery(
    lambda user_id: _users_with_unread_count().filter(pk=user_id), arity=1
)


class UnreadCountMixin:
    def get_user(self, user_id):
        try:
            user_id = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = user_read_with_session(user_id) or _user_with_unread_count.first(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        user = await _users_with_unread_count().filter(pk=user_id).afirst()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UnreadCountMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(UnreadCountMixin, AllauthBackend):
    pass

"""Authentication backends that load the signed-in user with their unread notification count.

The count rides along the one query Django already makes for `request.user` on every
request, so the navigation badge costs no extra query on any page.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from discussions.notification_models import Notification


def unread_count_subquery() -> Coalesce:
    counts = (
        Notification.objects.unread()
        .visible_to(OuterRef("pk"))
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


class UnreadCountMixin:
    def get_user(self, user_id):
        users = get_user_model()._default_manager.annotate(
            unread_notification_count=unread_count_subquery()
        )
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        users = get_user_model()._default_manager.annotate(
            unread_notification_count=unread_count_subquery()
        )
        user = await users.filter(pk=user_id).afirst()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UnreadCountMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(UnreadCountMixin, AllauthBackend):
    pass

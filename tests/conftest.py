from __future__ import annotations

import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Only what tests must change: a fast hasher, immediate tasks, plain HTTP, no manifest."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _clear_cache(db):
    # Rate-limit counters live in the cache; each test starts with none.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def club(db):
    from tests.factories import ClubFactory

    return ClubFactory()


@pytest.fixture
def private_club(db):
    from tests.factories import ClubFactory

    return ClubFactory(visibility="private", join_policy="invite")


def member_of(club, role: str = "member", **fields):
    """A user holding `role` in `club` (owner, admin, moderator, member; status banned too)."""
    from tests.factories import MembershipFactory

    return MembershipFactory(club=club, role=role, **fields).user

from __future__ import annotations

import pytest
from django.test.utils import override_settings

from tests.factories import UserFactory

TEST_SETTINGS = {
    # Only what tests must change: a fast hasher, immediate tasks, plain HTTP, no manifest.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
    "SECURE_SSL_REDIRECT": False,
    "SECURE_HSTS_SECONDS": 0,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    "SITE_URL": "http://testserver",
}


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory):
    # Session-wide so that servers started once per session (live_server) see them too.
    # Uploads (covers the demo draws, test pictures) go to a directory of the run's own.
    with override_settings(**TEST_SETTINGS, MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


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


def acting(user, club):
    """What a club view hands a service as `actor`: `user`'s membership of `club` (banned
    rows included), None for someone who holds none there."""
    from bookclub.clubs.models import Membership

    if user is None or not user.is_authenticated:
        return None
    membership = Membership.objects.filter(club=club, user=user).first()
    if membership is not None:
        membership.club, membership.user = club, user
    return membership

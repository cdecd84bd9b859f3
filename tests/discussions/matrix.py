"""The discussions app's rows of the URL × role matrix (format: tests/test_url_matrix.py).

Anyone who may see the club reads threads, lists, search and the public feed; members post,
react and keep read state; authors edit their posts; moderators delete others'
posts and read earlier versions. The secret feed URL's token is its credential.
"""

from __future__ import annotations

import uuid

from bookclub.clubs.models import Membership
from discussions import services
from discussions.models import Post, ReadState, Thread
from tests.clubs.matrix import EVERYONE, MEMBER_ROLES, MEMBERS_ONLY, World, statuses
from tests.conftest import acting
from tests.discussions.conftest import make_reading

MEMBERS_POST_ONLY = statuses(403, anonymous=302, **dict.fromkeys(MEMBER_ROLES, 405))
MEMBERS_REDIRECT = statuses(403, anonymous=302, **dict.fromkeys(MEMBER_ROLES, 302))
MODERATORS = ("moderator", "admin", "owner")
MODERATORS_ONLY = statuses(403, anonymous=302, **dict.fromkeys(MODERATORS, 200))
MODERATORS_POST_ONLY = statuses(403, anonymous=302, **dict.fromkeys(MODERATORS, 405))
MODERATORS_REDIRECT = statuses(403, anonymous=302, **dict.fromkeys(MODERATORS, 302))


def _thread(world: World) -> Thread:
    if "thread" not in world.extra:
        reading = make_reading(world.club)
        author = world.users["member"]
        thread = services.create_thread(
            reading=reading,
            actor=acting(author, reading.club),
            title="Where to begin",
            body="Opening post",
        )
        world.extra.update(
            reading=reading,
            thread=thread,
            post=thread.last_post,
            other_post=services.create_post(
                thread=thread, actor=acting(world.target.user, thread.club), body="Hi"
            ),
        )
    return world.extra["thread"]


def _reading_kwargs(world: World) -> dict:
    _thread(world)
    return {"reading_id": world.extra["reading"].pk}


def _thread_kwargs(world: World) -> dict:
    return {"thread_id": _thread(world).pk}


def _detail_kwargs(world: World) -> dict:
    thread = _thread(world)
    return {"thread_id": thread.pk, "slug": thread.slug}


def _own_post_kwargs(world: World) -> dict:
    _thread(world)
    return {"post_id": world.extra["post"].pk}


def _others_post_kwargs(world: World) -> dict:
    _thread(world)
    return {"post_id": world.extra["other_post"].pk}


def _revised_post_kwargs(world: World) -> dict:
    _thread(world)
    post = world.extra["post"]
    services.edit_post(
        post=post, actor=acting(world.users["member"], post.thread.club), body="Edited", version=1
    )
    return {"post_id": post.pk}


def _theme_kwargs(world: World) -> dict:
    kwargs = _reading_kwargs(world)
    return {**kwargs, "theme_slug": world.extra["reading"].book.themes.first().slug}


def _chapter_kwargs(world: World) -> dict:
    return {**_reading_kwargs(world), "position": 2}


def _prompt_kwargs(world: World) -> dict:
    kwargs = _reading_kwargs(world)
    entry = world.extra["reading"].entries.order_by("due_on").first()
    return {**kwargs, "entry_id": entry.pk, "index": 0}


def _feed_token_kwargs(world: World) -> dict:
    return {"token": world.memberships["member"].discussion_feed_token}


def _feed_tokens(world: World) -> list:
    memberships = Membership.objects.filter(club=world.club).order_by("pk")
    return list(memberships.values_list("discussion_feed_token"))


def _reply(world: World) -> dict:
    return {"body": "A reply from the matrix", "idempotency_key": str(uuid.uuid4())}


def _new_thread(world: World) -> dict:
    return {
        "title": "Matrix thread",
        "place": "general",
        "body": "First words",
        "idempotency_key": str(uuid.uuid4()),
    }


def _posts(world: World) -> int:
    return Post.objects.filter(thread__club=world.club).count()


def _threads(world: World) -> int:
    return Thread.objects.filter(club=world.club).count()


def _post_row(world: World, key: str) -> tuple:
    return Post.objects.filter(pk=world.extra[key].pk).values_list(
        "body", "deleted_at", "reaction_counts"
    )[0]


ENTRIES = {
    # The club nav's Discussions, for whoever sees the club: without a reading (as here) a
    # page on how to begin; with one, a redirect to its discussions (test_way_in.py).
    "discussions:club-discussions": {"get": EVERYONE},
    "discussions:thread-index": {"setup": _reading_kwargs, "get": EVERYONE},
    "discussions:thread-list-theme": {"setup": _theme_kwargs, "get": EVERYONE},
    "discussions:thread-list-chapter": {"setup": _chapter_kwargs, "get": EVERYONE},
    "discussions:thread-list-general": {"setup": _reading_kwargs, "get": EVERYONE},
    "discussions:thread-create": {
        "setup": _reading_kwargs,
        "get": MEMBERS_ONLY,
        "post": MEMBERS_REDIRECT,
        "post_data": _new_thread,
        "effect": _threads,
        "changes_for": set(MEMBER_ROLES),
    },
    "discussions:thread-mark-all-read": {
        "setup": _reading_kwargs,
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "effect": lambda world: ReadState.objects.filter(thread__club=world.club).count(),
        "changes_for": set(MEMBER_ROLES),
    },
    "discussions:thread-from-prompt": {
        "setup": _prompt_kwargs,
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "effect": _threads,
        "changes_for": set(MEMBER_ROLES),
    },
    "discussions:thread-detail": {"setup": _detail_kwargs, "get": EVERYONE},
    "discussions:thread-unread": {"setup": _thread_kwargs, "get": MEMBERS_REDIRECT},
    "discussions:post-create": {
        "setup": _thread_kwargs,
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "post_data": _reply,
        "effect": _posts,
        "changes_for": set(MEMBER_ROLES),
    },
    "discussions:post-detail": {"setup": _own_post_kwargs, "get": statuses(302)},
    "discussions:post-edit": {
        "setup": _own_post_kwargs,
        "get": statuses(403, anonymous=302, member=200),
        "post": statuses(403, anonymous=302, member=302),
        "post_data": lambda world: {"body": "Changed", "version": 1},
        "effect": lambda world: _post_row(world, "post"),
        "changes_for": {"member"},
    },
    "discussions:post-delete": {
        "setup": _others_post_kwargs,
        "get": MODERATORS_ONLY,
        "post": MODERATORS_REDIRECT,
        "effect": lambda world: _post_row(world, "other_post"),
        "changes_for": set(MODERATORS),
    },
    "discussions:post-react": {
        "setup": _others_post_kwargs,
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "post_data": lambda world: {"kind": "like"},
        "effect": lambda world: _post_row(world, "other_post"),
        "changes_for": set(MEMBER_ROLES),
    },
    "discussions:post-revisions": {"setup": _revised_post_kwargs, "get": MODERATORS_ONLY},
    "discussions:thread-search": {"get": EVERYONE},
    "discussions:feed-detail": {"get": EVERYONE},
    "discussions:feed-public": {"get": EVERYONE, "get_private": statuses(404)},
    # The token is the credential: whoever holds a member's link reads it, signed in or not.
    "discussions:feed-private": {
        "setup": _feed_token_kwargs,
        "get": statuses(200),
        "get_private": statuses(200),
    },
    "discussions:feed-reset": {
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "effect": _feed_tokens,
        "changes_for": set(MEMBER_ROLES),
    },
    # Following (notifications): members follow threads and themes.
    "following:thread-follow": {
        "setup": _thread_kwargs,
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "post_data": lambda world: {"follow": "0"},
        "effect": lambda world: _subscriptions(world),
        "changes_for": set(MEMBER_ROLES),
    },
    "following:theme-follow": {
        "setup": _theme_kwargs,
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "post_data": lambda world: {"follow": "1"},
        "effect": lambda world: _subscriptions(world),
        "changes_for": set(MEMBER_ROLES),
    },
}


def _theme_kwargs(world: World) -> dict:
    _thread(world)
    reading = world.extra["reading"]
    return {"reading_id": reading.pk, "theme_slug": reading.book.themes.first().slug}


def _subscriptions(world: World) -> list:
    from discussions.notifications.models import Subscription

    rows = Subscription.objects.filter(user__memberships__club=world.club)
    return sorted(
        (user, thread or 0, theme or 0, following)
        for user, thread, theme, following in rows.values_list(
            "user_id", "thread_id", "theme_id", "is_following"
        )
    )

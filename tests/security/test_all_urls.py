"""The all-URL walk: every URL pattern of the project has an expectation for every role.

Club URLs take their expectations from the URL × role matrix (tests/test_url_matrix.py,
roles anonymous … banned); this file adds two roles to every club URL:

- blocked: an active member whom the world's "member" (the thread author) and the owner have
  blocked. Blocking is personal: they still see and use the club exactly like a member
  (their own posts aside), so they get the member's statuses and effects.
- staff: site staff who are not members. The site treats them as any outsider (a private
  club is 404 to them); staff work in /admin/.

Every other URL (site home, settings, notifications, calendar, accounts, admin, healthz)
has an entry in SITE below, keyed by URL name (or route where the name is shared), for
anonymous, user (signed in, in no club) and staff. allauth's and the admin's patterns are
checked as groups with one documented expectation each. A pattern nowhere fails the walk.
"""

from __future__ import annotations

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bookclub.accounts.models import Block
from discussions import services
from tests.clubs.matrix import CLUB_KINDS, build_world
from tests.conftest import acting
from tests.discussions.matrix import _thread
from tests.factories import MembershipFactory, UserFactory
from tests.test_url_matrix import ENTRIES, _changes_for, _expected

NEW_ROLES = ("blocked", "staff")
SITE_ROLES = ("anonymous", "user", "staff")

# The member is the matrix's thread and post author; these entries act on that author's own
# post, which the blocked person (someone else) may not do.
AUTHOR_ONLY = {
    "discussions:post-edit": {"get": 403, "post": 403},
    "polls:proposal-withdraw": {"get": 405, "post": 403},
}


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield name, prefix + str(pattern.pattern)


ALL_ROUTES = list(_walk(get_resolver().url_patterns))
CLUB_ROUTES = {name: route for name, route in ALL_ROUTES if ":club_slug>" in route}
SITE_ROUTES = [(name, route) for name, route in ALL_ROUTES if ":club_slug>" not in route]


def _site_key(name: str, route: str) -> str:
    return route if name.endswith(":None") or name == "None" else name


def _s(anonymous: int, user: int, staff: int | None = None) -> dict[str, int]:
    return {"anonymous": anonymous, "user": user, "staff": user if staff is None else staff}


# name → {"args": world -> kwargs, "get": {role: status}, "post": {role: status}}.
SITE = {
    "home": {"get": _s(200, 200)},
    "clubs:club-create": {"get": _s(302, 200)},
    "notifications:list": {"get": _s(302, 200)},
    # Someone else's notification does not exist for you.
    "notifications:mark-read": {
        "args": lambda w: {"notification_id": w["notification"].pk},
        "get": _s(405, 405),
        "post": _s(302, 404),
    },
    "notifications:mark-all-read": {"get": _s(405, 405), "post": _s(302, 302)},
    # A forged token is a clear 400 page, for anyone.
    "notifications:unsubscribe": {
        "args": lambda w: {"token": "forged"},
        "get": _s(400, 400),
        "post": _s(400, 400),
    },
    "notification_settings:edit": {"get": _s(302, 200)},
    "accounts:settings": {"get": _s(302, 200)},
    "accounts:privacy": {"get": _s(302, 200)},
    # Someone else's block: the same redirect as your own, and it stays.
    "accounts:block-remove": {
        "args": lambda w: {"block_id": w["block"].pk},
        "get": _s(302, 405),
        "post": _s(302, 302),
        "effect": lambda w: Block.objects.filter(pk=w["block"].pk).exists(),
    },
    "accounts:export": {"get": _s(302, 200)},
    "accounts:delete": {"get": _s(302, 200)},
    "user_calendar:detail": {"get": _s(302, 200)},
    # The token is the credential; an unknown one is 404 for everyone.
    "user_calendar:feed": {"args": lambda w: {"token": uuid.uuid4()}, "get": _s(404, 404)},
    "user_calendar:reset": {"get": _s(405, 405), "post": _s(302, 302)},
    "healthz": {"get": _s(200, 200), "post": _s(405, 405)},
}

# allauth, as a group: its pages are open to visitors (200) and send signed-in people
# elsewhere (302) or show them their own account pages; token links with a forged key
# show allauth's "bad link" page. No allauth page is a 404 or 500 for anyone.
ALLAUTH = {
    "account_login": _s(200, 302),
    "account_logout": _s(302, 200),
    "account_inactive": _s(200, 200),
    "account_signup": _s(200, 302),
    "account_reauthenticate": _s(302, 200),
    # Reauthenticating by an emailed code instead of the password: the form for a signed-in
    # person; confirming with no code requested sends them back to ask for one.
    "account_request_reauthentication_code": _s(302, 200),
    "account_confirm_reauthentication_code": _s(302, 302),
    "account_email": _s(302, 200),
    "account_email_verification_sent": _s(200, 200),
    "account_change_password": _s(302, 200),
    "account_set_password": _s(302, 302),
    "account_reset_password": _s(200, 200),
    "account_confirm_login_code": _s(302, 302),
    "account_confirm_email": _s(200, 200),
    "account_reset_password_from_key_done": _s(200, 200),
    "account_reset_password_from_key": _s(200, 200),
    "account_reset_password_done": _s(200, 200),
}
ALLAUTH_ARGS = {
    "account_confirm_email": {"key": "forged-key"},
    "account_reset_password_from_key": {"uidb36": "zz", "key": "forged-key"},
}


def _club_cases():
    for name in sorted(ENTRIES):
        for method in ("get", "post"):
            if method not in ENTRIES[name]:
                continue
            for kind in CLUB_KINDS:
                for role in NEW_ROLES:
                    yield pytest.param(
                        name, method, kind, role, id=f"{name}-{method}-{kind}-{role}"
                    )


def _site_cases():
    for name, route in SITE_ROUTES:
        key = _site_key(name, route)
        if key in SITE:
            for method in ("get", "post"):
                if method in SITE[key]:
                    for role in SITE_ROLES:
                        yield pytest.param(key, method, role, id=f"{key}-{method}-{role}")


CLUB_CASES = list(_club_cases())
SITE_CASES = list(_site_cases())
ALLAUTH_CASES = [(name, role) for name in sorted(ALLAUTH) for role in SITE_ROLES]
ADMIN_ROUTES = [(name, route) for name, route in SITE_ROUTES if route.startswith("admin/")]
ADMIN_CASES = [(name, route, role) for name, route in ADMIN_ROUTES for role in SITE_ROLES]


def test_every_url_pattern_has_an_expectation():
    missing = []
    for name, route in ALL_ROUTES:
        if route in CLUB_ROUTES.values():
            known = name in ENTRIES
        elif route.startswith("admin/"):
            known = True  # the admin group below
        else:
            known = name in ALLAUTH or _site_key(name, route) in SITE
        if not known:
            missing.append(f"{name} ({route})")
    assert not missing, "URL patterns without an expectation: " + ", ".join(missing)
    stale = set(SITE) - {_site_key(n, r) for n, r in SITE_ROUTES}
    assert not stale, f"expectations for URLs that no longer exist: {sorted(stale)}"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", CLUB_KINDS)
def test_blocked_role_replies_collapse_and_never_notify_the_blocker(client, kind):
    """The effect of the blocked role: their reply mentioning the blocker, and replying to
    the blocker's post, leaves the blocker's notifications untouched, and shows collapsed."""
    from discussions.notifications import fanout as notifications
    from discussions.notifications.models import Notification

    world = build_world(kind)
    _add_new_roles(world)
    thread = _thread(world)
    blocker = world.users["member"]
    body = f"@{blocker.display_name} what do you think?"
    post = services.create_post(
        thread=thread,
        actor=acting(world.users["blocked"], thread.club),
        body=body,
        reply_to=world.extra["post"],
    )
    notifications.notify_new_post(post)
    assert not Notification.objects.filter(recipient=blocker).exists()
    assert Notification.objects.filter(recipient=world.users["owner"]).count() == 0
    client.force_login(blocker)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert page.count("Post by someone you blocked") == 1
    client.force_login(world.users["moderator"])  # not a blocker: sees it plainly
    assert (
        "Post by someone you blocked" not in client.get(thread.get_absolute_url()).content.decode()
    )


def _add_new_roles(world) -> None:
    blocked = MembershipFactory(club=world.club, role="member")
    Block.objects.create(blocker=world.users["member"], blocked=blocked.user)
    Block.objects.create(blocker=world.users["owner"], blocked=blocked.user)
    world.users["blocked"] = blocked.user
    world.users["staff"] = UserFactory(is_staff=True)


def _as(role: str) -> str:
    return {"blocked": "member", "staff": "outsider"}[role]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "kind", "role"), CLUB_CASES)
def test_club_url_for_blocked_and_staff(client, name, method, kind, role):
    world = build_world(kind)
    _add_new_roles(world)
    entry = ENTRIES[name]
    kwargs = {"club_slug": world.club.slug, **(entry.get("setup") or (lambda w: {}))(world)}
    url = reverse(name, kwargs=kwargs)
    client.force_login(world.users[role])
    expected = _expected(entry, method, kind)[_as(role)]
    if role == "blocked" and name in AUTHOR_ONLY:
        expected = AUTHOR_ONLY[name][method]
    if method == "get":
        response = client.get(url)
        assert response.status_code == expected, f"GET {url} as {role} on a {kind} club"
        return
    effect = entry.get("effect")
    before = effect(world) if effect else None
    data = entry["post_data"](world) if "post_data" in entry else {}
    response = client.post(url, data)
    assert response.status_code == expected, f"POST {url} as {role} on a {kind} club"
    if effect:
        should_change = _as(role) in _changes_for(entry, kind)
        if role == "blocked" and name in AUTHOR_ONLY:
            should_change = False
        changed = effect(world) != before
        assert changed is should_change, f"POST {url} as {role} on a {kind} club: {changed=}"


@pytest.fixture
def site_world(db):
    from discussions.notifications.models import Notification

    someone = UserFactory()
    thread = _thread(build_world("public"))
    post = thread.last_post
    notification = Notification.objects.create(
        recipient=someone,
        kind="mention",
        club=thread.club,
        thread=thread,
        post=post,
        post_number=post.number,
    )
    return {
        "notification": notification,
        "block": Block.objects.create(blocker=someone, blocked=UserFactory()),
    }


def _site_client(client, role: str):
    if role == "user":
        client.force_login(UserFactory())
    elif role == "staff":
        client.force_login(UserFactory(is_staff=True))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "method", "role"), SITE_CASES)
def test_site_url(client, site_world, key, method, role):
    entry = SITE[key]
    url = reverse(key, kwargs=(entry.get("args") or (lambda w: {}))(site_world))
    before = entry["effect"](site_world) if "effect" in entry else None
    response = getattr(_site_client(client, role), method)(url)
    assert response.status_code == entry[method][role], f"{method.upper()} {url} as {role}"
    if "effect" in entry:
        assert entry["effect"](site_world) == before, f"{method.upper()} {url} as {role}"
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), ALLAUTH_CASES)
def test_allauth_url(client, name, role):
    url = reverse(name, kwargs=ALLAUTH_ARGS.get(name, {}))
    response = _site_client(client, role).get(url)
    assert response.status_code == ALLAUTH[name][role], f"GET {url} as {role}"


MODEL_PAGES = ("_changelist", "_add", "_change", "_delete", "_history", "_password_change")


def _admin_url(name: str, route: str, obj) -> str:
    # Fill every route parameter with the id of a real object (or a catch-all path).
    kwargs = {}
    for param in ("object_id", "id", "content_type_id", "app_label", "url"):
        if f"<path:{param}>" in route or f"<{param}>" in route or f"(?P<{param}>" in route:
            kwargs[param] = {
                "object_id": str(obj.pk),
                "id": str(obj.pk),
                "content_type_id": "1",
                "app_label": "clubs",
                "url": "no-such-page/",
            }[param]
    if name == "admin:None":
        path = route.replace("<path:object_id>", str(obj.pk))
        if "(?P<url>" in route:
            path = "admin/no-such-page/"
        return "/" + path
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "role"), ADMIN_CASES)
def test_admin_url(client, name, route, role):
    """Visitors and signed-in non-staff are sent to the admin login; staff (without model
    permissions) reach the admin but no model page: never a 500, never a model's rows."""
    staff = UserFactory(is_staff=True)
    url = _admin_url(name, route, staff)
    if role == "staff":
        client.force_login(staff)
    elif role == "user":
        client.force_login(UserFactory())
    response = client.get(url)
    status = response.status_code
    if role in ("anonymous", "user"):
        if name in ("admin:login", "admin:logout"):
            assert status in (200, 302), f"GET {url} as {role}"
        elif name == "admin:jsi18n":
            assert status in (200, 302)
        else:
            assert status == 302 and "/admin/login/" in response["Location"], (
                f"GET {url} as {role}: {status}"
            )
    else:
        assert status in (200, 302, 403, 404, 405), f"GET {url} as staff: {status}"
        own_pages = ("admin:password_change", "admin:view_on_site")
        if name not in own_pages and (name.endswith(MODEL_PAGES) or "<path:object_id>" in route):
            # Staff without model permissions see no rows, no one's email.
            assert status in (302, 403), f"GET {url} as staff: {status}"

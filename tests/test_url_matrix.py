"""Every club URL × every role × a public and a private club: the expected status and effect.

The test walks the project's URL patterns and takes every route containing
`<slug:club_slug>`. Each needs an entry in one of the matrix modules below; a pattern
without one fails `test_every_club_url_has_a_matrix_entry`, naming it.

Matrix modules: tests/clubs/matrix.py, tests/readings/matrix.py, tests/readings/polls/matrix.py,
tests/discussions/matrix.py (those that exist). Each defines
`ENTRIES = {"app:url-name": entry}`, where an entry is a dict with these keys:

- "setup": optional `setup(world) -> dict` returning the URL kwargs other than club_slug
  (make the objects the URL needs here; keep them in `world.extra` for "effect").
- "get": `{role: status}` for a GET on the PUBLIC club, for every role in ROLES.
- "get_private": optional, the same for the PRIVATE club. When absent it is "get" with 404
  for every non-member (anonymous, outsider, pending, banned): a private club does not
  exist for them.
- "post", "post_private": the same for a POST, when the view takes POST.
- "post_data": optional `post_data(world) -> dict`, the form sent with the POST.
- "effect": optional `effect(world) -> value`, read before and after the POST; it must
  change exactly for the roles in "changes_for" (public club) and "changes_for_private"
  (private club; when absent, "changes_for" minus the non-member roles).

Roles (tests/clubs/matrix.py ROLES): anonymous, outsider (signed in, not a member),
pending (has a pending join request), member, moderator, admin, owner, banned.
`tests.clubs.matrix` also offers `World` (what the fixture world holds), `statuses(default,
**by_role)` and a few common shapes (EVERYONE, MEMBERS_ONLY, ADMINS_ONLY, …).
The public world club takes join requests; the private one is by invitation.
"""

from __future__ import annotations

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.clubs.matrix import CLUB_KINDS, NON_MEMBER_ROLES, ROLES, build_world

MATRIX_MODULES = [
    "tests.clubs.matrix",
    "tests.readings.matrix",
    "tests.readings.polls.matrix",
    "tests.discussions.matrix",
    "tests.moderation.matrix",
]


def _load_entries() -> dict[str, dict]:
    entries: dict[str, dict] = {}
    for name in MATRIX_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        entries.update(module.ENTRIES)
    return entries


def _club_routes(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _club_routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if ":club_slug>" in route:
                name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
                yield name, route


ENTRIES = _load_entries()
CLUB_URLS = dict(_club_routes(get_resolver().url_patterns))


def _private(expected: dict[str, int]) -> dict[str, int]:
    return {role: 404 if role in NON_MEMBER_ROLES else status for role, status in expected.items()}


def _expected(entry: dict, method: str, kind: str) -> dict[str, int]:
    public = entry[method]
    if kind == "public":
        return public
    return entry.get(f"{method}_private") or _private(public)


def _changes_for(entry: dict, kind: str) -> set[str]:
    changes = set(entry.get("changes_for", ()))
    if kind == "public":
        return changes
    if "changes_for_private" in entry:
        return set(entry["changes_for_private"])
    return changes - set(NON_MEMBER_ROLES)


def _cases(method: str):
    for name in sorted(ENTRIES):
        if method not in ENTRIES[name]:
            continue
        for kind in CLUB_KINDS:
            for role in ROLES:
                yield pytest.param(name, kind, role, id=f"{name}-{kind}-{role}")


def test_every_club_url_has_a_matrix_entry():
    missing = sorted(set(CLUB_URLS) - set(ENTRIES))
    assert not missing, "Club URLs without a matrix entry: " + ", ".join(missing)
    stale = sorted(set(ENTRIES) - set(CLUB_URLS))
    assert not stale, "Matrix entries for URLs that no longer exist: " + ", ".join(stale)


def test_every_entry_names_every_role():
    for name, entry in ENTRIES.items():
        for key in ("get", "get_private", "post", "post_private"):
            if key in entry:
                assert set(entry[key]) == set(ROLES), f"{name} {key} must list every role"


def _visit(client, name: str, kind: str, role: str):
    world = build_world(kind)
    entry = ENTRIES[name]
    kwargs = {"club_slug": world.club.slug, **(entry.get("setup") or (lambda w: {}))(world)}
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return world, entry, reverse(name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kind", "role"), list(_cases("get")))
def test_get(client, name, kind, role):
    world, entry, url = _visit(client, name, kind, role)
    response = client.get(url)
    expected = _expected(entry, "get", kind)[role]
    assert response.status_code == expected, f"GET {url} as {role} on a {kind} club"
    if response.status_code == 302 and role == "anonymous" and expected == 302:
        assert response["Location"].startswith(("/accounts/", "/c/"))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kind", "role"), list(_cases("post")))
def test_post(client, name, kind, role):
    world, entry, url = _visit(client, name, kind, role)
    effect = entry.get("effect")
    before = effect(world) if effect else None
    data = entry["post_data"](world) if "post_data" in entry else {}
    response = client.post(url, data)
    expected = _expected(entry, "post", kind)[role]
    assert response.status_code == expected, f"POST {url} as {role} on a {kind} club"
    if effect:
        changed = effect(world) != before
        should_change = role in _changes_for(entry, kind)
        assert changed is should_change, (
            f"POST {url} as {role} on a {kind} club "
            f"{'changed' if changed else 'did not change'} the state"
        )

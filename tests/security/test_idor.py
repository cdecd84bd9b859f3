"""IDOR: another club's objects addressed through this club's URL are 404, and untouched.

Two clubs, A and B, are built alike (every matrix entry's setup runs on both). For every
club URL that names an object (thread, post, invitation, join request, schedule entry,
reading, theme, report, membership, feed token …), the owner of A — who may do anything in
A — requests it with club A's slug and B's value for one parameter at a time (A's for the
rest), then with all of B's values: GET and POST are 404, and B's state (the entry's effect)
and the audit logs of both clubs do not change.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from bookclub.clubs.models import AuditLog
from readings.models import Theme
from tests.clubs.matrix import CLUB_KINDS, build_world
from tests.conftest import acting
from tests.test_url_matrix import ENTRIES

OBJECT_URLS = sorted(name for name, entry in ENTRIES.items() if "setup" in entry)


def _variants(kwargs_a: dict, kwargs_b: dict):
    """(label, kwargs): B's value for one differing parameter at a time, then all of B's."""
    differing = [key for key in kwargs_b if str(kwargs_b[key]) != str(kwargs_a.get(key))]
    for key in differing:
        yield key, {**kwargs_a, key: kwargs_b[key]}
    if len(differing) > 1:
        yield "all", dict(kwargs_b)


def _cases():
    for name in OBJECT_URLS:
        for method in ("get", "post"):
            if method in ENTRIES[name]:
                for kind in CLUB_KINDS:
                    yield pytest.param(name, method, kind, id=f"{name}-{method}-{kind}")


CASES = list(_cases())


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "kind"), CASES)
def test_other_clubs_object_through_this_clubs_url_is_404(client, name, method, kind):
    entry = ENTRIES[name]
    club_a, club_b = build_world(kind), build_world(kind)
    kwargs_a = entry["setup"](club_a)
    kwargs_b = entry["setup"](club_b)
    variants = list(_variants(kwargs_a, kwargs_b))
    assert variants, f"{name}: the two clubs' objects share every id"
    client.force_login(club_a.users["owner"])
    effect = entry.get("effect")
    for label, kwargs in variants:
        url = reverse(name, kwargs={"club_slug": club_a.club.slug, **kwargs})
        before = effect(club_b) if effect else None
        logs = AuditLog.objects.count()
        if method == "get":
            response = client.get(url)
        else:
            data = entry["post_data"](club_b) if "post_data" in entry else {}
            response = client.post(url, data)
        # A GET on a POST-only URL is refused before any lookup: 405 for any id, no oracle.
        expected = 405 if method == "get" and entry["get"]["owner"] == 405 else 404
        assert response.status_code == expected, f"{method.upper()} {url} (B's {label})"
        if effect:
            assert effect(club_b) == before, f"{method.upper()} {url} changed club B"
        assert AuditLog.objects.count() == logs


def test_idor_cases_are_counted():
    """Every URL that names an object is tried."""
    named = {name for name, *_ in (case.values for case in CASES)}
    assert named == set(OBJECT_URLS)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", CLUB_KINDS)
def test_club_specific_theme_of_another_club_is_404(client, kind):
    from tests.discussions.matrix import _reading_kwargs

    club_a, club_b = build_world(kind), build_world(kind)
    reading_a = _reading_kwargs(club_a)["reading_id"]
    _reading_kwargs(club_b)
    reading_b = club_b.extra["reading"]
    theme = Theme.objects.create(
        book=reading_b.book, reading=reading_b, name="B only", slug="b-only"
    )
    client.force_login(club_a.users["owner"])
    for name in ("discussions:thread-list-theme", "following:theme-follow"):
        url = reverse(
            name,
            kwargs={
                "club_slug": club_a.club.slug,
                "reading_id": reading_a,
                "theme_slug": theme.slug,
            },
        )
        response = client.get(url) if name.startswith("discussions") else client.post(url)
        assert response.status_code == 404, url


@pytest.mark.django_db
def test_audit_log_of_another_club_is_not_shown(client):
    """Audit entries have no URL of their own; A's log page lists none of B's."""
    from bookclub.clubs import services

    club_a, club_b = build_world("public"), build_world("public")
    services.ban_member(
        actor=acting(club_b.users["owner"], club_b.club),
        membership_id=club_b.target.pk,
        reason="Only in club B",
    )
    assert AuditLog.objects.filter(club=club_b.club).exists()
    client.force_login(club_a.users["owner"])
    page = client.get(reverse("moderation:audit-log", args=[club_a.club.slug]))
    assert page.status_code == 200
    assert "Only in club B" not in page.content.decode()

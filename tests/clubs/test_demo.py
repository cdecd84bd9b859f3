"""The demo clubs: roles as documented, and seeding twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from bookclub.clubs.models import Club, Membership

pytestmark = pytest.mark.django_db


def _state():
    return sorted(
        Membership.objects.values_list("club__slug", "user__display_name", "role", "status")
    )


def test_seed_demo_creates_clubs_with_roles_and_is_idempotent():
    call_command("seed_demo", stdout=None)
    first = _state()
    call_command("seed_demo", stdout=None)
    assert _state() == first
    demo = Club.objects.get(slug="not-your-rescue-project")
    assert (demo.visibility, demo.join_policy) == ("public", "request")
    roles = dict(Membership.objects.filter(club=demo).values_list("user__display_name", "role"))
    assert roles == {"Rowan": "owner", "Kit": "moderator", "Mei": "member", "Sol": "member"}
    assert "Pseudonyms are welcome" in demo.code_of_conduct_html
    assert "screenshots" in demo.code_of_conduct_html
    private = Club.objects.get(slug="rowan-and-sol")
    assert private.visibility == "private"
    roles = dict(Membership.objects.filter(club=private).values_list("user__display_name", "role"))
    assert roles == {"Rowan": "owner", "Sol": "member"}

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from bookclub.clubs import permissions
from tests.factories import MembershipFactory

CASES = [
    ("owner", "active", True, True),
    ("admin", "active", True, True),
    ("moderator", "active", False, True),
    ("member", "active", False, True),
    ("admin", "banned", False, False),
    ("member", "banned", False, False),
]


@pytest.mark.parametrize(("role", "status", "curates", "tracks"), CASES)
def test_readings_rules_by_role(db, role, status, curates, tracks):
    membership = MembershipFactory(role=role, status=status)
    assert permissions.can_curate_schedule(membership) is curates
    assert permissions.can_track_progress(membership) is tracks


def test_readings_rules_refuse_people_without_a_membership():
    assert not permissions.can_curate_schedule(None)
    assert not permissions.can_track_progress(None)
    with pytest.raises(PermissionDenied, match="Only admins of this club"):
        permissions.check_curate_schedule(None)
    with pytest.raises(PermissionDenied, match="Only members of this club"):
        permissions.check_track_progress(None)

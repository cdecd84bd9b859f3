from __future__ import annotations

import pytest

from tests.factories import UserFactory


@pytest.fixture
def person(db):
    """Someone with an account; their password is tests.factories.PASSWORD."""
    return UserFactory()

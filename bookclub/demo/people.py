"""The demo's people: known logins for trying every role."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from bookclub.accounts.models import User

DEMO_PASSWORD = "read-together-2026"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    email: str
    display_name: str
    role: str
    pronouns: str = ""
    is_staff: bool = False


PEOPLE = [
    DemoPerson(
        "admin", "rowan@demo.bookclub.test", "Rowan", "site staff, club owner", "they/them", True
    ),
    DemoPerson("moderator", "kit@demo.bookclub.test", "Kit", "club moderator", "she/her"),
    DemoPerson("member", "mei@demo.bookclub.test", "Mei", "club member", "she/her"),
    DemoPerson("member2", "sol@demo.bookclub.test", "Sol", "club member", "he/him"),
]


def seed_people() -> dict[str, User]:
    users = {}
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User(email=person.email, display_name=person.display_name)
            user.set_password(DEMO_PASSWORD)
        user.pronouns = person.pronouns
        user.is_staff = user.is_superuser = person.is_staff
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
        users[person.key] = user
    return users

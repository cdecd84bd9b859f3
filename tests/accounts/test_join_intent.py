"""Signing up to join a club: the intent survives verifying the address anywhere."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import ClubFactory

pytestmark = pytest.mark.django_db


def test_verifying_on_another_device_keeps_the_join_intent():
    club = ClubFactory()
    join = reverse("clubs:club-join", kwargs={"club_slug": club.slug})
    laptop, phone = Client(), Client()
    laptop.post(
        reverse("account_signup") + f"?next={join}",
        {
            "email": "newreader@example.org",
            "display_name": "New Reader",
            "password1": "correct-horse-battery",
            "password2": "correct-horse-battery",
            "next": join,
        },
    )
    link = re.search(r"https?://\S+(/accounts/\S+)", mail.outbox[-1].body).group(1)

    page = phone.get(link)
    assert f'name="next" value="{join}"' in page.content.decode()
    response = phone.post(link, {"next": join}, follow=True)

    assert EmailAddress.objects.get(email="newreader@example.org").verified
    # Not signed in on this device: the login page, which then leads on to joining.
    final = response.redirect_chain[-1][0]
    assert final.startswith(reverse("account_login")) and "join" in final


def test_a_foreign_next_is_not_put_in_the_confirmation_link():
    Client().post(
        reverse("account_signup"),
        {
            "email": "other@example.org",
            "display_name": "Other Reader",
            "password1": "correct-horse-battery",
            "password2": "correct-horse-battery",
            "next": "https://evil.example/",
        },
    )
    assert "evil" not in mail.outbox[-1].body

"""The settings pages for export, deletion and privacy."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from bookclub.accounts.models import Block, User
from tests.conftest import member_of
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["accounts:export", "accounts:delete", "accounts:privacy"])
def test_settings_pages_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["accounts:export", "accounts:delete", "accounts:privacy"])
def test_settings_pages_render_with_nav(client, person, name):
    client.force_login(person)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'aria-current="page"' in response.content.decode()


def test_export_downloads_json_attachment(client, person):
    client.force_login(person)
    response = client.post(reverse("accounts:export"))
    assert response["Content-Disposition"].startswith('attachment; filename="bookclub-export-')
    data = json.loads(response.content)
    assert data["profile"]["display_name"] == person.display_name


def test_delete_needs_password_and_confirmation_keeping_choice(client, person):
    client.force_login(person)
    response = client.post(reverse("accounts:delete"), {"posts": "remove", "password": "nope"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "That is not your current password." in page
    assert "Tick the box" in page
    assert re.search(r'<input[^>]*value="remove"[^>]*checked', page)
    assert User.objects.filter(pk=person.pk).exists()


def test_delete_ends_every_session_at_once(client, person):
    elsewhere = Client()
    elsewhere.force_login(person)
    client.force_login(person)
    response = client.post(
        reverse("accounts:delete"), {"posts": "keep", "password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    for browser in (client, elsewhere):
        assert browser.get(reverse("accounts:settings")).status_code == 302


def test_privacy_page_lists_blocks_and_progress_links(client, person, club):
    member_of(club)
    from tests.factories import MembershipFactory

    MembershipFactory(club=club, user=person)
    other = UserFactory()
    Block.objects.create(blocker=person, blocked=other)
    client.force_login(person)
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert other.display_name in page
    assert reverse("readings:reading-list", args=[club.slug]) in page


def test_unblock_from_settings(client, person):
    block = Block.objects.create(blocker=person, blocked=UserFactory())
    client.force_login(person)
    response = client.post(reverse("accounts:block-remove", args=[block.pk]))
    assert response.status_code == 302
    assert not Block.objects.exists()


def test_unblock_someone_elses_block_changes_nothing(client, person):
    block = Block.objects.create(blocker=UserFactory(), blocked=person)
    client.force_login(person)
    client.post(reverse("accounts:block-remove", args=[block.pk]))
    assert Block.objects.filter(pk=block.pk).exists()

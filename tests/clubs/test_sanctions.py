"""Mutes and bans outlive the membership: leaving and coming back by any door keeps them."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookclub.clubs import services
from bookclub.clubs.models import Membership
from discussions import services as discussions
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.factories import ClubFactory, InvitationFactory, JoinRequestFactory

pytestmark = pytest.mark.django_db

MUTE_HOURS = 3


@pytest.fixture
def open_club():
    club = ClubFactory(join_policy="open")
    reading = make_reading(club)
    thread = discussions.create_thread(
        reading=reading, actor=acting(member_of(club), reading.club), title="Borders", body="Hi"
    )
    return club, thread


def _mute(club, user, reason: str = "Cool off") -> None:
    services.mute_member(
        actor=acting(member_of(club, "moderator"), club),
        membership_id=Membership.objects.get(club=club, user=user).pk,
        duration=timedelta(hours=MUTE_HOURS),
        reason=reason,
    )


def _reply(client, club, thread, body: str):
    return client.post(
        reverse("discussions:post-create", args=[club.slug, thread.pk]),
        {"body": body, "idempotency_key": str(uuid.uuid4())},
    )


def _leave_and_rejoin(client, club) -> None:
    assert client.post(reverse("clubs:club-leave", args=[club.slug])).status_code == 302
    rejoin = client.post(
        reverse("clubs:club-join", args=[club.slug]), {"accept_code_of_conduct": "on"}
    )
    assert rejoin.status_code == 302
    assert Membership.objects.get(club=club, user=rejoin.wsgi_request.user).is_active


def _later(monkeypatch, hours: float) -> None:
    moment = timezone.now() + timedelta(hours=hours)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_muted_member_who_leaves_and_rejoins_at_once_is_still_muted(client, open_club):
    club, thread = open_club
    person = member_of(club)
    _mute(club, person)
    client.force_login(person)
    _leave_and_rejoin(client, club)
    response = _reply(client, club, thread, "Back and talking")
    page = response.content.decode()
    assert response.status_code == 400
    assert "muted you in this club until" in page and "Cool off" in page
    assert "Back and talking" in page
    assert not thread.posts.filter(body="Back and talking").exists()


def test_mute_carried_over_ends_when_it_would_have(client, open_club, monkeypatch):
    club, thread = open_club
    person = member_of(club)
    _mute(club, person)
    client.force_login(person)
    _leave_and_rejoin(client, club)
    _later(monkeypatch, MUTE_HOURS + 0.5)
    assert _reply(client, club, thread, "Allowed again").status_code == 302
    assert thread.posts.filter(body="Allowed again").exists()


def test_mute_that_ran_out_while_away_is_not_brought_back(client, open_club, monkeypatch):
    club, thread = open_club
    person = member_of(club)
    _mute(club, person)
    client.force_login(person)
    assert client.post(reverse("clubs:club-leave", args=[club.slug])).status_code == 302
    _later(monkeypatch, MUTE_HOURS + 0.5)
    services.join_club(club=club, user=person, accepted_code_of_conduct=True)
    assert _reply(client, club, thread, "Fresh start").status_code == 302


def test_muted_member_removed_by_an_admin_comes_back_muted_by_invitation(open_club):
    club, _thread = open_club
    person = member_of(club)
    _mute(club, person)
    removed = Membership.objects.get(club=club, user=person)
    services.remove_member(actor=acting(member_of(club, "admin"), club), membership_id=removed.pk)
    invitation = InvitationFactory(club=club)
    back = services.accept_invitation(
        club=club, user=person, token=invitation.token, accepted_code_of_conduct=True
    )
    assert back.is_muted() and back.mute_reason == "Cool off"


def test_muted_member_who_leaves_comes_back_muted_by_an_approved_request(client):
    club = ClubFactory(join_policy="request")
    person = member_of(club)
    _mute(club, person)
    services.leave_club(club=club, user=person)
    join_request = services.request_to_join(club=club, user=person, message="Sorry")
    services.decide_request(
        actor=acting(member_of(club, "admin"), club), join_request_id=join_request.pk, approve=True
    )
    assert Membership.objects.get(club=club, user=person).is_muted()


# Bans: the banned row stays, so no door opens.


@pytest.fixture
def banned():
    club = ClubFactory(join_policy="open")
    person = member_of(club, status="banned")
    return club, person


def test_banned_person_cannot_rejoin_an_open_club(client, banned):
    club, person = banned
    client.force_login(person)
    response = client.post(
        reverse("clubs:club-join", args=[club.slug]), {"accept_code_of_conduct": "on"}
    )
    assert response.status_code == 403
    with pytest.raises(services.ClubActionError, match="cannot join"):
        services.join_club(club=club, user=person, accepted_code_of_conduct=True)
    assert Membership.objects.get(club=club, user=person).status == "banned"


def test_banned_person_cannot_rejoin_by_invitation(client, banned):
    club, person = banned
    invitation = InvitationFactory(club=club)
    client.force_login(person)
    response = client.post(
        reverse("clubs:invitation-accept", args=[club.slug, invitation.token]),
        {"accept_code_of_conduct": "on"},
    )
    assert response.status_code == 403
    with pytest.raises(services.ClubActionError, match="cannot join"):
        services.accept_invitation(
            club=club, user=person, token=invitation.token, accepted_code_of_conduct=True
        )
    invitation.refresh_from_db()
    assert invitation.use_count == 0
    assert Membership.objects.get(club=club, user=person).status == "banned"


def test_banned_person_cannot_rejoin_by_request(banned):
    club, person = banned
    club.join_policy = "request"
    club.save()
    with pytest.raises(services.ClubActionError, match="cannot join"):
        services.request_to_join(club=club, user=person, message="Let me back")
    # A request made before the ban, approved after it, does not let them in either.
    JoinRequestFactory(club=club, user=person)
    join_request = club.join_requests.get(user=person)
    with pytest.raises(services.ClubActionError, match="cannot join"):
        services.decide_request(
            actor=acting(member_of(club, "admin"), club),
            join_request_id=join_request.pk,
            approve=True,
        )
    assert Membership.objects.get(club=club, user=person).status == "banned"


def test_banned_person_cannot_leave_to_shed_the_ban(client, banned):
    club, person = banned
    client.force_login(person)
    assert client.post(reverse("clubs:club-leave", args=[club.slug])).status_code == 403
    assert Membership.objects.get(club=club, user=person).status == "banned"

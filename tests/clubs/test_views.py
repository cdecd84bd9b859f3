"""Club pages as people use them: what they see, what they can do, what they are told."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from bookclub.clubs.models import Club, Invitation, JoinRequest, Membership
from tests.conftest import member_of
from tests.factories import (
    ClubFactory,
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(name: str, club: Club, **kwargs) -> str:
    return reverse(f"clubs:{name}", kwargs={"club_slug": club.slug, **kwargs})


def signed_in(client, user):
    client.force_login(user)
    return client


def page_text(response) -> str:
    return response.content.decode()


# Home page and directory


def test_home_lists_public_clubs_never_private(client):
    ClubFactory(name="Open Shelf")
    ClubFactory(name="Secret Shelf", visibility="private")
    page = page_text(client.get("/"))
    assert "Open Shelf" in page
    assert "Secret Shelf" not in page


def test_home_search_by_name(client):
    ClubFactory(name="Harbour Readers")
    ClubFactory(name="Mountain Readers")
    page = page_text(client.get("/", {"q": "harb"}))
    assert "Harbour Readers" in page and "Mountain Readers" not in page
    assert "1 club matching" in page


def test_home_directory_is_paginated(client):
    for number in range(25):
        ClubFactory(name=f"Circle {number:02d}")
    first = page_text(client.get("/"))
    second = page_text(client.get("/", {"page": 2}))
    assert "Circle 00" in first and "Circle 24" not in first
    assert "Circle 24" in second and "Page 2 of 2" in second
    assert client.get("/", {"page": "junk"}).status_code == 200


def test_home_shows_my_clubs_including_private_and_pending(client, user):
    private = ClubFactory(name="Our Pair", visibility="private")
    MembershipFactory(club=private, user=user, role="admin")
    JoinRequestFactory(club=ClubFactory(name="Waiting Room"), user=user)
    page = page_text(signed_in(client, user).get("/"))
    assert "Our Pair" in page and "Admin" in page
    assert "Waiting Room" in page and "Request pending" in page


def test_home_overlong_search_does_not_fail(client):
    assert client.get("/", {"q": "x" * 500}).status_code == 200


# Creating a club


def test_club_create_makes_owner_and_redirects(client, user):
    response = signed_in(client, user).post(
        reverse("clubs:club-create"),
        {
            "name": "  Dawn   Readers ",
            "description": "Early *birds*.",
            "code_of_conduct": "Be kind.",
            "visibility": "private",
            "join_policy": "invite",
            "time_zone": "Europe/Berlin",
        },
    )
    club = Club.objects.get()
    assert club.slug.startswith("dawn-readers-"), "a private club's address is not guessable"
    assert response.status_code == 302 and response["Location"] == f"/c/{club.slug}/"
    assert club.name == "Dawn Readers"
    assert club.description_html == "<p>Early <em>birds</em>.</p>\n"
    assert Membership.objects.get(club=club).role == "owner"


def test_club_create_requires_login(client):
    response = client.get(reverse("clubs:club-create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"name": "   "}, "This field is required."),
        ({"name": "x" * 81}, "at most 80 characters"),
        ({"code_of_conduct": ""}, "This field is required."),
        ({"visibility": "secret"}, "Select a valid choice"),
    ],
)
def test_club_create_bad_input_keeps_text_and_changes_nothing(client, user, overrides, error):
    data = {
        "name": "Kept Name",
        "description": "Kept description",
        "code_of_conduct": "Be kind.",
        "visibility": "public",
        "join_policy": "open",
        "time_zone": "UTC",
        **overrides,
    }
    response = signed_in(client, user).post(reverse("clubs:club-create"), data)
    assert response.status_code == 200
    page = page_text(response)
    assert error in page
    assert "Kept description" in page
    assert not Club.objects.exists()


# Club home


def test_club_detail_shows_description_count_and_conduct_link(client, club):
    member_of(club)
    member_of(club, "owner")
    page = page_text(client.get(club.get_absolute_url()))
    assert "We read slowly and kindly." in page
    assert "2 members" in page
    assert url("club-conduct", club) in page


def test_club_detail_action_for_each_viewer(client, user):
    club = ClubFactory(join_policy="open")
    assert "Log in to join" in page_text(client.get(club.get_absolute_url()))
    signed_in(client, user)
    assert "I accept the code of conduct" in page_text(client.get(club.get_absolute_url()))
    MembershipFactory(club=club, user=user)
    assert "Leave the club" in page_text(client.get(club.get_absolute_url()))


def test_club_detail_pending_requester_sees_pending(client, club, user):
    JoinRequestFactory(club=club, user=user)
    page = page_text(signed_in(client, user).get(club.get_absolute_url()))
    assert "Your request is pending" in page
    assert "Withdraw my request" in page


def test_club_detail_private_is_404_for_non_members_and_noindex_for_members(client, private_club):
    assert client.get(private_club.get_absolute_url()).status_code == 404
    signed_in(client, UserFactory())
    assert client.get(private_club.get_absolute_url()).status_code == 404
    signed_in(client, member_of(private_club))
    response = client.get(private_club.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_club_detail_banned_from_private_sees_404(client, private_club):
    signed_in(client, member_of(private_club, status="banned"))
    assert client.get(private_club.get_absolute_url()).status_code == 404


def test_club_detail_renders_registered_panels(client, club, monkeypatch):
    from bookclub.clubs import home_panels

    monkeypatch.setattr(home_panels, "_PANELS", {})
    home_panels.register("test", 1, lambda request, access: ("clubs/_join_policy.html", {}))
    page = page_text(client.get(club.get_absolute_url()))
    assert "join on request" in page


# Members


def test_membership_list_shows_names_roles_dates_never_emails(client, club):
    owner = member_of(club, "owner")
    moderator = member_of(club, "moderator")
    viewer = member_of(club)
    page = page_text(signed_in(client, viewer).get(url("membership-list", club)))
    for person in (owner, moderator, viewer):
        assert person.display_name in page
        assert person.email not in page
    assert "Owner" in page and "Moderator" in page and "joined" in page
    assert page.index(owner.display_name) < page.index(moderator.display_name)


def test_membership_list_admin_sees_manage_links_and_banned(client, club):
    admin = member_of(club, "admin")
    banned = member_of(club, status="banned")
    page = page_text(signed_in(client, admin).get(url("membership-list", club)))
    assert "Banned" in page and banned.display_name in page
    ban_row = Membership.objects.get(user=banned)
    assert url("membership-manage", club, membership_id=ban_row.pk) in page


# Joining


def test_join_open_club_in_one_click_after_accepting(client, user):
    club = ClubFactory(join_policy="open")
    signed_in(client, user)
    refused = client.post(url("club-join", club), {})
    assert refused.status_code == 200
    assert "Please accept the code of conduct" in page_text(refused)
    assert not Membership.objects.exists()
    response = client.post(url("club-join", club), {"accept_code_of_conduct": "on"})
    assert response.status_code == 302 and response["Location"] == club.get_absolute_url()
    assert Membership.objects.get(user=user).role == "member"


def test_join_double_click_makes_one_membership(client, user):
    club = ClubFactory(join_policy="open")
    signed_in(client, user)
    for _ in range(2):
        response = client.post(url("club-join", club), {"accept_code_of_conduct": "on"})
        assert response.status_code == 302
    assert Membership.objects.filter(club=club, user=user).count() == 1


def test_join_request_club_with_message_then_withdraw(client, club, user):
    signed_in(client, user)
    response = client.post(
        url("club-join", club), {"accept_code_of_conduct": "on", "message": "Hello admins"}
    )
    assert response.status_code == 302
    join_request = JoinRequest.objects.get(user=user)
    assert (join_request.status, join_request.message) == ("pending", "Hello admins")
    assert "Your request is pending" in page_text(client.get(url("club-join", club)))
    client.post(url("joinrequest-withdraw", club))
    join_request.refresh_from_db()
    assert join_request.status == "withdrawn"


def test_join_request_overlong_message_keeps_text(client, club, user):
    response = signed_in(client, user).post(
        url("club-join", club), {"accept_code_of_conduct": "on", "message": "m" * 1001}
    )
    assert response.status_code == 200
    assert "at most 1000 characters" in page_text(response)
    assert "m" * 1001 in page_text(response)
    assert not JoinRequest.objects.exists()


def test_join_invite_only_club_explains(client, user):
    club = ClubFactory(join_policy="invite")
    response = signed_in(client, user).post(
        url("club-join", club), {"accept_code_of_conduct": "on"}
    )
    assert "invitation only" in page_text(response)
    assert not Membership.objects.filter(user=user).exists()


def test_join_banned_person_cannot_request(client, club):
    banned = member_of(club, status="banned")
    response = signed_in(client, banned).post(
        url("club-join", club), {"accept_code_of_conduct": "on"}
    )
    assert response.status_code == 403
    assert not JoinRequest.objects.exists()


# The admin queue


def test_joinrequest_list_shows_message_and_decides_with_reason(client, club):
    admin = member_of(club, "admin")
    join_request = JoinRequestFactory(club=club, message="I run a reading group nearby.")
    signed_in(client, admin)
    page = page_text(client.get(url("joinrequest-list", club)))
    assert "I run a reading group nearby." in page
    assert join_request.user.email not in page
    response = client.post(
        url("joinrequest-decide", club, request_id=join_request.pk),
        {"decision": "decline", "reason": "We are full this season."},
    )
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert (join_request.status, join_request.reason) == ("declined", "We are full this season.")


def test_joinrequest_decide_already_decided_shows_clear_message(client, club):
    admin = member_of(club, "admin")
    join_request = JoinRequestFactory(
        club=club, status="approved", decided_by=member_of(club, "owner")
    )
    signed_in(client, admin)
    response = client.post(
        url("joinrequest-decide", club, request_id=join_request.pk),
        {"decision": "decline"},
        follow=True,
    )
    assert "This request was already approved by" in page_text(response)
    join_request.refresh_from_db()
    assert join_request.status == "approved"


def test_joinrequest_decide_forged_decision_changes_nothing(client, club):
    admin = member_of(club, "admin")
    join_request = JoinRequestFactory(club=club)
    response = signed_in(client, admin).post(
        url("joinrequest-decide", club, request_id=join_request.pk),
        {"decision": "ban"},
        follow=True,
    )
    assert "Choose approve or decline" in page_text(response)
    join_request.refresh_from_db()
    assert join_request.status == "pending"


def test_joinrequest_of_another_club_is_not_decided(client, club):
    admin = member_of(club, "admin")
    elsewhere = JoinRequestFactory()
    signed_in(client, admin).post(
        url("joinrequest-decide", club, request_id=elsewhere.pk), {"decision": "approve"}
    )
    elsewhere.refresh_from_db()
    assert elsewhere.status == "pending"


# Settings


def test_club_settings_saves_and_follows_new_slug(client, club):
    admin = member_of(club, "admin")
    response = signed_in(client, admin).post(
        url("club-settings", club),
        {
            "name": "Renamed",
            "slug": "renamed",
            "description": "*New* words",
            "code_of_conduct": "Kindness.",
            "visibility": "private",
            "join_policy": "open",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/c/renamed/manage/"
    club.refresh_from_db()
    assert (club.name, club.slug, club.visibility) == ("Renamed", "renamed", "private")
    assert club.description_html == "<p><em>New</em> words</p>\n"


@pytest.mark.parametrize(
    ("slug", "error"),
    [("admin", "not available"), ("new", "not available"), ("has space", "Enter a valid")],
)
def test_club_settings_bad_slug_is_refused_with_input_kept(client, club, slug, error):
    admin = member_of(club, "admin")
    response = signed_in(client, admin).post(
        url("club-settings", club),
        {
            "name": "Kept Name",
            "slug": slug,
            "description": "",
            "code_of_conduct": "Kindness.",
            "visibility": "public",
            "join_policy": "open",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 200
    page = page_text(response)
    assert error in page and 'value="Kept Name"' in page
    club.refresh_from_db()
    assert club.name != "Kept Name"


def test_club_settings_duplicate_slug_is_refused(client, club):
    other = ClubFactory()
    admin = member_of(club, "admin")
    response = signed_in(client, admin).post(
        url("club-settings", club),
        {
            "name": club.name,
            "slug": other.slug,
            "code_of_conduct": "x",
            "visibility": "public",
            "join_policy": "open",
            "time_zone": "UTC",
        },
    )
    assert "That address is not available. Choose another." in page_text(response)


def test_club_settings_post_by_moderator_is_forbidden(client, club):
    moderator = member_of(club, "moderator")
    response = signed_in(client, moderator).post(
        url("club-settings", club), {"name": "Hijacked", "slug": club.slug}
    )
    assert response.status_code == 403
    club.refresh_from_db()
    assert club.name != "Hijacked"


# Invitations


def test_invitation_list_creates_link_and_emails_without_showing_addresses(
    client, club, django_capture_on_commit_callbacks
):
    admin = member_of(club, "admin")
    signed_in(client, admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("invitation-list", club),
            {"expires_in_days": "7", "max_uses": "", "note": "Friends", "emails": "x@example.org"},
        )
    invitation = Invitation.objects.get()
    assert invitation.email == "x@example.org" and invitation.max_uses == 1
    assert mail.outbox[0].to == ["x@example.org"]
    page = page_text(client.get(url("invitation-list", club)))
    assert "x@example.org" not in page
    assert invitation.get_absolute_url() in page


def test_invitation_list_bad_email_is_refused_with_input_kept(client, club):
    admin = member_of(club, "admin")
    response = signed_in(client, admin).post(
        url("invitation-list", club),
        {"expires_in_days": "7", "emails": "good@example.org, not-an-address"},
    )
    assert response.status_code == 200
    assert "Not an email address: not-an-address" in page_text(response)
    assert "good@example.org, not-an-address" in page_text(response)
    assert not Invitation.objects.exists()


def test_invitation_revoke_then_link_is_gone(client, club, user):
    admin = member_of(club, "admin")
    invitation = InvitationFactory(club=club)
    signed_in(client, admin).post(url("invitation-revoke", club, invitation_id=invitation.pk))
    signed_in(client, user)
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 404
    assert "This invitation link does not work" in page_text(response)
    client.post(invitation.get_absolute_url(), {"accept_code_of_conduct": "on"})
    assert not Membership.objects.filter(user=user).exists()


def test_invitation_accept_signed_in_joins_private_club(client, private_club, user):
    invitation = InvitationFactory(club=private_club)
    signed_in(client, user)
    assert client.get(invitation.get_absolute_url()).status_code == 200
    response = client.post(invitation.get_absolute_url(), {"accept_code_of_conduct": "on"})
    assert response.status_code == 302 and response["Location"] == private_club.get_absolute_url()
    assert Membership.objects.get(user=user).club == private_club


def test_invitation_accept_unknown_token_is_404(client, private_club):
    assert client.get(url("invitation-accept", private_club, token="nope")).status_code == 404
    InvitationFactory()  # a real token of another club does not open this one
    other = Invitation.objects.get()
    assert client.get(url("invitation-accept", private_club, token=other.token)).status_code == 404


def test_invitation_accept_banned_sees_404_on_private_club(client, private_club):
    banned = member_of(private_club, status="banned")
    invitation = InvitationFactory(club=private_club)
    signed_in(client, banned)
    assert client.get(invitation.get_absolute_url()).status_code == 404
    client.post(invitation.get_absolute_url(), {"accept_code_of_conduct": "on"})
    assert Membership.objects.get(user=banned).status == "banned"


@pytest.mark.parametrize(
    "fields",
    [{"expires_at": "2020-01-01T00:00:00Z"}, {"max_uses": 1, "use_count": 1}],
    ids=["expired", "used up"],
)
def test_invitation_accept_stale_link_is_404_and_changes_nothing(
    client, private_club, user, fields
):
    invitation = InvitationFactory(club=private_club, **fields)
    signed_in(client, user)
    response = client.post(invitation.get_absolute_url(), {"accept_code_of_conduct": "on"})
    assert response.status_code == 404
    assert private_club.name not in page_text(response)
    assert not Membership.objects.filter(user=user).exists()


def _link(body: str) -> str:
    match = re.search(r"http://testserver(/\S+)", body)
    assert match, body
    return match.group(1)


def test_invitation_by_email_new_person_signs_up_and_lands_in_club(
    client, private_club, django_capture_on_commit_callbacks
):
    """Email link → invite page → sign up → email confirmation link → in the club."""
    admin = member_of(private_club, "owner")
    signed_in(client, admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("invitation-list", private_club),
            {"expires_in_days": "7", "emails": "newcomer@example.org"},
        )
    invite_path = _link(mail.outbox[-1].body)
    client.logout()

    page = client.get(invite_path)
    assert page.status_code == 200 and "Sign up and join" in page_text(page)
    response = client.post(invite_path, {"accept_code_of_conduct": "on", "then": "signup"})
    assert response["Location"] == reverse("account_signup")
    client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "display_name": "Newcomer",
            "password1": "correct-horse-battery",
            "password2": "correct-horse-battery",
        },
    )
    confirm_path = _link(mail.outbox[-1].body)
    assert confirm_path.startswith("/accounts/confirm-email/")
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert response["Location"] == private_club.get_absolute_url()
    membership = Membership.objects.get(club=private_club, user__email="newcomer@example.org")
    assert membership.role == "member"
    welcome = client.get(response["Location"])
    assert welcome.status_code == 200 and "Welcome to" in page_text(welcome)


def test_invitation_existing_account_logs_in_and_lands_in_club(client, private_club, user):
    invitation = InvitationFactory(club=private_club)
    response = client.post(
        invitation.get_absolute_url(), {"accept_code_of_conduct": "on", "then": "login"}
    )
    assert response["Location"] == reverse("account_login")
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "a-long-test-passphrase"}
    )
    assert response["Location"] == private_club.get_absolute_url()
    assert Membership.objects.filter(club=private_club, user=user).exists()


def test_invitation_anonymous_must_accept_code_of_conduct_first(client, private_club):
    invitation = InvitationFactory(club=private_club)
    response = client.post(invitation.get_absolute_url(), {"then": "signup"})
    assert response.status_code == 200
    assert "Please accept the code of conduct" in page_text(response)


def test_invitation_used_up_between_opening_and_login_explains(client, private_club, user):
    invitation = InvitationFactory(club=private_club, max_uses=1)
    client.post(invitation.get_absolute_url(), {"accept_code_of_conduct": "on", "then": "login"})
    Invitation.objects.filter(pk=invitation.pk).update(use_count=1)
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": "a-long-test-passphrase"},
        follow=True,
    )
    assert "You could not join" in page_text(response)
    assert not Membership.objects.filter(user=user).exists()


# Roles, removal, bans, ownership


def _target(club, user) -> Membership:
    return Membership.objects.get(club=club, user=user)


def test_membership_role_promote_to_moderator(client, club):
    admin = member_of(club, "admin")
    target = _target(club, member_of(club))
    signed_in(client, admin).post(
        url("membership-role", club, membership_id=target.pk), {"role": "moderator"}
    )
    target.refresh_from_db()
    assert target.role == "moderator"


@pytest.mark.parametrize("forged", ["owner", "god", ""])
def test_membership_role_forged_value_is_refused_with_message(client, club, forged):
    owner = member_of(club, "owner")
    target = _target(club, member_of(club))
    response = signed_in(client, owner).post(
        url("membership-role", club, membership_id=target.pk), {"role": forged}, follow=True
    )
    assert "That is not a role you can give. Nothing was changed." in page_text(response)
    target.refresh_from_db()
    assert target.role == "member"


def test_membership_role_admin_on_admin_is_refused_with_message(client, club):
    admin = member_of(club, "admin")
    other = _target(club, member_of(club, "admin"))
    response = signed_in(client, admin).post(
        url("membership-role", club, membership_id=other.pk), {"role": "member"}, follow=True
    )
    assert "You cannot give that role to this member." in page_text(response)
    other.refresh_from_db()
    assert other.role == "admin"


def test_membership_of_another_club_is_404(client, club):
    admin = member_of(club, "admin")
    elsewhere = MembershipFactory()
    signed_in(client, admin)
    assert client.get(url("membership-manage", club, membership_id=elsewhere.pk)).status_code == 404
    response = client.post(url("membership-remove", club, membership_id=elsewhere.pk))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_membership_ban_then_person_sees_private_club_404(client, private_club):
    owner = member_of(private_club, "owner")
    target_user = member_of(private_club)
    target = _target(private_club, target_user)
    signed_in(client, owner).post(
        url("membership-ban", private_club, membership_id=target.pk),
        {"reason": "Shared a screenshot"},
    )
    signed_in(client, target_user)
    assert client.get(private_club.get_absolute_url()).status_code == 404


def test_membership_remove_and_unban(client, club):
    admin = member_of(club, "admin")
    target = _target(club, member_of(club))
    banned = _target(club, member_of(club, status="banned"))
    signed_in(client, admin)
    client.post(url("membership-remove", club, membership_id=target.pk))
    client.post(url("membership-unban", club, membership_id=banned.pk))
    assert not Membership.objects.filter(pk__in=[target.pk, banned.pk]).exists()


def test_membership_transfer_makes_old_owner_admin(client, club):
    owner = member_of(club, "owner")
    heir = _target(club, member_of(club, "moderator"))
    signed_in(client, owner).post(url("membership-transfer", club, membership_id=heir.pk))
    heir.refresh_from_db()
    assert heir.role == "owner"
    assert _target(club, owner).role == "admin"


def test_club_leave_last_owner_is_told_to_hand_over(client, club):
    owner = member_of(club, "owner")
    response = signed_in(client, owner).post(url("club-leave", club))
    assert response.status_code == 200
    assert "only owner" in page_text(response)
    assert _target(club, owner).role == "owner"


def test_club_leave_member_leaves_immediately(client, club):
    user = member_of(club)
    response = signed_in(client, user).post(url("club-leave", club))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=user).exists()


# Done when: two people, a private club, an invitation link, sign-up, promotion, a stranger.


def test_two_people_private_club_invite_signup_promote_stranger_404(client):
    from django.test import Client

    founder = UserFactory(display_name="Founder")
    first = Client()
    first.force_login(founder)
    first.post(
        reverse("clubs:club-create"),
        {
            "name": "Quiet Room",
            "code_of_conduct": "Be kind.",
            "visibility": "private",
            "join_policy": "invite",
            "time_zone": "UTC",
        },
    )
    club = Club.objects.get(name="Quiet Room")
    first.post(url("invitation-list", club), {"expires_in_days": "7", "max_uses": "1"})
    invite_path = Invitation.objects.get(club=club).get_absolute_url()

    second = client  # another browser, no account yet
    second.post(invite_path, {"accept_code_of_conduct": "on", "then": "signup"})
    second.post(
        reverse("account_signup"),
        {
            "email": "friend@example.org",
            "display_name": "Friend",
            "password1": "correct-horse-battery",
            "password2": "correct-horse-battery",
        },
    )
    landed = second.post(_link(mail.outbox[-1].body))
    assert landed["Location"] == club.get_absolute_url()
    assert second.get(club.get_absolute_url()).status_code == 200

    friend = Membership.objects.get(club=club, user__email="friend@example.org")
    first.post(url("membership-role", club, membership_id=friend.pk), {"role": "moderator"})
    friend.refresh_from_db()
    assert friend.role == "moderator"
    assert "Moderator" in page_text(second.get(url("membership-list", club)))

    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(club.get_absolute_url()).status_code == 404
    used_link = stranger.get(invite_path)  # a used link says nothing of the club
    assert used_link.status_code == 404 and "Quiet Room" not in page_text(used_link)
    assert Client().get(club.get_absolute_url()).status_code == 404

"""The clubs services: every write, its permission check and its refusals."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from bookclub.clubs import services
from bookclub.clubs.models import AuditLog, Club, Invitation, JoinRequest, Membership
from tests.conftest import acting, member_of
from tests.factories import (
    ClubFactory,
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _create(owner, **fields):
    data = {"name": "Night Readers", "code_of_conduct": "Be kind.", **fields}
    return services.create_club(owner=owner, **data)


def test_create_club_makes_creator_owner_and_renders_markdown(user):
    club = _create(user, description="We read *slowly*.")
    assert club.slug == "night-readers"
    assert club.description_html == "<p>We read <em>slowly</em>.</p>\n"
    assert club.code_of_conduct_html == "<p>Be kind.</p>\n"
    membership = Membership.objects.get(club=club)
    assert (membership.user, membership.role) == (user, "owner")


def test_create_club_sanitises_markdown(user):
    club = _create(user, description="<script>alert(1)</script> [x](javascript:alert(1))")
    assert "<script" not in club.description_html
    assert 'href="javascript' not in club.description_html


def test_create_club_same_name_gets_random_suffix(user):
    assert _create(user).slug == "night-readers"
    second, third = _create(user).slug, _create(user).slug
    assert second.startswith("night-readers-") and third.startswith("night-readers-")
    assert len({"night-readers", second, third}) == 3


def test_create_club_reserved_or_empty_slug_is_avoided(user):
    assert _create(user, name="Admin").slug == "admin-club"
    assert _create(user, name="New").slug == "new-club"
    assert _create(user, name="読書会").slug == "読書会"  # its own letters
    assert _create(user, name="📚 ✨").slug == "club"


def test_create_club_long_name_keeps_slug_within_field(user):
    club = _create(user, name="A" * 80)
    again = _create(user, name="A" * 80)
    assert len(club.slug) <= 50 and len(again.slug) <= 50
    assert again.slug != club.slug and again.slug.startswith(club.slug[:44])


def test_create_club_refuses_anonymous():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        _create(AnonymousUser())


def test_update_club_by_admin_rerenders_markdown(club):
    admin = member_of(club, "admin")
    services.update_club(actor=acting(admin, club), description="**New**", slug="fresh-slug")
    club.refresh_from_db()
    assert club.slug == "fresh-slug"
    assert club.description_html == "<p><strong>New</strong></p>\n"


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_update_club_by_non_admin_is_refused(club, role):
    with pytest.raises(PermissionDenied):
        services.update_club(actor=acting(member_of(club, role), club), name="Taken over")
    club.refresh_from_db()
    assert club.name != "Taken over"


def test_update_club_reserved_or_duplicate_slug_is_refused(club):
    admin = member_of(club, "admin")
    other = ClubFactory()
    with pytest.raises(services.ClubActionError, match="not available"):
        services.update_club(actor=acting(admin, club), slug="admin")
    with pytest.raises(services.ClubActionError, match="not available"):
        services.update_club(actor=acting(admin, Club.objects.get(pk=club.pk)), slug=other.slug)


def test_join_club_open_needs_code_of_conduct(user):
    club = ClubFactory(join_policy="open")
    with pytest.raises(services.ClubActionError, match="code of conduct"):
        services.join_club(club=club, user=user, accepted_code_of_conduct=False)
    membership = services.join_club(club=club, user=user, accepted_code_of_conduct=True)
    assert membership.role == "member" and membership.is_active


def test_join_club_twice_returns_the_same_membership(user):
    club = ClubFactory(join_policy="open")
    first = services.join_club(club=club, user=user, accepted_code_of_conduct=True)
    second = services.join_club(club=club, user=user, accepted_code_of_conduct=True)
    assert first.pk == second.pk
    assert Membership.objects.filter(club=club).count() == 1


@pytest.mark.parametrize("policy", ["request", "invite"])
def test_join_club_refused_unless_open(user, policy):
    club = ClubFactory(join_policy=policy)
    with pytest.raises(services.ClubActionError):
        services.join_club(club=club, user=user, accepted_code_of_conduct=True)
    assert not Membership.objects.filter(club=club).exists()


def test_join_club_banned_person_is_refused():
    club = ClubFactory(join_policy="open")
    banned = member_of(club, status="banned")
    with pytest.raises(services.ClubActionError, match="cannot join"):
        services.join_club(club=club, user=banned, accepted_code_of_conduct=True)
    assert Membership.objects.get(club=club, user=banned).status == "banned"


def test_request_to_join_emails_each_admin_separately(
    club, user, django_capture_on_commit_callbacks
):
    owner = member_of(club, "owner")
    admin = member_of(club, "admin")
    member_of(club, "moderator")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_to_join(club=club, user=user, message="I organise locally.")
    assert sorted(message.to[0] for message in mail.outbox) == sorted([owner.email, admin.email])
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert user.email not in message.body  # never another member's address
        assert user.display_name in message.body
        assert "I organise locally." in message.body
        assert f"http://testserver/c/{club.slug}/manage/requests/" in message.body


def test_request_to_join_double_click_keeps_one_pending_request(club, user):
    first = services.request_to_join(club=club, user=user)
    second = services.request_to_join(club=club, user=user)
    assert first.pk == second.pk
    assert JoinRequest.objects.filter(club=club, user=user).count() == 1


def test_request_to_join_banned_or_member_is_refused(club):
    for user in (member_of(club, status="banned"), member_of(club)):
        with pytest.raises(services.ClubActionError):
            services.request_to_join(club=club, user=user)
    assert not JoinRequest.objects.exists()


def test_withdraw_request_marks_it_withdrawn(club, user):
    services.request_to_join(club=club, user=user)
    assert services.withdraw_request(club=club, user=user) is True
    assert JoinRequest.objects.get(user=user).status == "withdrawn"
    assert services.withdraw_request(club=club, user=user) is False


def test_decide_request_approve_adds_member_and_emails_requester(
    club, django_capture_on_commit_callbacks
):
    admin = member_of(club, "admin")
    join_request = JoinRequestFactory(club=club)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_request(
            actor=acting(admin, club), join_request_id=join_request.pk, approve=True, reason="Hi!"
        )
    join_request.refresh_from_db()
    assert (join_request.status, join_request.decided_by) == ("approved", admin)
    assert Membership.objects.get(club=club, user=join_request.user).role == "member"
    [message] = mail.outbox
    assert message.to == [join_request.user.email]
    assert "approved" in message.body and "Hi!" in message.body
    assert admin.email not in message.body
    assert f"http://testserver/c/{club.slug}/" in message.body


def test_decide_request_decline_gives_reason_and_no_membership(
    club, django_capture_on_commit_callbacks
):
    admin = member_of(club, "admin")
    join_request = JoinRequestFactory(club=club)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_request(
            actor=acting(admin, club),
            join_request_id=join_request.pk,
            approve=False,
            reason="Full.",
        )
    assert not Membership.objects.filter(user=join_request.user).exists()
    assert "declined" in mail.outbox[0].body and "Full." in mail.outbox[0].body


def test_decide_request_twice_tells_who_decided_first(club):
    first_admin, second_admin = member_of(club, "admin"), member_of(club, "owner")
    join_request = JoinRequestFactory(club=club)
    services.decide_request(
        actor=acting(first_admin, club), join_request_id=join_request.pk, approve=True
    )
    with pytest.raises(services.ClubActionError, match=f"approved by {first_admin.display_name}"):
        services.decide_request(
            actor=acting(second_admin, club), join_request_id=join_request.pk, approve=False
        )
    assert Membership.objects.get(user=join_request.user).is_active


def test_decide_request_of_another_club_is_refused(club):
    admin = member_of(club, "admin")
    elsewhere = JoinRequestFactory()
    with pytest.raises(services.ClubActionError):
        services.decide_request(
            actor=acting(admin, club), join_request_id=elsewhere.pk, approve=True
        )
    assert JoinRequest.objects.get(pk=elsewhere.pk).status == "pending"


def test_decide_request_by_moderator_is_refused(club):
    join_request = JoinRequestFactory(club=club)
    with pytest.raises(PermissionDenied):
        services.decide_request(
            actor=acting(member_of(club, "moderator"), club),
            join_request_id=join_request.pk,
            approve=True,
        )


@pytest.mark.django_db(transaction=True)
def test_decide_request_two_admins_at_once_exactly_one_wins(monkeypatch):
    """Admin A holds the row lock; admin B waits for it, then sees A's decision."""
    club = ClubFactory()
    admin_a, admin_b = member_of(club, "admin"), member_of(club, "owner")
    join_request = JoinRequestFactory(club=club)
    locked, release = threading.Event(), threading.Event()
    real_lock = services._lock_request
    outcomes: dict[str, object] = {}

    def lock_then_wait(club, join_request_id):
        row = real_lock(club, join_request_id)
        if threading.current_thread().name == "admin-a":
            locked.set()
            release.wait(timeout=5)
        return row

    monkeypatch.setattr(services, "_lock_request", lock_then_wait)

    def decide(name, admin, approve):
        try:
            outcomes[name] = services.decide_request(
                actor=acting(admin, club), join_request_id=join_request.pk, approve=approve
            ).status
        except services.ClubActionError as error:
            outcomes[name] = str(error)
        finally:
            connection.close()

    a = threading.Thread(target=decide, args=("a", admin_a, True), name="admin-a")
    b = threading.Thread(target=decide, args=("b", admin_b, False), name="admin-b")
    a.start()
    assert locked.wait(timeout=5)
    b.start()
    b.join(timeout=0.5)
    assert b.is_alive(), "the second admin must wait for the first one's lock"
    release.set()
    a.join(timeout=5)
    b.join(timeout=5)
    assert outcomes["a"] == "approved"
    assert outcomes["b"] == f"This request was already approved by {admin_a.display_name}."
    assert JoinRequest.objects.get(pk=join_request.pk).status == "approved"
    assert Membership.objects.filter(club=club, user=join_request.user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_join_club_double_click_at_once_makes_one_membership():
    club = ClubFactory(join_policy="open")
    user = UserFactory()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def click():
        try:
            barrier.wait(timeout=5)
            results.append(
                services.join_club(club=club, user=user, accepted_code_of_conduct=True).pk
            )
        except Exception as error:  # noqa: BLE001 - any error fails the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert errors == []
    assert Membership.objects.filter(club=club, user=user).count() == 1
    assert len(set(results)) == 1


def test_create_invitations_link_without_emails(club):
    admin = member_of(club, "admin")
    [invitation] = services.create_invitations(
        actor=acting(admin, club),
        expires_in=timedelta(days=7),
        max_uses=5,
        note="For the zine fair",
    )
    assert invitation.max_uses == 5 and invitation.unusable_reason() is None
    assert mail.outbox == []


def test_create_invitations_emails_one_single_use_link_each(
    club, django_capture_on_commit_callbacks
):
    admin = member_of(club, "admin")
    with django_capture_on_commit_callbacks(execute=True):
        invitations = services.create_invitations(
            actor=acting(admin, club),
            expires_in=timedelta(days=1),
            emails=["a@example.org", "b@example.org"],
        )
    assert [i.max_uses for i in invitations] == [1, 1]
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    for message, invitation in zip(
        sorted(mail.outbox, key=lambda m: m.to[0]), invitations, strict=True
    ):
        assert f"http://testserver{invitation.get_absolute_url()}" in message.body
        assert admin.display_name in message.body
        assert admin.email not in message.body
        assert "b@example.org" not in message.body or message.to == ["b@example.org"]


def test_create_invitations_by_member_is_refused(club):
    with pytest.raises(PermissionDenied):
        services.create_invitations(
            actor=acting(member_of(club), club), expires_in=timedelta(days=1)
        )
    assert not Invitation.objects.exists()


def test_accept_invitation_joins_whatever_the_policy_and_counts_use(user):
    club = ClubFactory(visibility="private", join_policy="invite")
    invitation = InvitationFactory(club=club, max_uses=2)
    membership = services.accept_invitation(
        club=club, user=user, token=invitation.token, accepted_code_of_conduct=True
    )
    assert membership.is_active
    invitation.refresh_from_db()
    assert invitation.use_count == 1


def test_accept_invitation_closes_a_pending_request(club, user):
    JoinRequestFactory(club=club, user=user)
    invitation = InvitationFactory(club=club)
    services.accept_invitation(
        club=club, user=user, token=invitation.token, accepted_code_of_conduct=True
    )
    assert JoinRequest.objects.get(user=user).status == "approved"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "expired"),
        ({"revoked_at": timezone.now()}, "withdrawn"),
        ({"max_uses": 1, "use_count": 1}, "used as many times"),
    ],
)
def test_accept_invitation_stale_link_is_refused(club, user, fields, message):
    invitation = InvitationFactory(club=club, **fields)
    with pytest.raises(services.ClubActionError, match=message):
        services.accept_invitation(
            club=club, user=user, token=invitation.token, accepted_code_of_conduct=True
        )
    assert not Membership.objects.filter(user=user).exists()


def test_accept_invitation_banned_person_is_refused(club):
    banned = member_of(club, status="banned")
    invitation = InvitationFactory(club=club)
    with pytest.raises(services.ClubActionError, match="cannot join"):
        services.accept_invitation(
            club=club, user=banned, token=invitation.token, accepted_code_of_conduct=True
        )
    invitation.refresh_from_db()
    assert invitation.use_count == 0


def test_accept_invitation_token_of_another_club_is_refused(club, user):
    elsewhere = InvitationFactory()
    with pytest.raises(services.ClubActionError, match="not valid"):
        services.accept_invitation(
            club=club, user=user, token=elsewhere.token, accepted_code_of_conduct=True
        )


def test_revoke_invitation_stops_the_link(club):
    admin = member_of(club, "admin")
    invitation = InvitationFactory(club=club)
    services.revoke_invitation(actor=acting(admin, club), invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.unusable_reason() == "This invitation was withdrawn by the club."


def test_leave_club_is_immediate(club):
    user = member_of(club)
    services.leave_club(club=club, user=user)
    assert not Membership.objects.filter(club=club, user=user).exists()


def test_leave_club_last_owner_is_refused_until_handover(club):
    owner = member_of(club, "owner")
    successor = member_of(club)
    with pytest.raises(services.ClubActionError, match="only owner"):
        services.leave_club(club=club, user=owner)
    services.transfer_ownership(
        actor=acting(owner, club),
        membership_id=Membership.objects.get(user=successor).pk,
    )
    assert Membership.objects.get(user=owner).role == "admin"
    assert Membership.objects.get(user=successor).role == "owner"
    services.leave_club(club=club, user=owner)
    assert not Membership.objects.filter(club=club, user=owner).exists()


def test_transfer_ownership_by_admin_is_refused(club):
    member_of(club, "owner")
    admin = member_of(club, "admin")
    target = Membership.objects.get(user=member_of(club))
    with pytest.raises(PermissionDenied):
        services.transfer_ownership(actor=acting(admin, club), membership_id=target.pk)
    target.refresh_from_db()
    assert target.role == "member"


def test_change_role_admin_promotes_up_to_admin(club):
    admin = member_of(club, "admin")
    target = Membership.objects.get(user=member_of(club))
    services.change_role(actor=acting(admin, club), membership_id=target.pk, role="moderator")
    target.refresh_from_db()
    assert target.role == "moderator"
    services.change_role(actor=acting(admin, club), membership_id=target.pk, role="admin")
    target.refresh_from_db()
    assert target.role == "admin"


@pytest.mark.parametrize("forged", ["owner", "superuser", ""])
def test_change_role_forged_role_is_refused(club, forged):
    owner = member_of(club, "owner")
    target = Membership.objects.get(user=member_of(club))
    with pytest.raises(services.ClubActionError, match="not a role"):
        services.change_role(actor=acting(owner, club), membership_id=target.pk, role=forged)
    target.refresh_from_db()
    assert target.role == "member"


def test_change_role_admin_cannot_touch_another_admin(club):
    admin = member_of(club, "admin")
    other = Membership.objects.get(user=member_of(club, "admin"))
    with pytest.raises(PermissionDenied):
        services.change_role(actor=acting(admin, club), membership_id=other.pk, role="member")


def test_remove_member_lets_them_join_again(club):
    admin = member_of(club, "admin")
    target = Membership.objects.get(user=member_of(club))
    services.remove_member(actor=acting(admin, club), membership_id=target.pk)
    assert not Membership.objects.filter(pk=target.pk).exists()
    services.request_to_join(club=club, user=target.user)


def test_ban_member_blocks_request_and_declines_pending(club):
    admin = member_of(club, "admin")
    target = Membership.objects.get(user=member_of(club, "moderator"))
    services.ban_member(actor=acting(admin, club), membership_id=target.pk, reason="Outed someone")
    target.refresh_from_db()
    assert (target.status, target.role, target.ban_reason) == ("banned", "member", "Outed someone")
    with pytest.raises(services.ClubActionError):
        services.request_to_join(club=club, user=target.user)


def test_ban_member_admin_cannot_ban_owner(club):
    owner = Membership.objects.get(user=member_of(club, "owner"))
    with pytest.raises(PermissionDenied):
        services.ban_member(actor=acting(member_of(club, "admin"), club), membership_id=owner.pk)
    owner.refresh_from_db()
    assert owner.is_active


def test_lift_ban_removes_the_ban_row(club):
    admin = member_of(club, "admin")
    banned = Membership.objects.get(user=member_of(club, status="banned"))
    services.lift_ban(actor=acting(admin, club), membership_id=banned.pk)
    assert not Membership.objects.filter(pk=banned.pk).exists()


# An admin of one club holds no power in another: ids from elsewhere are not found there.
ELSEWHERE_ACTIONS = {
    "change_role": lambda actor, m, i: services.change_role(
        actor=actor, membership_id=m.pk, role="moderator"
    ),
    "remove_member": lambda actor, m, i: services.remove_member(actor=actor, membership_id=m.pk),
    "ban_member": lambda actor, m, i: services.ban_member(actor=actor, membership_id=m.pk),
    "lift_ban": lambda actor, m, i: services.lift_ban(actor=actor, membership_id=m.pk),
    "transfer_ownership": lambda actor, m, i: services.transfer_ownership(
        actor=actor, membership_id=m.pk
    ),
    "warn_member": lambda actor, m, i: services.warn_member(
        actor=actor, membership_id=m.pk, reason="x"
    ),
    "mute_member": lambda actor, m, i: services.mute_member(
        actor=actor, membership_id=m.pk, duration=timedelta(hours=1), reason="x"
    ),
    "unmute_member": lambda actor, m, i: services.unmute_member(actor=actor, membership_id=m.pk),
    "revoke_invitation": lambda actor, m, i: services.revoke_invitation(
        actor=actor, invitation_id=i.pk
    ),
}


@pytest.mark.parametrize("action", ELSEWHERE_ACTIONS)
def test_club_services_refuse_an_owner_acting_on_another_clubs_people(club, action):
    owner = member_of(club, "owner")
    other_club = ClubFactory()
    # The same person is a plain member there: their power here must not carry over.
    MembershipFactory(club=other_club, user=owner)
    target = MembershipFactory(club=other_club)
    invitation = InvitationFactory(club=other_club)

    with pytest.raises(services.ClubActionError, match="in this club"):
        ELSEWHERE_ACTIONS[action](acting(owner, club), target, invitation)

    target.refresh_from_db()
    invitation.refresh_from_db()
    assert (target.role, target.status, target.muted_until) == ("member", "active", None)
    assert invitation.revoked_at is None
    assert not AuditLog.objects.filter(club=other_club).exists()

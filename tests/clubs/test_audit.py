"""The per-club audit log: written by every role change, readable, never editable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction

from bookclub.clubs import audit, services
from bookclub.clubs.models import AuditLog
from tests.conftest import acting
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(club):
    return MembershipFactory(club=club, role="owner").user


def test_role_changes_bans_and_transfers_are_logged(club, owner):
    target = MembershipFactory(club=club)
    other = MembershipFactory(club=club)
    services.change_role(actor=acting(owner, club), membership_id=target.pk, role="moderator")
    services.ban_member(actor=acting(owner, club), membership_id=other.pk, reason="Harassment")
    services.lift_ban(actor=acting(owner, club), membership_id=other.pk)
    services.transfer_ownership(actor=acting(owner, club), membership_id=target.pk)
    actions = list(
        AuditLog.objects.filter(club=club).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["role_change", "ban", "unban", "ownership"]
    ban = AuditLog.objects.get(action="ban")
    assert ban.reason == "Harassment" and ban.actor_name == owner.display_name
    assert AuditLog.objects.get(action="role_change").detail == "Member → Moderator"


def test_remove_member_is_logged_with_reason(club, owner):
    target = MembershipFactory(club=club)
    services.remove_member(actor=acting(owner, club), membership_id=target.pk, reason="Spam")
    assert AuditLog.objects.get(club=club).reason == "Spam"


def test_warn_and_mute_are_logged_and_warning_emailed(
    club, owner, mailoutbox, django_capture_on_commit_callbacks
):
    target = MembershipFactory(club=club)
    with django_capture_on_commit_callbacks(execute=True):
        services.warn_member(actor=acting(owner, club), membership_id=target.pk, reason="Be kind")
    services.mute_member(
        actor=acting(owner, club),
        membership_id=target.pk,
        duration=timedelta(hours=2),
        reason="Heat",
    )
    target.refresh_from_db()
    assert target.is_muted()
    assert [e.action for e in AuditLog.objects.order_by("pk")] == ["warn", "mute"]
    assert len(mailoutbox) == 1 and "Be kind" in mailoutbox[0].body
    assert owner.display_name not in mailoutbox[0].body


def test_moderator_cannot_mute_an_admin(club):
    moderator = MembershipFactory(club=club, role="moderator").user
    admin = MembershipFactory(club=club, role="admin")
    with pytest.raises(services.PermissionDenied):
        services.mute_member(
            actor=acting(moderator, club), membership_id=admin.pk, duration=timedelta(1), reason="x"
        )
    assert not AuditLog.objects.exists()


def test_audit_log_refuses_model_update_and_delete(club, owner):
    entry = audit.record(club=club, actor=owner, action="warn", reason="first")
    entry.reason = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=entry.pk).delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE clubs_auditlog SET reason = 'rewritten'",
        "UPDATE clubs_auditlog SET actor_name = 'Someone else'",
        "DELETE FROM clubs_auditlog",
    ],
)
def test_audit_log_refuses_raw_sql_changes(club, owner, sql):
    audit.record(club=club, actor=owner, action="warn", reason="first")
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditLog.objects.get().reason == "first"


def test_audit_log_keeps_names_when_an_account_is_deleted(club, owner):
    target = MembershipFactory(club=club)
    audit.record(club=club, actor=owner, action="warn", target=target.user, reason="x")
    name = target.user.display_name
    target.user.delete()
    entry = AuditLog.objects.get()
    assert entry.target_user is None and entry.target_name == name


def test_audit_log_is_read_only_in_admin(admin_client, club, owner):
    entry = audit.record(club=club, actor=owner, action="warn", reason="x")
    assert admin_client.get(f"/admin/clubs/auditlog/{entry.pk}/change/").status_code == 200
    assert admin_client.get("/admin/clubs/auditlog/add/").status_code == 403
    assert (
        admin_client.post(f"/admin/clubs/auditlog/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditLog.objects.filter(pk=entry.pk).exists()

"""Every account flow end to end through the views, as a person would go through it."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from bookclub.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase-42"


def _link_in_last_email() -> str:
    body = mail.outbox[-1].body
    match = re.search(r"http://testserver(/accounts/\S+)", body)
    assert match, body
    return match.group(1)


def _signup(client, **overrides):
    data = {
        "email": "newreader@example.org",
        "display_name": "New Reader",
        "password1": "correct-horse-battery",
        "password2": "correct-horse-battery",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_signup_sends_link_that_verifies_and_logs_in(client):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="newreader@example.org")
    assert user.display_name == "New Reader"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["newreader@example.org"]

    # Unverified: logging in is refused until the email link is followed.
    client.logout()
    client.post(
        reverse("account_login"),
        {"login": "newreader@example.org", "password": "correct-horse-battery"},
    )
    assert client.get(reverse("accounts:settings")).status_code == 302

    confirm_path = _link_in_last_email()
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert b"Confirm" in page.content
    client.post(confirm_path)
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "NewReader@Example.org", "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_signup_page_uses_site_layout(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'class="skip-link"' in page
    assert "css/app.css" in page
    assert 'name="display_name"' in page


def test_signup_duplicate_email_is_refused_with_input_kept(client):
    UserFactory(email="taken@example.org")
    response = _signup(client, email="TAKEN@example.org", display_name="Keeps This")
    # allauth prevents enumeration: the page answers as if it worked, but no account is made.
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    if response.status_code == 200:
        assert "Keeps This" in response.content.decode()


def test_signup_weak_password_shows_error_keeps_email_never_password(client):
    response = _signup(client, password1="password", password2="password")
    assert response.status_code == 200
    page = response.content.decode()
    assert "too common" in page
    assert 'value="newreader@example.org"' in page
    assert 'value="password"' not in page
    assert not User.objects.filter(email="newreader@example.org").exists()


def test_signup_lookalike_display_name_is_refused(client):
    UserFactory(display_name="Anna")
    response = _signup(client, display_name="\u0410nna")  # Cyrillic A
    assert response.status_code == 200
    assert "looks just like it" in response.content.decode()
    assert not User.objects.filter(email="newreader@example.org").exists()


def test_signup_display_name_with_at_sign_is_refused(client):
    response = _signup(client, display_name="me@example.org")
    assert response.status_code == 200
    assert "never looks like an email" in response.content.decode()


def test_login_wrong_password_shows_error_keeps_email(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "not-the-password"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "not correct" in page
    assert f'value="{user.email}"' in page
    assert "not-the-password" not in page


def test_logout_requires_post(client, user):
    client.force_login(user)
    client.get(reverse("account_logout"))
    assert client.get(reverse("accounts:settings")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_password_reset_through_emailed_link(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    reset_path = _link_in_last_email()
    response = client.get(reset_path, follow=True)
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    # allauth tells the unknown address itself, never the person asking.
    assert all("nobody@example.org" in m.to for m in mail.outbox)


def test_change_password(client, user):
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_change_password_wrong_current_password(client, user):
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "current password" in response.content.decode().lower()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_add_make_primary_and_remove_email_address(client, user):
    client.force_login(user)
    client.post(reverse("account_email"), {"action_add": "", "email": "second@example.org"})
    added = EmailAddress.objects.get(user=user, email="second@example.org")
    assert not added.verified
    confirm_path = _link_in_last_email()
    client.post(confirm_path)
    added.refresh_from_db()
    assert added.verified

    client.post(reverse("account_email"), {"action_primary": "", "email": "second@example.org"})
    user.refresh_from_db()
    assert user.email == "second@example.org"

    old = EmailAddress.objects.get(user=user, primary=False)
    client.post(reverse("account_email"), {"action_remove": "", "email": old.email})
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "second@example.org"
    ]


def test_profile_settings_saves_fields(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:settings"),
        {
            "display_name": "Quiet Reader",
            "pronouns": "they/them",
            "bio": "Reads slowly.",
            "time_zone": "Europe/Berlin",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.pronouns, user.time_zone) == (
        "Quiet Reader",
        "they/them",
        "Europe/Berlin",
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", "", "This field is required"),
        ("display_name", "x" * 41, "at most 40 characters"),
        ("time_zone", "Mars/Olympus", "Select a valid choice"),
        ("bio", "b" * 501, "at most 500 characters"),
    ],
)
def test_profile_settings_bad_input_keeps_text(client, user, field, value, message):
    client.force_login(user)
    data = {"display_name": "Keep Me", "pronouns": "she/her", "bio": "", "time_zone": "UTC"}
    data[field] = value
    response = client.post(reverse("accounts:settings"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "she/her" in page
    user.refresh_from_db()
    assert user.pronouns == ""


def test_settings_requires_login(client):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_reauthenticate_by_emailed_code_instead_of_password(client, user):
    client.force_login(user)
    response = client.post(
        reverse("account_request_reauthentication_code"), {"recipient": user.email}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_reauthentication_code")
    assert mail.outbox[-1].to == [user.email]
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)

    wrong = client.post(reverse("account_confirm_reauthentication_code"), {"code": "AAAA-AAAA"})
    assert wrong.status_code == 200
    assert "Incorrect code." in wrong.text
    assert 'value="AAAA-AAAA"' in wrong.text

    confirmed = client.post(reverse("account_confirm_reauthentication_code"), {"code": code})
    assert confirmed.status_code == 302

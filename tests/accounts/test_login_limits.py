"""Failed logins are limited per account and address together: a stranger failing from
elsewhere cannot lock an owner out, while the stranger's own guesses stay limited."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

ATTACKER, OWNER = "10.0.0.1", "10.0.0.2"


def _log_in(client: Client, email: str, password: str, address: str):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def _fail(times: int, email: str, address: str) -> list[int]:
    client = Client(raise_request_exception=False)
    return [_log_in(client, email, "wrong-guess", address).status_code for _ in range(times)]


def test_failed_logins_from_elsewhere_do_not_lock_the_owner_out(person):
    _fail(6, person.email, ATTACKER)
    response = _log_in(Client(), person.email, PASSWORD, OWNER)
    assert response.status_code == 302
    assert response.wsgi_request.user == person


def test_the_failing_address_stays_limited_even_with_the_right_password(person):
    assert _fail(6, person.email, ATTACKER) == [200] * 5 + [429]
    _log_in(Client(), person.email, PASSWORD, OWNER)  # the owner's login does not reset it
    response = _log_in(Client(raise_request_exception=False), person.email, PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_many_failures_from_one_address_get_a_clear_429_page(person):
    client = Client(raise_request_exception=False)
    statuses = _fail(5, person.email, ATTACKER)
    response = _log_in(client, person.email, "wrong-guess", ATTACKER)
    assert statuses == [200] * 5
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_one_address_guessing_many_accounts_is_limited(db):
    from tests.factories import UserFactory

    people = UserFactory.create_batch(11)
    statuses = [_fail(1, someone.email, ATTACKER)[0] for someone in people]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_too_many_login_requests_from_one_address_say_how_long_to_wait(db, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    client = Client(raise_request_exception=False)
    statuses = [_log_in(client, "x@example.org", "x", ATTACKER).status_code for _ in range(3)]
    page = _log_in(client, "x@example.org", "x", ATTACKER).content.decode()
    assert statuses[-1] == 429
    assert "Please wait a few minutes and try again" in page

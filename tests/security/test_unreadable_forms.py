"""A form body that cannot be read (here: a charset Django refuses for form data) is the
site's 400 page on every POST URL, never a 500: the 400 page reads nothing of the request."""

from __future__ import annotations

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.security import test_all_urls
from tests.test_url_matrix import ENTRIES, _visit

pytestmark = pytest.mark.django_db
SITE = test_all_urls.SITE
site_world = test_all_urls.site_world  # the fixture

BAD_REQUEST = "That request did not make sense to us"
UTF16_FORM = "application/x-www-form-urlencoded; charset=utf-16"


def _browser() -> Client:
    """Checks CSRF as production does, and holds a valid token, so only the charset is wrong."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = get_token(RequestFactory().get("/"))
    return client


def _post_utf16(client: Client, url: str):
    # The client encodes the text in the content type's charset.
    return client.post(
        url,
        "body=hello",
        content_type=UTF16_FORM,
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )


def test_a_utf16_form_on_the_settings_page_is_the_400_page(user):
    client = _browser()
    client.force_login(user)
    response = _post_utf16(client, reverse("accounts:settings"))
    assert response.status_code == 400
    assert BAD_REQUEST in response.content.decode()


@pytest.mark.parametrize("name", sorted(name for name, entry in ENTRIES.items() if "post" in entry))
@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_every_club_post_url_answers_a_utf16_form_with_the_400_page(name, role):
    client = _browser()
    world, entry, url = _visit(client, name, "private", role)
    response = _post_utf16(client, url)
    assert response.status_code == 400, f"POST {url} as {role}"
    assert BAD_REQUEST in response.content.decode()


@pytest.mark.parametrize("name", sorted(name for name, entry in SITE.items() if "post" in entry))
def test_every_site_post_url_answers_a_utf16_form_with_the_400_page(name, site_world, user):
    client = _browser()
    client.force_login(user)
    url = reverse(name, kwargs=(SITE[name].get("args") or (lambda w: {}))(site_world))
    response = _post_utf16(client, url)
    assert response.status_code == 400, f"POST {url}"
    assert BAD_REQUEST in response.content.decode()


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_forms_answer_a_utf16_form_with_the_400_page(name):
    response = _post_utf16(_browser(), reverse(name))
    assert response.status_code == 400
    assert BAD_REQUEST in response.content.decode()

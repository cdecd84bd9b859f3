from __future__ import annotations

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from allauth.core.internal.ratelimit import get_ip, parse_rates
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.http import urlencode

from bookclub.mail import email_subject
from bookclub.ratelimit import RateLimited


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth's "key" for failed logins is the login identifier; with the address added,
        # failures from one place never lock the account's owner out somewhere else.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            # The site's 429 page, saying how long to wait, rather than a form error.
            rates = parse_rates(app_settings.RATE_LIMITS.get("login_failed"))
            wait = int(max((rate.duration for rate in rates), default=60))
            raise RateLimited("login", retry_after=wait) from error

    def format_email_subject(self, subject: str) -> str:
        return email_subject(super().format_email_subject(subject))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        # Links in emails point at the public site address, not whatever Host header came in.
        path = super().get_email_confirmation_url(request, emailconfirmation)
        # Where the person was going (joining a club) travels with the link: the session
        # that remembers it is not there when the email is opened on another device.
        next_url = get_next_redirect_url(request) if request is not None else None
        if next_url:
            path += "?" + urlencode({"next": next_url})
        return _on_site(path)

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_site(super().get_reset_password_from_key_url(key))


def _on_site(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return settings.SITE_URL + path

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from bookclub.mail import email_subject


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        return email_subject(super().format_email_subject(subject))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        # Links in emails point at the public site address, not whatever Host header came in.
        path = super().get_email_confirmation_url(request, emailconfirmation)
        return _on_site(path)

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_site(super().get_reset_password_from_key_url(key))


def _on_site(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return settings.SITE_URL + path

from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from bookclub.accounts.names import display_name_key, passes_for_latin
from bookclub.clubs import permissions
from bookclub.clubs.models import ADDRESS_UNAVAILABLE, NAME_TAKEN, Club, Membership
from bookclub.core.forms import Form, ModelForm

DEFAULT_CODE_OF_CONDUCT = """\
- Be kind. Disagree with ideas, never with people.
- Use the name people give here. Do not guess at or share who anyone is elsewhere.
- Keep spoilers inside the schedule: discuss a chapter only in its own thread.
- What members share here stays here: no screenshots, no forwarding.
- Tell an admin or moderator if something is wrong. They will act on it.
"""

ACCEPT_LABEL = "I accept the code of conduct"


class ClubForm(ModelForm):
    """Create a club. The address (slug) is made from the name."""

    class Meta:
        model = Club
        fields = [
            "name",
            "description",
            "code_of_conduct",
            "visibility",
            "join_policy",
            "time_zone",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "code_of_conduct": forms.Textarea(attrs={"rows": 10}),
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
        }
        help_texts = {
            "name": "80 characters at most.",
            "description": "A few sentences for people deciding whether to join. Markdown works.",
            "code_of_conduct": "Everyone accepts this before joining. Markdown works.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["code_of_conduct"].initial = DEFAULT_CODE_OF_CONDUCT

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Give the club a name.")
        return name

    def clean(self):
        data = super().clean()
        name, visibility = data.get("name"), data.get("visibility")
        club = self.instance if self.instance.pk else None
        # Checked when the name changes or the club goes public, so that a club with a name
        # like another's from before this rule can still save its other settings.
        changes = club is None or display_name_key(name or "") != club.name_key
        goes_public = club is not None and visibility == Club.Visibility.PUBLIC != club.visibility
        if name and (changes or goes_public) and Club.objects.named_like(name, exclude=club):
            self.add_error("name", NAME_TAKEN)
        return data


class ClubSettingsForm(ClubForm):
    class Meta(ClubForm.Meta):
        fields = ["name", "slug", *ClubForm.Meta.fields[1:]]
        labels = {"slug": "Address"}
        help_texts = {
            **ClubForm.Meta.help_texts,
            "slug": "The club's address: /c/&lt;address&gt;/. Lowercase letters (of any "
            "alphabet), digits and dashes. Old links stop working when you change it. For a "
            "private club, keep an address nobody could guess from its name.",
        }

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if passes_for_latin(slug):
            raise ValidationError(
                "This address has letters that look like Latin letters (a–z) but are not, "
                "so it could pass for another address. Write it with a–z, or wholly in "
                "another alphabet."
            )
        if slug != self.instance.slug and not Club.objects.address_is_free(
            slug, exclude=self.instance
        ):
            raise ValidationError(ADDRESS_UNAVAILABLE)
        return slug


class JoinForm(Form):
    accept_code_of_conduct = forms.BooleanField(
        label=ACCEPT_LABEL,
        error_messages={"required": "Please accept the code of conduct to join."},
    )


class JoinRequestForm(JoinForm):
    message = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the club's admins read it.",
        label="A message to the admins",
    )


class InvitationAcceptForm(JoinForm):
    """Anonymous people choose whether to sign up or log in next."""

    then = forms.ChoiceField(
        choices=[("signup", "Sign up"), ("login", "Log in")],
        required=False,
        widget=forms.HiddenInput,
    )


class DecisionForm(Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    reason = forms.CharField(
        required=False,
        max_length=500,
        label="Reason (optional)",
        help_text="Sent to the person with the decision.",
    )


EXPIRY_CHOICES = [("1", "1 day"), ("7", "7 days"), ("14", "14 days"), ("30", "30 days")]
MAX_EMAILS = 20


class InvitationForm(Form):
    expires_in_days = forms.TypedChoiceField(
        label="Expires after", choices=EXPIRY_CHOICES, coerce=int, initial="7"
    )
    max_uses = forms.IntegerField(
        label="Number of uses",
        required=False,
        min_value=1,
        max_value=1000,
        help_text="Leave empty for no limit. Links sent by email always work once.",
    )
    note = forms.CharField(
        required=False,
        max_length=200,
        help_text="Shown to admins in the list, and included in invitation emails.",
    )
    emails = forms.CharField(
        required=False,
        label="Send by email to",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Optional: up to {MAX_EMAILS} addresses, separated by commas or new lines. "
        "Each gets its own link. Addresses are not shown to anyone.",
    )

    def clean_emails(self) -> list[str]:
        raw = [item.strip() for item in re.split(r"[,;\s]+", self.cleaned_data["emails"])]
        emails = list(dict.fromkeys(item.lower() for item in raw if item))
        if len(emails) > MAX_EMAILS:
            raise ValidationError(f"Send to at most {MAX_EMAILS} addresses at a time.")
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                bad.append(email)
        if bad:
            raise ValidationError(f"Not an email address: {', '.join(bad)}")
        return emails

    @property
    def expires_in(self) -> timedelta:
        return timedelta(days=self.cleaned_data["expires_in_days"])


class RoleForm(Form):
    role = forms.ChoiceField(
        choices=[
            (role.value, role.label)
            for role in Membership.Role
            if role in permissions.ASSIGNABLE_ROLES
        ],
        error_messages={"invalid_choice": "That is not a role you can give."},
    )


class BanForm(Form):
    reason = forms.CharField(
        required=False,
        max_length=500,
        label="Reason (optional)",
        help_text="Kept for the club's admins. The person is not told.",
    )


class DirectorySearchForm(Form):
    q = forms.CharField(required=False, max_length=80, label="Search clubs by name")

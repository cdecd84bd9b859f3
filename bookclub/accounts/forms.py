from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from bookclub.accounts.models import User
from bookclub.accounts.names import ALLOWED, clean_display_name, display_name_key
from bookclub.core.forms import Form, ModelForm


def validate_display_name(raw: str, *, user: User | None = None) -> str:
    name = clean_display_name(raw)
    if len(name) < 2:
        raise ValidationError("Choose a display name of at least 2 characters.")
    if not ALLOWED.match(name):
        raise ValidationError(
            "Use letters, numbers, spaces and . ' - _ only (no @, so it never looks like an email)."
        )
    key = display_name_key(name)
    if not key:
        raise ValidationError("A display name needs at least one letter or number.")
    taken = User.objects.filter(display_name_key=key)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise ValidationError("That name, or one that looks just like it, is taken. Try another.")
    return name


class SignupExtraForm(Form):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(
        max_length=40,
        help_text="The only name other members see. It need not be your real name.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_display_name(self) -> str:
        return validate_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save()


class ProfileForm(ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "pronouns", "bio", "time_zone"]
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "bio": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "pronouns": "Optional, shown next to your name.",
            "bio": "Optional, 500 characters at most. Members of your clubs can read it.",
            "time_zone": "Dates and meeting times are shown in this time zone.",
        }

    def clean_display_name(self) -> str:
        return validate_display_name(self.cleaned_data["display_name"], user=self.instance)


class DeleteAccountForm(Form):
    posts = forms.ChoiceField(
        label="Your posts",
        choices=[
            ("keep", "Keep my posts, shown as written by “a former member”"),
            ("remove", "Remove the text of all my posts"),
        ],
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is you.",
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        error_messages={"required": "Tick the box to confirm you want to delete your account."},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("That is not your current password.")
        return password

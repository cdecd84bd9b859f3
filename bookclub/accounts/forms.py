from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from bookclub.accounts.models import User
from bookclub.accounts.names import ALLOWED, clean_display_name, display_name_key


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


class SignupExtraForm(forms.Form):
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


class ProfileForm(forms.ModelForm):
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

"""Base form classes: every form of the project takes its text through `plain_text`."""

from __future__ import annotations

from django import forms

from bookclub.core.text import plain_text


class PlainTextMixin:
    """Strips control characters from every text field before it is validated.

    Textareas keep tab and newline (CR LF becomes LF); one-line inputs turn them into a
    space. Passwords are left as typed. The submitted page shows the cleaned text.
    """

    def full_clean(self) -> None:
        if self.is_bound:
            self.data = self._plain_data()
        super().full_clean()

    def _plain_data(self):
        """The submitted data with text fields cleaned; copied only when one changes."""
        cleaned = {}
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                key, multiline = self.add_prefix(name), isinstance(field.widget, forms.Textarea)
                values = self.data.getlist(key) if hasattr(self.data, "getlist") else []
                if not values and key in self.data:
                    values = [self.data[key]]
                plain = [
                    plain_text(v, multiline=multiline) if isinstance(v, str) else v for v in values
                ]
                if plain != values:
                    cleaned[key] = plain
        if not cleaned:
            return self.data
        data = self.data.copy()
        for key, values in cleaned.items():
            if hasattr(data, "setlist"):
                data.setlist(key, values)
            else:
                data[key] = values[0] if len(values) == 1 else values
        return data


class Form(PlainTextMixin, forms.Form):
    pass


class ModelForm(PlainTextMixin, forms.ModelForm):
    pass

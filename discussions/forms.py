from __future__ import annotations

import uuid

from django import forms

from bookclub.core.forms import Form
from discussions.models import MAX_POST_LENGTH


class UncutTextField(forms.CharField):
    """max_length checked by the server only: a `maxlength` attribute makes browsers cut a
    long paste without a word. The limit goes to app.js's live counter instead."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if attrs.pop("maxlength", None) is not None:
            attrs["data-max-length"] = str(self.max_length)
        return attrs


def anchor_help(default_anchor) -> str:
    """What the preset anchor does, in words: the chapter a reader must have read."""
    if default_anchor is None:
        return (
            "Every member sees your post: no chapter is chosen, as you have not marked any "
            "read yet. Choose the chapter your post discusses, if any."
        )
    return (
        f"Hidden from members who have not read {default_anchor} yet. Preset to the lower "
        "of this week's reading and how far you have read."
    )


class PostForm(Form):
    """A reply. `chapters` (already loaded) fill the anchor choice; None hides it."""

    body = UncutTextField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_POST_LENGTH,
        help_text="Markdown works. Hide a passage with ||double bars||; mention with @Name.",
        error_messages={"required": "Write something before posting: the post is empty."},
    )
    anchor_chapter = forms.ChoiceField(
        label="Discusses up to",
        required=False,
    )
    content_warning = forms.CharField(
        label="Content warning",
        required=False,
        max_length=100,
        help_text="Optional. If set, your post shows collapsed behind this label.",
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, chapters: list | None = None, default_anchor=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", uuid.uuid4())
        if default_anchor is not None:
            kwargs["initial"].setdefault("anchor_chapter", default_anchor.pk)
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["max_length"] = (
            f"Posts can be at most {MAX_POST_LENGTH:,} characters; "
            "this one has %(show_value)s. Shorten it or split it into two posts."
        )
        if chapters is None:
            del self.fields["anchor_chapter"]
        else:
            self.fields["anchor_chapter"].help_text = anchor_help(default_anchor)
            self._chapters = {str(chapter.pk): chapter for chapter in chapters}
            self.fields["anchor_chapter"].choices = [("", "No particular chapter")] + [
                (str(chapter.pk), str(chapter)) for chapter in chapters
            ]

    def clean_anchor_chapter(self):
        """The Chapter itself, from the chapters already loaded (no query)."""
        return self._chapters.get(self.cleaned_data["anchor_chapter"])


class EditPostForm(PostForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = "Post"
        del self.fields["reply_to"]
        del self.fields["idempotency_key"]


class ThreadForm(PostForm):
    """A new thread: a title, where it goes, and its first post."""

    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Give the thread a title."},
    )
    place = forms.ChoiceField(label="Discuss under")

    field_order = ["title", "place", "body", "anchor_chapter", "content_warning"]

    def __init__(self, *args, places: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = "First post"
        self.fields["place"].choices = places
        self.fields["anchor_chapter"].help_text = (
            "For a theme or general thread (chapter threads anchor to their chapter). "
            + self.fields["anchor_chapter"].help_text
        )
        del self.fields["reply_to"]
        self.order_fields(self.field_order)

    def clean_title(self) -> str:
        # A title is one line (it heads pages and email subjects): line breaks become spaces.
        lines = (line.strip() for line in self.cleaned_data["title"].splitlines())
        title = " ".join(line for line in lines if line)
        if not any(ch.isalnum() for ch in title):
            raise forms.ValidationError("Give the thread a title with some words in it.")
        return title


class SearchForm(Form):
    q = forms.CharField(label="Search discussions", max_length=200, required=False)

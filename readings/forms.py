"""Validation and messages for the readings pages. Schedule rules live in readings.schedule."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from bookclub.core.forms import Form, ModelForm
from readings.models import Book, Chapter, Rsvp, ScheduleEntry, Theme
from readings.services import EntryInput
from readings.validators import (
    MEETING_LINK_MAX_LENGTH,
    clean_meeting_link,
    normalize_isbn,
    validate_cover,
    validate_isbn13,
)
from readings.zones import UTC

MAX_CHAPTERS = 500
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def isbn_field() -> forms.CharField:
    """An optional ISBN-13, checked offline (books and proposals alike)."""
    return forms.CharField(
        label="ISBN-13", max_length=20, required=False, validators=[validate_isbn13]
    )


def cover_field() -> forms.ImageField:
    """An optional cover picture, checked like every upload of a book's cover."""
    return forms.ImageField(
        required=False,
        validators=[validate_cover],
        help_text="Optional. JPEG, PNG or WebP, at most 2 MB.",
        error_messages={
            "invalid_image": "The cover must be a JPEG, PNG or WebP picture; this file is not one."
        },
    )


class ZonedDateTimeField(forms.DateTimeField):
    """A datetime-local input read and shown in a given zone (the club's), not the viewer's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args, zone: dt.tzinfo = UTC, **kwargs):
        self.zone = zone
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return value.astimezone(self.zone).replace(tzinfo=None)
        return value

    def to_python(self, value):
        with timezone.override(self.zone):
            return super().to_python(value)


class VersionForm(Form):
    """Every curation form says which version of the schedule it was based on."""

    schedule_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def meeting_link_field(label: str, help_text: str = "") -> forms.CharField:
    # Checked as a whole by MeetingLinkCheck (it needs the http:// confirmation too).
    return forms.CharField(
        label=label,
        required=False,
        max_length=MEETING_LINK_MAX_LENGTH,
        widget=forms.URLInput,
        help_text=help_text,
    )


def http_confirmation_field() -> forms.BooleanField:
    return forms.BooleanField(
        label="Allow an http:// link",
        required=False,
        help_text="Only when the meeting has no https:// address: anyone on the same network "
        "can read or change what an http:// page sends.",
    )


class MeetingLinkCheck:
    """For forms with `meeting_url` and `meeting_url_http_ok` fields."""

    def clean(self):
        data = super().clean()
        if "meeting_url" in data:
            try:
                data["meeting_url"] = clean_meeting_link(
                    data["meeting_url"], allow_http=data.get("meeting_url_http_ok", False)
                )
            except ValidationError as error:
                self.add_error("meeting_url", error)
        return data


class ChapterChoiceField(forms.TypedChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, coerce=int, **kwargs)
        self.error_messages["invalid_choice"] = "Choose a chapter of this book from the list."


class EntryForm(MeetingLinkCheck, VersionForm):
    first_chapter = ChapterChoiceField(label="From")
    last_chapter = ChapterChoiceField(label="To (included)")
    due_on = forms.DateField(label="Read by", widget=DATE_WIDGET)
    allow_gap = forms.BooleanField(
        label="Leave a gap",
        required=False,
        help_text="Tick to leave chapters between entries unscheduled on purpose.",
    )
    meeting_at = ZonedDateTimeField(label="Date and time", required=False)
    meeting_minutes = forms.IntegerField(
        label="Meeting length in minutes", min_value=15, max_value=600, initial=90
    )
    meeting_place = forms.CharField(label="Place", max_length=200, required=False)
    meeting_url = meeting_link_field("Online link", "Shared with members and in the calendar.")
    meeting_url_http_ok = http_confirmation_field()
    prompts = forms.CharField(
        label="Discussion prompts",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line.",
    )

    def __init__(self, *args, chapters: list[Chapter], zone: dt.tzinfo, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c.position, str(c)) for c in chapters]
        self.fields["first_chapter"].choices = choices
        self.fields["last_chapter"].choices = choices
        self.fields["meeting_at"].zone = zone
        self.fields["meeting_at"].help_text = f"In the club's time zone, {zone}."

    def clean(self):
        data = super().clean()
        if not data.get("meeting_at") and (data.get("meeting_place") or data.get("meeting_url")):
            self.add_error("meeting_at", "Give the meeting a date and time, or clear its place.")
        return data

    def entry_input(self) -> EntryInput:
        data = self.cleaned_data
        return EntryInput(
            first=data["first_chapter"],
            last=data["last_chapter"],
            due_on=data["due_on"],
            meeting_at=data["meeting_at"],
            meeting_place=data["meeting_place"],
            meeting_url=data["meeting_url"],
            meeting_minutes=data["meeting_minutes"],
            prompts=data["prompts"],
            allow_gap=data["allow_gap"],
        )

    @staticmethod
    def initial_for(entry: ScheduleEntry) -> dict:
        return {
            "first_chapter": entry.first_chapter.position,
            "last_chapter": entry.last_chapter.position,
            "due_on": entry.due_on,
            "meeting_at": entry.meeting_at,
            "meeting_minutes": entry.meeting_minutes,
            "meeting_place": entry.meeting_place,
            "meeting_url": entry.meeting_url,
            "meeting_url_http_ok": entry.meeting_url.startswith("http://"),
            "prompts": entry.prompts,
        }


class SpreadForm(MeetingLinkCheck, VersionForm):
    every_days = forms.IntegerField(
        label="Every how many days", min_value=1, max_value=90, initial=7
    )
    meeting_time = forms.TimeField(
        label="Meet on each due date at (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    meeting_place = forms.CharField(label="Meeting place", max_length=200, required=False)
    meeting_url = meeting_link_field("Meeting link")
    meeting_url_http_ok = http_confirmation_field()


class ReadingDatesForm(VersionForm):
    starts_on = forms.DateField(label="Start", widget=DATE_WIDGET)
    ends_on = forms.DateField(label="End", widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end comes before the start. Pick a later end date.")
        return data


CHAPTER_LABEL_MAX = Chapter._meta.get_field("label").max_length
CHAPTER_TITLE_MAX = Chapter._meta.get_field("title").max_length
THEME_NAME_MAX = Theme._meta.get_field("name").max_length


def parse_chapter_lines(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """“Chapter 1: The title” → ("Chapter 1", "The title"); a bare line is a label.

    Returns the chapters and, for lines too long to keep whole, why (nothing is cut)."""
    chapters, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        label, _, title = (part.strip() for part in line.partition(":"))
        for part, value, limit in (
            ("label", label, CHAPTER_LABEL_MAX),
            ("title", title, CHAPTER_TITLE_MAX),
        ):
            if len(value) > limit:
                errors.append(
                    f"Line {number}: the {part} is {len(value)} characters long; "
                    f"a chapter {part} can have {limit}. Shorten it."
                )
        chapters.append((label, title))
    return chapters, errors


def theme_name_error(name: str) -> str | None:
    """Why `name` cannot be a theme: it needs a word to be told apart and given an address."""
    if not any(ch.isalnum() for ch in name):
        return f"“{name}” has no letters or digits; add a word to name the theme."
    return None


def theme_key(name: str) -> str:
    """Names that differ only in case or spacing are the same theme."""
    return " ".join(name.casefold().split())


def parse_theme_lines(text: str) -> tuple[list[str], list[str]]:
    """One theme per line; returns the names and why some cannot be kept as typed."""
    names, errors, seen = [], [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        name = " ".join(line.split())
        if not name:
            continue
        if len(name) > THEME_NAME_MAX:
            errors.append(
                f"Line {number} is {len(name)} characters long; a theme name can have "
                f"{THEME_NAME_MAX}. Shorten it."
            )
        elif error := theme_name_error(name):
            errors.append(f"Line {number}: {error}")
        elif theme_key(name) in seen:
            errors.append(
                f"“{name}” is listed twice (lines {seen[theme_key(name)]} and {number}); keep one."
            )
        seen.setdefault(theme_key(name), number)
        names.append(name)
    return names, errors


class ReadingCreateForm(Form):
    """Start a reading: a book from the catalogue, or a new book with chapters and themes."""

    book = forms.ModelChoiceField(
        label="Book from the catalogue",
        queryset=Book.objects.none(),
        required=False,
        empty_label="— a new book, described below —",
    )
    starts_on = forms.DateField(label="Start reading on", widget=DATE_WIDGET)
    ends_on = forms.DateField(label="Finish by", widget=DATE_WIDGET)

    title = forms.CharField(max_length=200, required=False, help_text="Needed for a new book.")
    subtitle = forms.CharField(max_length=300, required=False)
    authors = forms.CharField(
        max_length=300, required=False, help_text="Needed for a new book, as printed on the cover."
    )
    publisher = forms.CharField(max_length=200, required=False)
    published_on = forms.DateField(label="Publication date", required=False, widget=DATE_WIDGET)
    isbn13 = isbn_field()
    cover = cover_field()
    chapter_lines = forms.CharField(
        label="Chapters",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One per line, in order, e.g. “Introduction” or “Chapter 1: Title”.",
    )
    chapter_count = forms.IntegerField(
        label="…or just the number of chapters",
        required=False,
        min_value=1,
        max_value=MAX_CHAPTERS,
        help_text="Creates “Chapter 1” … “Chapter N”; you can rename them later.",
    )
    theme_lines = forms.CharField(
        label="Themes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line.",
    )

    NEW_BOOK_FIELDS = (
        "title", "subtitle", "authors", "publisher", "published_on", "isbn13", "cover",
        "chapter_lines", "chapter_count", "theme_lines",
    )  # fmt: skip

    def __init__(self, *args, books, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["book"].queryset = books

    def clean_isbn13(self) -> str:
        """A book this club can choose that has the ISBN is offered instead (chosen in the list
        when the page comes back); books other clubs entered are not looked at."""
        isbn = normalize_isbn(self.cleaned_data["isbn13"])
        if not isbn or self.data.get(self.add_prefix("book")):
            return isbn
        match = self.fields["book"].queryset.filter(isbn13=isbn).first()
        if match is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix("book")] = str(match.pk)
            where = "your club added it" if match.added_by_club_id else "it is in the catalogue"
            raise ValidationError(
                "“%(title)s” by %(authors)s has this ISBN and %(where)s: it is now chosen in "
                "the list above. Press “Start the reading” to read it, or correct the ISBN.",
                code="isbn_known",
                params={"title": match.title, "authors": match.authors, "where": where},
            )
        return isbn

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end comes before the start. Pick a later end date.")
        if data.get("book"):
            return data
        if not data.get("title"):
            self.add_error(
                "title", "Choose a book from the catalogue, or give the new one a title."
            )
        if not data.get("authors"):
            self.add_error("authors", "Who wrote it? As printed on the cover.")
        lines, line_errors = parse_chapter_lines(data.get("chapter_lines") or "")
        for error in line_errors:
            self.add_error("chapter_lines", error)
        if len(lines) > MAX_CHAPTERS:
            self.add_error("chapter_lines", f"At most {MAX_CHAPTERS} chapters, please.")
        if not lines and data.get("chapter_count"):
            lines = [(f"Chapter {n}", "") for n in range(1, data["chapter_count"] + 1)]
        if not lines and "chapter_count" not in self.errors:
            self.add_error("chapter_lines", "List the chapters, or give their number.")
        data["chapters"] = lines
        data["themes"], theme_errors = parse_theme_lines(data.get("theme_lines") or "")
        for error in theme_errors:
            self.add_error("theme_lines", error)
        return data


class ThemeForm(Form):
    """A theme a club adds; `existing` are the names its reading already has."""

    name = forms.CharField(max_length=THEME_NAME_MAX)
    description = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, existing: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = {theme_key(name) for name in existing}

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if error := theme_name_error(name):
            raise ValidationError(error)
        if theme_key(name) in self.existing:
            raise ValidationError(f"“{name}” is already a theme of this reading.")
        return name


class RsvpForm(Form):
    answer = forms.ChoiceField(choices=Rsvp.Answer.choices)


class ProgressPrivacyForm(Form):
    hidden = forms.BooleanField(required=False)


class ChapterNameForm(ModelForm):
    class Meta:
        model = Chapter
        fields = ["label", "title", "part"]
        labels = {"label": "Label", "title": "Title", "part": "Part"}


ChapterNameFormSet = forms.modelformset_factory(
    Chapter, form=ChapterNameForm, extra=0, can_delete=False, edit_only=True
)

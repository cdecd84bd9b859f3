"""Validation and messages for proposals, polls and ballots."""

from __future__ import annotations

import datetime as dt

from django import forms

from bookclub.core.forms import Form
from readings.forms import ZonedDateTimeField, cover_field, isbn_field
from readings.polls.models import Poll, PollOption, Proposal, looks_alike
from readings.polls.services import MAX_OPTIONS
from readings.validators import normalize_isbn


class ProposalForm(Form):
    title = forms.CharField(max_length=200)
    authors = forms.CharField(max_length=300, help_text="As printed on the cover.")
    isbn13 = isbn_field()
    cover = cover_field()
    pitch = forms.CharField(
        label="Why this book?",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few lines for the club. Markdown works.",
    )
    content_notes = forms.CharField(
        label="Content notes",
        required=False,
        max_length=300,
        help_text="Optional: what a reader may want to know before choosing it.",
    )
    propose_anyway = forms.BooleanField(
        label="It is a different book: propose it anyway", required=False
    )

    def __init__(self, *args, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing

    def clean_isbn13(self) -> str:
        return normalize_isbn(self.cleaned_data["isbn13"])

    def clean(self):
        data = super().clean()
        if self.errors or data.get("propose_anyway"):
            return data
        alike = [
            p
            for p in self.existing
            if looks_alike(
                p, title=data["title"], authors=data["authors"], isbn13=data.get("isbn13", "")
            )
        ]
        if alike:
            books = ", ".join(f"“{p.title}” by {p.authors}" for p in alike)
            raise forms.ValidationError(
                "This looks like a book already proposed: %(books)s. Add your pitch there in a "
                "discussion, or tick “propose it anyway” if it is a different book.",
                code="duplicate",
                params={"books": books},
            )
        return data


def parse_other_options(text: str) -> list[tuple[str, str]]:
    """One per line, “Title by Authors” (authors optional)."""
    options = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            title, _, authors = line.rpartition(" by ")
            options.append((title.strip(), authors.strip()) if title else (line, ""))
    return options


class PollForm(Form):
    title = forms.CharField(max_length=200, initial="Our next book")
    method = forms.ChoiceField(
        label="Voting method",
        choices=Poll.Method.choices,
        initial=Poll.Method.RANKED,
        widget=forms.RadioSelect,
    )
    proposals = forms.ModelMultipleChoiceField(
        label="Open proposals on the ballot",
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_options = forms.CharField(
        label="Other books",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, as “Title by Authors”.",
    )
    opens_at = ZonedDateTimeField(label="Opens")
    closes_at = ZonedDateTimeField(label="Closes")
    results_live = forms.BooleanField(
        label="Show results while voting is open",
        required=False,
        help_text="Leave unticked to keep them hidden until the close.",
    )
    late_joiners_may_vote = forms.BooleanField(
        label="Members who join after the opening may vote", required=False, initial=True
    )

    def __init__(self, *args, proposals, zone: dt.tzinfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals
        for name in ("opens_at", "closes_at"):
            self.fields[name].zone = zone
            self.fields[name].help_text = f"In the club's time zone, {zone}."

    def clean_other_options(self) -> list[tuple[str, str]]:
        options = parse_other_options(self.cleaned_data["other_options"])
        if any(len(t) > 200 or len(a) > 300 for t, a in options):
            raise forms.ValidationError(
                "Keep each title under 200 and authors under 300 characters."
            )
        if len(options) > MAX_OPTIONS:
            raise forms.ValidationError(f"At most {MAX_OPTIONS} books fit on a ballot.")
        return options


class BallotForm(Form):
    """Ranked: a rank per book (any may stay unranked). Approval: a tick per book."""

    def __init__(self, *args, poll: Poll, options: list[PollOption], initial_ranks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll, self.options = poll, options
        initial_ranks = initial_ranks or {}
        if poll.is_ranked:
            choices = [("", "Not ranked")] + [(str(n), str(n)) for n in range(1, len(options) + 1)]
            for option in options:
                self.fields[f"rank_{option.pk}"] = forms.TypedChoiceField(
                    label=str(option),
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=initial_ranks.get(option.pk),
                )
        else:
            self.fields["approve"] = forms.TypedMultipleChoiceField(
                label="Books you would read",
                choices=[(o.pk, str(o)) for o in options],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=list(initial_ranks),
            )

    def rank_fields(self):
        return [self[f"rank_{option.pk}"] for option in self.options]

    def clean(self):
        data = super().clean()
        if self.poll.is_ranked:
            ranked = {o.pk: data.get(f"rank_{o.pk}") for o in self.options}
            ranked = {pk: rank for pk, rank in ranked.items() if rank is not None}
            ranks = list(ranked.values())
            if len(set(ranks)) != len(ranks):
                raise forms.ValidationError(
                    "Give each rank to one book only: two books have the same rank."
                )
            data["option_ids"] = sorted(ranked, key=ranked.get)
        else:
            data["option_ids"] = data.get("approve", [])
        if not data["option_ids"] and not self.errors:
            raise forms.ValidationError(
                "Rank at least one book." if self.poll.is_ranked else "Tick at least one book."
            )
        return data

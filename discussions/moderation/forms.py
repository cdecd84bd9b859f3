from __future__ import annotations

from datetime import timedelta

from django import forms

from bookclub.core.forms import Form
from discussions.moderation.actions import DECISIONS
from discussions.moderation.models import Report

MUTE_CHOICES = [("1", "1 hour"), ("24", "1 day"), ("72", "3 days"), ("168", "1 week")]


class ReportForm(Form):
    reason = forms.ChoiceField(
        label="What is wrong with this post?", choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )  # fmt: skip
    details = forms.CharField(
        label="Anything the moderators should know",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. Only the club's moderators and admins read reports.",
    )


class ReasonForm(Form):
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        help_text="Recorded in the club's audit log.",
        error_messages={"required": "Give a reason: it goes into the club's audit log."},
    )


class DecisionForm(ReasonForm):
    decision = forms.ChoiceField(label="Decision", choices=list(DECISIONS.items()))
    mute_hours = forms.TypedChoiceField(
        label="Mute for", choices=MUTE_CHOICES, coerce=int, initial="24", required=False
    )

    def mute_for(self) -> timedelta:
        return timedelta(hours=self.cleaned_data.get("mute_hours") or 24)


class MoveThreadForm(ReasonForm):
    place = forms.ChoiceField(label="Move to")

    def __init__(self, *args, places: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = places

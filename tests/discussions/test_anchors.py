"""The reply form's default chapter: the entry being read now, else the last one due."""

from __future__ import annotations

import datetime as dt

from discussions.anchors import current_anchor_id

TODAY = dt.date(2026, 11, 25)


def test_default_anchor_is_the_last_chapter_of_the_next_entry_due():
    schedule = [(dt.date(2026, 11, 20), 3), (dt.date(2026, 11, 27), 6), (dt.date(2026, 12, 4), 9)]

    assert current_anchor_id(schedule, TODAY) == 6


def test_default_anchor_counts_an_entry_due_today_as_current():
    assert current_anchor_id([(TODAY, 4), (dt.date(2026, 12, 1), 8)], TODAY) == 4


def test_default_anchor_after_the_schedule_ends_is_its_last_entry():
    schedule = [(dt.date(2026, 10, 1), 5), (dt.date(2026, 11, 1), 12)]

    assert current_anchor_id(schedule, TODAY) == 12


def test_no_schedule_means_no_default_anchor():
    assert current_anchor_id([], TODAY) is None

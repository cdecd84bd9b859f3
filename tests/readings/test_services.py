from __future__ import annotations

import datetime as dt
import threading
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from readings import schedule, services
from readings.models import ChapterRead, MeetingReminder, Reading, Rsvp, ScheduleEntry
from readings.services import EntryInput, ScheduleChangeRefused, StaleSchedule
from tests.conftest import member_of
from tests.factories import (
    BookFactory,
    ClubFactory,
    MembershipFactory,
    ReadingFactory,
    ScheduleEntryFactory,
)
from tests.readings.conftest import START

D = dt.date
LABELS = {n: f"Chapter {n}" for n in range(1, 13)}


def errors_for(candidate, others=(), allow_gap=False):
    return schedule.entry_errors(
        candidate=candidate,
        others=list(others),
        labels=LABELS,
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 3, 31),
        allow_gap=allow_gap,
    )


# The rules, one by one


def test_entry_rules_accept_a_range_that_continues_the_schedule():
    week1 = schedule.Span(1, 2, D(2026, 1, 8))
    assert errors_for(schedule.Span(3, 4, D(2026, 1, 15)), [week1]) == {}


def test_entry_rules_refuse_a_chapter_outside_the_book():
    errors = errors_for(schedule.Span(1, 13, D(2026, 1, 8)))
    assert errors["last_chapter"] == ["The book has chapters 1 to 12; 13 is not one."]


def test_entry_rules_refuse_a_last_chapter_before_the_first():
    errors = errors_for(schedule.Span(5, 3, D(2026, 1, 8)), allow_gap=True)
    assert "comes before the first" in errors["last_chapter"][0]


def test_entry_rules_refuse_overlapping_chapters():
    errors = errors_for(schedule.Span(2, 3, D(2026, 1, 15)), [schedule.Span(1, 2, D(2026, 1, 8))])
    assert "Chapter 2 already belong to the entry due 8 Jan 2026" in errors["first_chapter"][0]


def test_entry_rules_refuse_a_gap_unless_confirmed():
    week1 = schedule.Span(1, 2, D(2026, 1, 8))
    gap = schedule.Span(5, 6, D(2026, 1, 15))
    assert (
        "Chapter 3 – Chapter 4 would be in no entry" in errors_for(gap, [week1])["first_chapter"][0]
    )
    assert errors_for(gap, [week1], allow_gap=True) == {}


def test_entry_rules_refuse_a_gap_before_the_first_chapter():
    errors = errors_for(schedule.Span(2, 3, D(2026, 1, 8)))
    assert "Chapter 1 would be in no entry" in errors["first_chapter"][0]


def test_entry_rules_refuse_a_gap_before_the_next_entry():
    later = schedule.Span(6, 7, D(2026, 2, 1))
    errors = errors_for(schedule.Span(1, 3, D(2026, 1, 8)), [later])
    assert "Chapter 4 – Chapter 5 would be in no entry" in errors["last_chapter"][0]


def test_entry_rules_refuse_a_due_date_outside_the_reading():
    errors = errors_for(schedule.Span(1, 2, D(2026, 4, 1)))
    assert errors["due_on"] == ["Pick a due date within the reading, 1 Jan 2026 to 31 Mar 2026."]


def test_entry_rules_refuse_dates_out_of_chapter_order():
    week1 = schedule.Span(1, 2, D(2026, 1, 15))
    errors = errors_for(schedule.Span(3, 4, D(2026, 1, 8)), [week1])
    assert "are due 15 Jan 2026; pick that day or later" in errors["due_on"][0]
    week3 = schedule.Span(5, 6, D(2026, 1, 10))
    errors = errors_for(schedule.Span(3, 4, D(2026, 1, 12)), [week3], allow_gap=True)
    assert "pick that day or earlier" in errors["due_on"][0]


# Spreading


def test_spread_dates_are_every_n_days_up_to_the_end():
    dates = schedule.spread_dates(D(2026, 1, 1), D(2026, 3, 12), 7)
    assert len(dates) == 10
    assert dates[0] == D(2026, 1, 8) and dates[-1] == D(2026, 3, 12)


def test_spread_a_reading_shorter_than_one_step_gets_one_date_its_end():
    assert schedule.spread_dates(D(2026, 1, 1), D(2026, 1, 4), 7) == [D(2026, 1, 4)]


def test_spread_more_chapters_than_weeks_is_contiguous_and_balanced():
    plan = schedule.plan_spread(12, D(2026, 1, 1), D(2026, 3, 12), 7)
    assert len(plan) == 10
    sizes = [s.last - s.first + 1 for s in plan]
    assert sum(sizes) == 12 and max(sizes) - min(sizes) <= 1
    assert [s.first for s in plan] == [1] + [s.last + 1 for s in plan[:-1]]
    assert plan[-1].last == 12


def test_spread_fewer_chapters_than_weeks_gives_one_chapter_per_entry_spaced_out():
    plan = schedule.plan_spread(3, D(2026, 1, 1), D(2026, 3, 12), 7)
    assert [(s.first, s.last) for s in plan] == [(1, 1), (2, 2), (3, 3)]
    dates = [s.due_on for s in plan]
    assert dates == sorted(set(dates))
    assert dates[-1] == D(2026, 3, 12)  # the last chapter is due at the end
    assert dates[0] > D(2026, 1, 8)  # not crammed into the first weeks


def test_spread_as_many_chapters_as_weeks_gives_one_each():
    plan = schedule.plan_spread(10, D(2026, 1, 1), D(2026, 3, 12), 7)
    assert [(s.first, s.last) for s in plan] == [(n, n) for n in range(1, 11)]


def test_spread_one_chapter_is_due_at_the_end():
    plan = schedule.plan_spread(1, D(2026, 1, 1), D(2026, 3, 12), 7)
    assert [(s.first, s.last, s.due_on) for s in plan] == [(1, 1, D(2026, 3, 12))]


def test_spread_many_chapters_into_one_slot():
    plan = schedule.plan_spread(300, D(2026, 1, 1), D(2026, 1, 3), 7)
    assert [(s.first, s.last) for s in plan] == [(1, 300)]


def test_spread_schedule_replaces_draft_entries_and_can_add_meetings(draft, admin_membership, club):
    club.time_zone = "America/Toronto"
    club.save()
    ScheduleEntryFactory(reading=draft, first=1, last=12, due_on=START + dt.timedelta(days=3))
    entries = services.spread_schedule(
        actor=admin_membership,
        reading=draft,
        based_on_version=0,
        every_days=7,
        meeting_time=dt.time(19, 0),
        meeting_place="Library room 2",
    )
    assert len(entries) == 10
    assert ScheduleEntry.objects.filter(reading=draft).count() == 10
    first = ScheduleEntry.objects.filter(reading=draft).earliest("due_on")
    local = first.meeting_at.astimezone(timezone.get_fixed_timezone(-300))
    assert (first.due_on, local.hour, first.meeting_place) == (
        START + dt.timedelta(days=7),
        19,
        "Library room 2",
    )
    draft.refresh_from_db()
    assert draft.schedule_version == 1


def test_spread_schedule_is_refused_once_published(draft, admin_membership):
    draft.schedule_published = True
    draft.save()
    with pytest.raises(ScheduleChangeRefused, match="Unpublish the schedule first"):
        services.spread_schedule(actor=admin_membership, reading=draft, based_on_version=0)


def test_spread_schedule_is_for_admins_only(draft, club):
    moderator = member_of(club, "moderator").memberships.get()
    with pytest.raises(PermissionDenied):
        services.spread_schedule(actor=moderator, reading=draft, based_on_version=0)
    assert not ScheduleEntry.objects.exists()


# Entries and concurrency


def test_add_entry_saves_and_bumps_the_version(draft, admin_membership):
    entry = services.add_entry(
        actor=admin_membership,
        reading=draft,
        based_on_version=0,
        data=EntryInput(first=1, last=2, due_on=START + dt.timedelta(days=7), prompts="Why?"),
    )
    assert (entry.first_chapter.position, entry.last_chapter.position) == (1, 2)
    draft.refresh_from_db()
    assert draft.schedule_version == 1


def test_add_entry_refused_by_the_rules_changes_nothing(draft, admin_membership):
    with pytest.raises(ScheduleChangeRefused) as refusal:
        services.add_entry(
            actor=admin_membership,
            reading=draft,
            based_on_version=0,
            data=EntryInput(first=3, last=2, due_on=START),
        )
    assert "last_chapter" in refusal.value.errors
    draft.refresh_from_db()
    assert draft.schedule_version == 0 and not ScheduleEntry.objects.exists()


def test_a_save_based_on_an_older_version_is_refused(draft, admin_membership, club):
    second_admin = member_of(club, "admin").memberships.get()
    data = EntryInput(first=1, last=2, due_on=START + dt.timedelta(days=7))
    services.add_entry(actor=admin_membership, reading=draft, based_on_version=0, data=data)
    with pytest.raises(StaleSchedule) as refusal:
        services.add_entry(
            actor=second_admin,
            reading=draft,
            based_on_version=0,
            data=EntryInput(first=1, last=3, due_on=START + dt.timedelta(days=8)),
        )
    assert "Someone else changed this schedule" in str(refusal.value)
    assert ScheduleEntry.objects.get().last_chapter.position == 2


@pytest.mark.django_db(transaction=True)
def test_two_admins_saving_at_the_same_moment_one_is_refused(club):
    book = BookFactory(chapters=12)
    reading = ReadingFactory(
        club=club, book=book, starts_on=START, ends_on=START + dt.timedelta(70)
    )
    admins = [member_of(club, "admin").memberships.get() for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def save(actor, last):
        try:
            barrier.wait()
            services.add_entry(
                actor=actor,
                reading=reading,
                based_on_version=0,
                data=EntryInput(first=1, last=last, due_on=START + dt.timedelta(days=7)),
            )
            outcomes.append("saved")
        except StaleSchedule:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(a, n)) for a, n in zip(admins, (2, 3), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale"]
    assert ScheduleEntry.objects.filter(reading=reading).count() == 1


def test_update_entry_may_not_overlap_its_neighbour(draft, admin_membership):
    ScheduleEntryFactory(reading=draft, first=1, last=2, due_on=START + dt.timedelta(days=7))
    second = ScheduleEntryFactory(reading=draft, first=3, last=4, due_on=START + dt.timedelta(14))
    with pytest.raises(ScheduleChangeRefused, match="already belong"):
        services.update_entry(
            actor=admin_membership,
            entry=second,
            based_on_version=0,
            data=EntryInput(first=2, last=4, due_on=START + dt.timedelta(days=14)),
        )


def test_move_chapter_up_hands_the_first_chapter_to_the_entry_before(draft, admin_membership):
    first = ScheduleEntryFactory(reading=draft, first=1, last=2, due_on=START + dt.timedelta(7))
    second = ScheduleEntryFactory(reading=draft, first=3, last=5, due_on=START + dt.timedelta(14))
    services.move_chapter(actor=admin_membership, entry=second, direction="up", based_on_version=0)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.first_chapter.position, first.last_chapter.position) == (1, 3)
    assert (second.first_chapter.position, second.last_chapter.position) == (4, 5)
    services.move_chapter(actor=admin_membership, entry=first, direction="down", based_on_version=1)
    second.refresh_from_db()
    assert second.first_chapter.position == 3


def test_move_chapter_refuses_to_empty_an_entry(draft, admin_membership):
    ScheduleEntryFactory(reading=draft, first=1, last=2, due_on=START + dt.timedelta(7))
    single = ScheduleEntryFactory(reading=draft, first=3, last=3, due_on=START + dt.timedelta(14))
    with pytest.raises(ScheduleChangeRefused, match="single chapter"):
        services.move_chapter(
            actor=admin_membership, entry=single, direction="up", based_on_version=0
        )


def test_update_reading_dates_refuses_to_strand_entries(draft, admin_membership):
    ScheduleEntryFactory(reading=draft, first=1, last=2, due_on=START + dt.timedelta(days=60))
    with pytest.raises(ScheduleChangeRefused, match="fall outside these dates"):
        services.update_reading_dates(
            actor=admin_membership,
            reading=draft,
            based_on_version=0,
            starts_on=START,
            ends_on=START + dt.timedelta(days=30),
        )
    draft.refresh_from_db()
    assert draft.ends_on == START + dt.timedelta(days=70)


def test_publishing_an_empty_schedule_is_refused(draft, admin_membership):
    with pytest.raises(ScheduleChangeRefused, match="at least one entry"):
        services.set_schedule_published(
            actor=admin_membership, reading=draft, based_on_version=0, published=True
        )


# Progress


def test_toggle_chapter_read_marks_then_unmarks(draft, club):
    membership = member_of(club).memberships.get()
    assert services.toggle_chapter_read(actor=membership, reading=draft, position=3) is True
    assert ChapterRead.objects.filter(user=membership.user).count() == 1
    assert services.toggle_chapter_read(actor=membership, reading=draft, position=3) is False
    assert not ChapterRead.objects.exists()


def test_mark_chapters_read_up_to_keeps_earlier_marks(draft, club):
    membership = member_of(club).memberships.get()
    services.toggle_chapter_read(actor=membership, reading=draft, position=2)
    services.mark_chapters_read(actor=membership, reading=draft, last=5)
    positions = set(
        ChapterRead.objects.filter(user=membership.user).values_list("chapter__position", flat=True)
    )
    assert positions == {1, 2, 3, 4, 5}


def test_progress_is_for_members_only(draft, club):
    banned = member_of(club, status="banned").memberships.get()
    with pytest.raises(PermissionDenied):
        services.toggle_chapter_read(actor=banned, reading=draft, position=1)
    with pytest.raises(PermissionDenied):
        services.toggle_chapter_read(actor=None, reading=draft, position=1)


# Meetings and reminders


@pytest.fixture
def meeting(club):
    reading = ReadingFactory(club=club, book=BookFactory(chapters=4))
    return ScheduleEntryFactory(
        reading=reading,
        first=1,
        last=2,
        due_on=timezone.localdate() + dt.timedelta(days=1),
        meeting_at=timezone.now() + dt.timedelta(hours=20),
        meeting_place="Community centre",
    )


def test_rsvp_changes_the_answer_rather_than_adding_one(meeting, club):
    membership = member_of(club).memberships.get()
    services.answer_rsvp(actor=membership, entry=meeting, answer="maybe")
    services.answer_rsvp(actor=membership, entry=meeting, answer="going")
    assert list(meeting.rsvps.values_list("answer", flat=True)) == ["going"]


def test_meeting_reminder_goes_to_going_and_maybe_once(
    meeting, club, django_capture_on_commit_callbacks
):
    people = {answer: member_of(club) for answer in ("going", "maybe", "not_going")}
    silent = member_of(club)
    for answer, person in people.items():
        services.answer_rsvp(actor=person.memberships.get(), entry=meeting, answer=answer)

    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_meeting_reminders", stdout=StringIO())

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([people["going"].email, people["maybe"].email])
    assert silent.email not in recipients
    assert MeetingReminder.objects.filter(entry=meeting).count() == 1
    assert "Community centre" in mail.outbox[0].body
    assert "Meeting tomorrow" in mail.outbox[0].subject


def test_meeting_reminder_waits_until_the_day_before(meeting, club):
    person = member_of(club)
    meeting.meeting_at = timezone.now() + dt.timedelta(days=3)
    meeting.save()
    services.answer_rsvp(actor=person.memberships.get(), entry=meeting, answer="going")
    assert services.queue_meeting_reminders() == 0
    assert mail.outbox == []


def test_meeting_reminder_skips_draft_schedules(meeting, club):
    person = member_of(club)
    services.answer_rsvp(actor=person.memberships.get(), entry=meeting, answer="going")
    meeting.reading.schedule_published = False
    meeting.reading.save()
    assert services.queue_meeting_reminders() == 0


def test_calendar_token_reset_gives_a_new_secret(club):
    membership = member_of(club).memberships.get()
    old = membership.calendar_token
    assert services.reset_calendar_token(actor=membership) != old


# An admin of one club curates nothing in another, even one they are a member of.
ELSEWHERE_WRITES = {
    "create_reading": lambda actor, reading, entry: services.create_reading(
        actor=actor, club=reading.club, book=reading.book, starts_on=START, ends_on=START
    ),
    "add_club_theme": lambda actor, reading, entry: services.add_club_theme(
        actor=actor, reading=reading, name="Ours"
    ),
    "add_entry": lambda actor, reading, entry: services.add_entry(
        actor=actor,
        reading=reading,
        based_on_version=0,
        data=EntryInput(first=2, last=2, due_on=START + dt.timedelta(days=14)),
    ),
    "delete_entry": lambda actor, reading, entry: services.delete_entry(
        actor=actor, entry=entry, based_on_version=0
    ),
    "set_schedule_published": lambda actor, reading, entry: services.set_schedule_published(
        actor=actor, reading=reading, based_on_version=0, published=True
    ),
    "toggle_chapter_read": lambda actor, reading, entry: services.toggle_chapter_read(
        actor=actor, reading=reading, position=1
    ),
    "answer_rsvp": lambda actor, reading, entry: services.answer_rsvp(
        actor=actor, entry=entry, answer="going"
    ),
}


@pytest.mark.parametrize("write", ELSEWHERE_WRITES)
def test_readings_services_refuse_a_membership_of_another_club(admin, admin_membership, write):
    other_club = ClubFactory()
    MembershipFactory(club=other_club, user=admin)
    reading = ReadingFactory(
        club=other_club, book=BookFactory(chapters=3), starts_on=START, schedule_published=False
    )
    entry = ScheduleEntryFactory(reading=reading, meeting_at=timezone.now() + dt.timedelta(days=3))

    with pytest.raises(PermissionDenied):
        ELSEWHERE_WRITES[write](admin_membership, reading, entry)

    reading.refresh_from_db()
    assert (reading.schedule_version, reading.schedule_published) == (0, False)
    assert list(reading.entries.all()) == [entry]
    assert not ChapterRead.objects.exists() and not Rsvp.objects.exists()
    assert not Reading.objects.filter(club=other_club).exclude(pk=reading.pk).exists()
    assert not reading.club_themes.exists()

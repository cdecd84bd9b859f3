from __future__ import annotations

import datetime as dt
import io

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from readings import services
from readings.models import Book, ChapterRead, ProgressPrivacy, Reading, Rsvp, ScheduleEntry
from tests.conftest import member_of
from tests.factories import (
    BookFactory,
    ClubFactory,
    ReadingFactory,
    ScheduleEntryFactory,
    UserFactory,
)
from tests.readings.conftest import START


def url(name, reading=None, **kwargs):
    if reading is not None:
        kwargs |= {"club_slug": reading.club.slug, "reading_id": reading.pk}
    return reverse(f"readings:{name}", kwargs=kwargs)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def published(club):
    """A current reading of 12 chapters: 1–2 past due, 3–4 due in three days with a meeting."""
    reading = ReadingFactory(club=club, book=BookFactory(chapters=12))
    today = timezone.localdate()
    ScheduleEntryFactory(reading=reading, first=1, last=2, due_on=today - dt.timedelta(days=4))
    ScheduleEntryFactory(
        reading=reading,
        first=3,
        last=4,
        due_on=today + dt.timedelta(days=3),
        meeting_at=(timezone.now() + dt.timedelta(days=3)).replace(second=0, microsecond=0),
        meeting_place="Room 4",
        prompts="Who is speaking here?\nWho is missing?",
    )
    return reading


# Readings list and creation


def test_reading_list_shows_current_and_past_readings_to_visitors(client, club, published):
    ReadingFactory(
        club=club,
        book=BookFactory(title="An Older Book"),
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 3, 1),
    )
    response = client.get(url("reading-list", club_slug=club.slug))
    assert response.status_code == 200
    html = response.content.decode()
    assert published.book.title in html and "Reading now" in html
    assert "An Older Book" in html and "Read before" in html
    assert "Start a reading" not in html


def test_reading_list_of_a_private_club_is_404_to_outsiders(client, private_club, user):
    ReadingFactory(club=private_club)
    assert client.get(url("reading-list", club_slug=private_club.slug)).status_code == 404
    login(client, user)
    assert client.get(url("reading-list", club_slug=private_club.slug)).status_code == 404


def test_reading_create_with_a_catalogue_book(client, club, admin, book):
    login(client, admin)
    response = client.post(
        url("reading-create", club_slug=club.slug),
        {"book": book.pk, "starts_on": "2026-01-05", "ends_on": "2026-03-16"},
    )
    reading = Reading.objects.get(club=club)
    assert response.status_code == 302 and response["Location"] == url("schedule-edit", reading)
    assert reading.book == book and not reading.schedule_published


def test_reading_create_with_a_new_book_chapters_and_themes(client, club, admin):
    login(client, admin)
    client.post(
        url("reading-create", club_slug=club.slug),
        {
            "starts_on": "2026-01-05",
            "ends_on": "2026-03-16",
            "title": "A New Book",
            "authors": "Ann Lee",
            "isbn13": "978-0-306-40615-7",
            "chapter_lines": "Introduction\nChapter 1: Beginnings\nConclusion",
            "theme_lines": "Work\nBorders",
        },
    )
    book = Book.objects.get(title="A New Book")
    assert book.isbn13 == "9780306406157" and book.added_by_club == club
    assert [(c.label, c.title) for c in book.chapters.order_by("position")] == [
        ("Introduction", ""),
        ("Chapter 1", "Beginnings"),
        ("Conclusion", ""),
    ]
    assert list(book.themes.values_list("name", flat=True)) == ["Work", "Borders"]


def test_reading_create_with_a_chapter_count(client, club, admin):
    login(client, admin)
    client.post(
        url("reading-create", club_slug=club.slug),
        {
            "starts_on": "2026-01-05",
            "ends_on": "2026-03-16",
            "title": "Counted",
            "authors": "B",
            "chapter_count": "12",
        },
    )
    assert Book.objects.get(title="Counted").chapters.count() == 12


def test_reading_create_refuses_a_bad_isbn_and_keeps_the_input(client, club, admin):
    login(client, admin)
    response = client.post(
        url("reading-create", club_slug=club.slug),
        {
            "starts_on": "2026-01-05",
            "ends_on": "2026-03-16",
            "title": "Typo Book",
            "authors": "Ann Lee",
            "isbn13": "978-0-306-40615-8",
            "chapter_count": "5",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This ISBN-13 does not add up: its last digit should be 7" in html
    assert 'value="Typo Book"' in html and 'value="978-0-306-40615-8"' in html
    assert not Book.objects.filter(title="Typo Book").exists()


def test_reading_create_refuses_end_before_start(client, club, admin, book):
    login(client, admin)
    response = client.post(
        url("reading-create", club_slug=club.slug),
        {"book": book.pk, "starts_on": "2026-03-16", "ends_on": "2026-01-05"},
    )
    assert "The end comes before the start" in response.content.decode()
    assert not Reading.objects.exists()


def _image(fmt: str, size=(40, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format=fmt)
    return buffer.getvalue()


def test_reading_create_refuses_a_huge_cover(client, club, admin):
    login(client, admin)
    big = _image("PNG") + b"\0" * (2 * 1024 * 1024)
    response = client.post(
        url("reading-create", club_slug=club.slug),
        {
            "starts_on": "2026-01-05",
            "ends_on": "2026-03-16",
            "title": "Heavy",
            "authors": "A",
            "chapter_count": "3",
            "cover": SimpleUploadedFile("cover.png", big, content_type="image/png"),
        },
    )
    assert "the limit is 2 MB" in response.content.decode()
    assert not Book.objects.filter(title="Heavy").exists()


def test_reading_create_refuses_a_cover_in_another_format(client, club, admin):
    login(client, admin)
    response = client.post(
        url("reading-create", club_slug=club.slug),
        {
            "starts_on": "2026-01-05",
            "ends_on": "2026-03-16",
            "title": "Gif Book",
            "authors": "A",
            "chapter_count": "3",
            "cover": SimpleUploadedFile("cover.gif", _image("GIF"), content_type="image/gif"),
        },
    )
    assert "must be a JPEG, PNG or WebP picture" in response.content.decode()


def test_reading_create_accepts_a_webp_cover(client, club, admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, admin)
    client.post(
        url("reading-create", club_slug=club.slug),
        {
            "starts_on": "2026-01-05",
            "ends_on": "2026-03-16",
            "title": "Web Book",
            "authors": "A",
            "chapter_count": "3",
            "cover": SimpleUploadedFile("c.webp", _image("WEBP"), content_type="image/webp"),
        },
    )
    assert Book.objects.get(title="Web Book").cover.name.startswith("covers/")


# The schedule page


def test_schedule_shows_entries_meeting_and_this_week_to_members(client, club, published):
    login(client, member_of(club))
    html = client.get(published.get_absolute_url()).content.decode()
    assert "Chapter 3 – Chapter 4" in html and "This week" in html
    assert "Room 4" in html and "Who is missing?" in html
    assert "<progress" in html and "You have read 0 of 12 chapters" in html


def test_schedule_draft_is_hidden_from_members_but_shown_to_admins(client, club, published, admin):
    published.schedule_published = False
    published.save()
    login(client, member_of(club))
    html = client.get(published.get_absolute_url()).content.decode()
    assert "still preparing the schedule" in html and "Room 4" not in html
    login(client, admin)
    html = client.get(published.get_absolute_url()).content.decode()
    assert "Room 4" in html and "Draft — only admins see it" in html


def test_schedule_of_another_clubs_reading_is_404(client, club, published):
    other = ClubFactory()
    response = client.get(url("schedule", club_slug=other.slug, reading_id=published.pk))
    assert response.status_code == 404


def test_schedule_lists_who_is_coming_by_display_name(client, club, published):
    going = member_of(club)
    services.answer_rsvp(
        actor=going.memberships.get(), entry=published.entries.last(), answer="going"
    )
    login(client, member_of(club))
    html = client.get(published.get_absolute_url()).content.decode()
    assert f"Going: {going.display_name}." in html
    assert going.email not in html


# Progress


def test_progress_toggle_marks_and_unmarks_a_chapter(client, club, published):
    reader = member_of(club)
    login(client, reader)
    client.post(url("progress-toggle", published), {"chapter": "3"})
    assert ChapterRead.objects.filter(user=reader, chapter__position=3).exists()
    client.post(url("progress-toggle", published), {"chapter": "3"})
    assert not ChapterRead.objects.filter(user=reader).exists()


def test_progress_up_to_marks_every_chapter_before(client, club, published):
    reader = member_of(club)
    login(client, reader)
    response = client.post(url("progress-up-to", published), {"chapter": "4"})
    assert response.status_code == 302
    assert ChapterRead.objects.filter(user=reader).count() == 4
    html = client.get(published.get_absolute_url()).content.decode()
    assert "You have read 4 of 12 chapters (33%)" in html
    assert '<progress id="my-progress" max="12" value="4">' in html


def test_progress_of_an_unknown_chapter_is_404(client, club, published):
    login(client, member_of(club))
    assert client.post(url("progress-toggle", published), {"chapter": "99"}).status_code == 404
    assert client.post(url("progress-up-to", published), {"chapter": "x"}).status_code == 404


def test_progress_entry_marks_the_entry_chapters(client, club, published):
    reader = member_of(club)
    login(client, reader)
    entry = published.entries.get(first_chapter__position=3)
    client.post(url("progress-entry", published, entry_id=entry.pk))
    assert set(
        ChapterRead.objects.filter(user=reader).values_list("chapter__position", flat=True)
    ) == {3, 4}


def test_hidden_progress_is_not_listed(client, club, published):
    shy, open_ = member_of(club), member_of(club)
    login(client, shy)
    client.post(url("progress-privacy", club_slug=club.slug), {"hidden": "on"})
    assert ProgressPrivacy.objects.get(membership__user=shy).hidden
    login(client, open_)
    html = client.get(published.get_absolute_url()).content.decode()
    section = html[html.index("Where everyone is") :]
    assert open_.display_name in section and shy.display_name not in section
    assert "1 member keeps their progress private and is not listed" in section


# Curation


def test_entry_create_keeps_the_input_and_explains_an_overlap(client, club, published, admin):
    login(client, admin)
    published.refresh_from_db()
    response = client.post(
        url("entry-create", published),
        {
            "schedule_version": published.schedule_version,
            "first_chapter": "4",
            "last_chapter": "6",
            "due_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
            "meeting_minutes": "90",
            "prompts": "My careful prompt",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chapter 4 already belong to the entry due" in html
    assert "My careful prompt" in html
    assert published.entries.count() == 2


def test_entry_create_interprets_the_meeting_in_the_club_time_zone(client, club, admin, draft):
    club.time_zone = "Europe/Berlin"
    club.save()
    login(client, admin)
    client.post(
        url("entry-create", draft),
        {
            "schedule_version": 0,
            "first_chapter": "1",
            "last_chapter": "2",
            "due_on": "2026-01-12",
            "meeting_at": "2026-01-12T19:30",
            "meeting_minutes": "90",
        },
    )
    entry = ScheduleEntry.objects.get(reading=draft)
    assert entry.meeting_at == dt.datetime(2026, 1, 12, 18, 30, tzinfo=dt.UTC)


def test_a_stale_entry_save_is_refused_with_the_input_kept(client, club, admin, draft):
    login(client, admin)
    services.add_entry(
        actor=member_of(club, "admin").memberships.get(),
        reading=draft,
        based_on_version=0,
        data=services.EntryInput(first=1, last=1, due_on=START + dt.timedelta(days=7)),
    )
    response = client.post(
        url("entry-create", draft),
        {
            "schedule_version": "0",
            "first_chapter": "1",
            "last_chapter": "3",
            "due_on": "2026-01-12",
            "meeting_minutes": "90",
            "prompts": "Prompt typed while the other admin saved",
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this schedule" in html
    assert "Prompt typed while the other admin saved" in html
    assert ScheduleEntry.objects.get().last_chapter.position == 1


def test_stale_publish_is_refused_on_the_curation_page(client, club, admin, draft):
    ScheduleEntryFactory(reading=draft, first=1, last=12, due_on=START + dt.timedelta(days=7))
    login(client, admin)
    response = client.post(url("schedule-publish", draft), {"schedule_version": "7"})
    assert response.status_code == 409
    assert "Someone else changed this schedule" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.schedule_published


def test_spread_form_errors_are_shown_with_the_input(client, admin, draft):
    login(client, admin)
    response = client.post(
        url("schedule-spread", draft), {"schedule_version": "0", "every_days": "0"}
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1" in response.content.decode()
    assert not draft.entries.exists()


def test_theme_create_adds_a_club_theme(client, club, admin, draft):
    login(client, admin)
    client.post(url("theme-create", draft), {"name": "Care work", "description": "Ours."})
    html = client.get(url("theme-list", draft)).content.decode()
    assert "Care work" in html and "Added by this club" in html


def test_chapter_update_renames_the_chapters_of_a_book_the_club_added(client, club, admin):
    book = BookFactory(chapters=2, added_by_club=club)
    reading = ReadingFactory(club=club, book=book)
    first, second = book.chapters.order_by("position")
    login(client, admin)
    client.post(
        url("chapter-update", reading),
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": first.pk,
            "form-0-label": "Introduction",
            "form-0-title": "Where we start",
            "form-1-id": second.pk,
            "form-1-label": "Chapter 1",
        },
    )
    assert [str(c) for c in book.chapters.order_by("position")] == [
        "Introduction: Where we start",
        "Chapter 1",
    ]


def test_chapter_update_of_a_catalogue_book_is_404(client, club, admin, published):
    login(client, admin)
    assert client.get(url("chapter-update", published)).status_code == 404


def test_chapter_update_refuses_an_empty_label(client, club, admin):
    book = BookFactory(chapters=1, added_by_club=club)
    reading = ReadingFactory(club=club, book=book)
    login(client, admin)
    response = client.post(
        url("chapter-update", reading),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": book.chapters.get().pk,
            "form-0-label": "",
            "form-0-title": "Kept title",
        },
    )
    assert "This field is required" in response.content.decode()
    assert "Kept title" in response.content.decode()
    assert book.chapters.get().label == "Chapter 1"


# The club home's This week


def test_club_home_this_week_lets_a_member_mark_the_chapters_read(client, club, published):
    reader = member_of(club)
    login(client, reader)
    html = client.get(club.get_absolute_url()).content.decode()
    assert "This week" in html and "Read <strong>Chapter 3 – Chapter 4</strong>" in html
    assert "Mark these chapters read" in html and "Room 4" in html
    entry = published.entries.get(first_chapter__position=3)
    response = client.post(
        url("progress-entry", published, entry_id=entry.pk), {"next": club.get_absolute_url()}
    )
    assert response["Location"] == club.get_absolute_url()
    html = client.get(club.get_absolute_url()).content.decode()
    assert "You have read these chapters" in html
    assert "You have read 2 of 12 chapters" in html


def test_club_home_this_week_counts_members_on_track_without_hidden_ones(client, club, published):
    ahead, behind, shy = member_of(club), member_of(club), member_of(club)
    services.mark_chapters_read(actor=ahead.memberships.get(), reading=published, last=2)
    services.set_progress_hidden(actor=shy.memberships.get(), hidden=True)
    login(client, behind)
    html = client.get(club.get_absolute_url()).content.decode()
    assert "1 of 2 members on track" in html
    assert "1 keeps their progress private and is not counted" in html


def test_club_home_invites_admins_to_start_a_reading(client, club, admin):
    login(client, admin)
    html = client.get(club.get_absolute_url()).content.decode()
    assert "No reading yet" in html and url("reading-create", club_slug=club.slug) in html
    login(client, member_of(club))
    assert "This week" not in client.get(club.get_absolute_url()).content.decode()


def test_staff_curate_books_in_the_admin_with_chapter_and_theme_inlines(client, book):
    staff = UserFactory(is_staff=True, is_superuser=True)
    login(client, staff)
    html = client.get(reverse("admin:readings_book_change", args=[book.pk])).content.decode()
    assert "Chapter 12" in html and "Themes" in html
    assert client.get(reverse("admin:readings_book_add")).status_code == 200


# The two-minute schedule, click by click


def test_admin_builds_a_ten_week_schedule_for_a_twelve_chapter_book_in_few_clicks(
    client, club, admin
):
    """Every click an admin makes, from the readings page to a published schedule.

    1 "Start a reading"; 5 focus-and-type: title, authors, number of chapters (12), start
    and end dates; 1 "Start the reading" (lands on the curation page); 1 focus-and-type the
    meeting time (optional: 19:00 on each due date); 1 "Spread the chapters" (every 7 days
    is the default); 1 "Publish schedule". 10 clicks (9 without meetings), about a minute.
    """
    login(client, admin)
    clicks = 0
    assert client.get(url("reading-list", club_slug=club.slug)).status_code == 200
    clicks += 1  # "Start a reading"
    assert client.get(url("reading-create", club_slug=club.slug)).status_code == 200
    clicks += 5  # focus title, authors, chapter count, start, end
    response = client.post(
        url("reading-create", club_slug=club.slug),
        {
            "title": "Twelve Chapters",
            "authors": "Ann Lee",
            "chapter_count": "12",
            "starts_on": "2026-01-05",
            "ends_on": "2026-03-16",
        },
    )
    clicks += 1  # "Start the reading"
    reading = Reading.objects.get(club=club)
    assert response["Location"] == url("schedule-edit", reading)
    page = client.get(response["Location"]).content.decode()
    assert 'value="7"' in page  # every 7 days by default
    clicks += 1  # "Spread the chapters"
    client.post(
        url("schedule-spread", reading),
        {"schedule_version": "0", "every_days": "7", "meeting_time": "19:00"},
    )
    clicks += 1  # focus the meeting time (typed)
    clicks += 1  # "Publish schedule"
    client.post(url("schedule-publish", reading), {"schedule_version": "1"})
    reading.refresh_from_db()
    entries = list(reading.entries.order_by("due_on"))
    assert reading.schedule_published and len(entries) == 10
    assert entries[0].first_chapter.position == 1 and entries[-1].last_chapter.position == 12
    assert all(entry.meeting_at for entry in entries)
    assert clicks == 10


# Calendars


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_public_calendar_has_due_dates_and_meetings_with_time_zones(client, club, published):
    club.time_zone = "Europe/Berlin"
    club.save()
    calendar = parse(client.get(url("calendar-public", club_slug=club.slug)))
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    meeting = published.entries.get(meeting_at__isnull=False)
    due_uid = f"entry-{meeting.pk}-due@testserver"
    meeting_uid = f"entry-{meeting.pk}-meeting@testserver"
    assert len(events) == 3  # two due dates, one meeting
    assert events[due_uid].decoded("dtstart") == meeting.due_on  # all-day
    start = events[meeting_uid].decoded("dtstart")
    assert start == meeting.meeting_at and str(start.tzinfo) == "Europe/Berlin"
    assert events[meeting_uid]["dtstart"].params["TZID"] == "Europe/Berlin"
    assert str(events[meeting_uid]["location"]) == "Room 4"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_online_meeting_links_are_only_in_members_feeds(client, club, published):
    entry = published.entries.get(meeting_at__isnull=False)
    entry.meeting_url = "https://meet.example.org/secret-room"
    entry.save()
    public = client.get(url("calendar-public", club_slug=club.slug)).content.decode()
    assert "secret-room" not in public
    token = member_of(club).memberships.get().calendar_token
    private = client.get(url("calendar-private", club_slug=club.slug, token=token))
    meeting = [e for e in parse(private).walk("VEVENT") if "meeting" in str(e["uid"])][0]
    assert str(meeting["url"]) == "https://meet.example.org/secret-room"


def test_calendar_uids_are_stable_between_fetches(client, club, published):
    first = parse(client.get(url("calendar-public", club_slug=club.slug)))
    second = parse(client.get(url("calendar-public", club_slug=club.slug)))
    assert [e["uid"] for e in first.walk("VEVENT")] == [e["uid"] for e in second.walk("VEVENT")]


def test_calendar_leaves_out_draft_schedules(client, club, published):
    published.schedule_published = False
    published.save()
    calendar = parse(client.get(url("calendar-public", club_slug=club.slug)))
    assert calendar.walk("VEVENT") == []


def test_private_club_calendar_needs_the_member_secret_which_reset_revokes(client, private_club):
    reading = ReadingFactory(club=private_club, book=BookFactory(chapters=3))
    ScheduleEntryFactory(reading=reading, first=1, last=3, due_on=reading.ends_on)
    reader = member_of(private_club)
    membership = reader.memberships.get()
    assert client.get(url("calendar-public", club_slug=private_club.slug)).status_code == 404
    secret = url("calendar-private", club_slug=private_club.slug, token=membership.calendar_token)
    assert len(parse(client.get(secret)).walk("VEVENT")) == 1  # no session needed
    login(client, reader)
    client.post(url("calendar-reset", club_slug=private_club.slug))
    client.logout()
    assert client.get(secret).status_code == 404
    membership.refresh_from_db()
    fresh = url("calendar-private", club_slug=private_club.slug, token=membership.calendar_token)
    assert client.get(fresh).status_code == 200


def test_private_calendar_token_of_another_club_is_404(client, club, private_club):
    membership = member_of(club).memberships.get()
    wrong = url("calendar-private", club_slug=private_club.slug, token=membership.calendar_token)
    assert client.get(wrong).status_code == 404


def test_private_calendar_stops_for_a_banned_member(client, private_club):
    membership = member_of(private_club).memberships.get()
    membership.status = "banned"
    membership.save()
    secret = url("calendar-private", club_slug=private_club.slug, token=membership.calendar_token)
    assert client.get(secret).status_code == 404


def test_personal_calendar_gathers_all_my_clubs_and_resets(client, published, private_club):
    reader = member_of(published.club)
    member_of_private = private_club.memberships.create(user=reader)
    other = ReadingFactory(club=private_club, book=BookFactory(chapters=2))
    ScheduleEntryFactory(reading=other, first=1, last=2, due_on=other.ends_on)
    ReadingFactory(club=ClubFactory(), book=BookFactory(chapters=1))  # not my club
    login(client, reader)
    page = client.get(reverse("user_calendar:detail")).content.decode()
    token = reader.personal_calendar.token
    feed = reverse("user_calendar:feed", kwargs={"token": token})
    assert feed in page
    client.logout()
    calendar = parse(client.get(feed))
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert len(summaries) == 4 and any(private_club.name in s for s in summaries)
    login(client, reader)
    client.post(reverse("user_calendar:reset"))
    assert client.get(feed).status_code == 404
    assert member_of_private.pk


def test_user_calendar_page_needs_login(client):
    response = client.get(reverse("user_calendar:detail"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Query counts stay the same at 10 and 300 chapters and members. The maxima leave one
# query for site-wide page chrome (e.g. the notification badge) beyond what was measured.
SCHEDULE_MAX = 12  # measured 11: session, user, club, membership, notifications + 6 readings
CURATION_MAX = 9  # measured 8: the same chrome + reading, entries, chapters


def _big_reading(size: int):
    club = ClubFactory(time_zone="America/Toronto")
    admin = member_of(club, "admin")
    reading = ReadingFactory(club=club, book=BookFactory(chapters=size), schedule_published=False)
    services.spread_schedule(
        actor=admin.memberships.get(),
        reading=reading,
        based_on_version=0,
        every_days=1,
        meeting_time=dt.time(19),
    )
    reading.schedule_published = True
    reading.save()
    entries = list(reading.entries.all())
    chapters = list(reading.book.chapters.all())
    users = UserFactory.create_batch(size)
    for n, user in enumerate(users):
        club.memberships.create(user=user)
        ChapterRead.objects.create(reading=reading, user=user, chapter=chapters[n % size])
        Rsvp.objects.create(entry=entries[n % len(entries)], user=user, answer="going")
    ProgressPrivacy.objects.create(membership=club.memberships.last(), hidden=True)
    return club, reading, admin, users[0]


@pytest.mark.parametrize("size", [10, 300])
def test_schedule_page_query_count_is_constant(client, size, django_assert_max_num_queries):
    club, reading, admin, reader = _big_reading(size)
    login(client, reader)
    with django_assert_max_num_queries(SCHEDULE_MAX):
        response = client.get(reading.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 300])
def test_curation_page_query_count_is_constant(client, size, django_assert_max_num_queries):
    club, reading, admin, reader = _big_reading(size)
    login(client, admin)
    with django_assert_max_num_queries(CURATION_MAX):
        response = client.get(url("schedule-edit", reading))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 300])
def test_club_home_this_week_query_count_is_constant(client, size, django_assert_max_num_queries):
    club, reading, admin, reader = _big_reading(size)
    login(client, reader)
    with django_assert_max_num_queries(14):
        response = client.get(club.get_absolute_url())
    html = response.content.decode()
    assert "This week" in html and "members on track" in html


@pytest.mark.parametrize("size", [10, 300])
def test_this_week_panel_runs_four_queries_at_most(rf, size, django_assert_max_num_queries):
    from bookclub.clubs.access import ClubAccess
    from readings.panels import this_week

    club, reading, admin, reader = _big_reading(size)
    request = rf.get("/")
    request.user = reader
    access = ClubAccess(club=club, membership=reader.memberships.get(), user=reader)
    with django_assert_max_num_queries(4):
        template, context = this_week(request, access)
    assert context["standing"].counted == size  # the admin counts, the hidden member not
    assert context["standing"].hidden == 1


def test_calendar_query_count_is_constant(client, django_assert_max_num_queries):
    club, reading, admin, reader = _big_reading(300)
    with django_assert_max_num_queries(4):
        client.get(url("calendar-public", club_slug=club.slug))

"""Club readings, under /c/<club_slug>/ (every view goes through @club_view, except the
secret calendar feed, which calendar apps fetch without a session)."""

from django.urls import path

from readings.views import calendar, covers, curation, progress, readings, schedule, themes

app_name = "readings"

reading = "r/<int:reading_id>/"
entry = reading + "schedule/entries/<int:entry_id>/"

urlpatterns = [
    path("readings/", readings.reading_list, name="reading-list"),
    path("readings/new/", readings.reading_create, name="reading-create"),
    path(reading + "edit/", readings.reading_update, name="reading-update"),
    path(reading + "schedule/", schedule.schedule_detail, name="schedule"),
    path(reading + "cover/", covers.reading_cover, name="reading-cover"),
    path(reading + "schedule/edit/", curation.schedule_edit, name="schedule-edit"),
    path(reading + "schedule/spread/", curation.schedule_spread, name="schedule-spread"),
    path(reading + "schedule/publish/", curation.schedule_publish, name="schedule-publish"),
    path(reading + "schedule/unpublish/", curation.schedule_unpublish, name="schedule-unpublish"),
    path(reading + "schedule/entries/new/", curation.entry_create, name="entry-create"),
    path(entry + "edit/", curation.entry_update, name="entry-update"),
    path(entry + "delete/", curation.entry_delete, name="entry-delete"),
    path(entry + "move-up/", curation.entry_move_up, name="entry-move-up"),
    path(entry + "move-down/", curation.entry_move_down, name="entry-move-down"),
    path(entry + "rsvp/", progress.rsvp_update, name="rsvp-update"),
    path(reading + "progress/toggle/", progress.progress_toggle, name="progress-toggle"),
    path(reading + "progress/up-to/", progress.progress_up_to, name="progress-up-to"),
    path(
        reading + "progress/entries/<int:entry_id>/", progress.progress_entry, name="progress-entry"
    ),
    path("progress/privacy/", progress.progress_privacy, name="progress-privacy"),
    path(reading + "book/chapters/", themes.chapter_update, name="chapter-update"),
    path(reading + "club-themes/", themes.theme_list, name="theme-list"),
    path(reading + "club-themes/add/", themes.theme_create, name="theme-create"),
    path("calendar/", calendar.calendar_detail, name="calendar-detail"),
    path("calendar.ics", calendar.calendar_public, name="calendar-public"),
    path("calendar/<uuid:token>.ics", calendar.calendar_private, name="calendar-private"),
    path("calendar/reset/", calendar.calendar_reset, name="calendar-reset"),
]

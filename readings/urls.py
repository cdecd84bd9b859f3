"""Club readings, under /c/<club_slug>/ (every view goes through @club_view, except the
secret calendar feed, which calendar apps fetch without a session)."""

from django.urls import path

from readings import calendar_views, views

app_name = "readings"

reading = "r/<int:reading_id>/"
entry = reading + "schedule/entries/<int:entry_id>/"

urlpatterns = [
    path("readings/", views.reading_list, name="reading-list"),
    path("readings/new/", views.reading_create, name="reading-create"),
    path(reading + "edit/", views.reading_update, name="reading-update"),
    path(reading + "schedule/", views.schedule_detail, name="schedule"),
    path(reading + "schedule/edit/", views.schedule_edit, name="schedule-edit"),
    path(reading + "schedule/spread/", views.schedule_spread, name="schedule-spread"),
    path(reading + "schedule/publish/", views.schedule_publish, name="schedule-publish"),
    path(reading + "schedule/unpublish/", views.schedule_unpublish, name="schedule-unpublish"),
    path(reading + "schedule/entries/new/", views.entry_create, name="entry-create"),
    path(entry + "edit/", views.entry_update, name="entry-update"),
    path(entry + "delete/", views.entry_delete, name="entry-delete"),
    path(entry + "move-up/", views.entry_move_up, name="entry-move-up"),
    path(entry + "move-down/", views.entry_move_down, name="entry-move-down"),
    path(entry + "rsvp/", views.rsvp_update, name="rsvp-update"),
    path(reading + "progress/toggle/", views.progress_toggle, name="progress-toggle"),
    path(reading + "progress/up-to/", views.progress_up_to, name="progress-up-to"),
    path(reading + "progress/entries/<int:entry_id>/", views.progress_entry, name="progress-entry"),
    path("progress/privacy/", views.progress_privacy, name="progress-privacy"),
    path(reading + "book/chapters/", views.chapter_update, name="chapter-update"),
    path(reading + "club-themes/", views.theme_list, name="theme-list"),
    path(reading + "club-themes/add/", views.theme_create, name="theme-create"),
    path("calendar/", calendar_views.calendar_detail, name="calendar-detail"),
    path("calendar.ics", calendar_views.calendar_public, name="calendar-public"),
    path("calendar/<uuid:token>.ics", calendar_views.calendar_private, name="calendar-private"),
    path("calendar/reset/", calendar_views.calendar_reset, name="calendar-reset"),
]

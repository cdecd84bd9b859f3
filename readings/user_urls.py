"""A person's own calendar of all their clubs, at /calendar/ (outside any club)."""

from django.urls import path

from readings.views import calendar

app_name = "user_calendar"

urlpatterns = [
    path("", calendar.user_calendar, name="detail"),
    path("<uuid:token>.ics", calendar.user_calendar_feed, name="feed"),
    path("reset/", calendar.user_calendar_reset, name="reset"),
]

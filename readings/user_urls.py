"""A person's own calendar of all their clubs, at /calendar/ (outside any club)."""

from django.urls import path

from readings import calendar_views

app_name = "user_calendar"

urlpatterns = [
    path("", calendar_views.user_calendar, name="detail"),
    path("<uuid:token>.ics", calendar_views.user_calendar_feed, name="feed"),
    path("reset/", calendar_views.user_calendar_reset, name="reset"),
]

from __future__ import annotations

from django.urls import path

from discussions import notification_views as views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/read/", views.notification_mark_read, name="mark-read"),
    path("read/", views.notification_mark_all_read, name="mark-all-read"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

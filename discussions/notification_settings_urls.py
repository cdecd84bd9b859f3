from __future__ import annotations

from django.urls import path

from discussions import notification_views as views

app_name = "notification_settings"

urlpatterns = [
    path("", views.notification_settings, name="edit"),
]

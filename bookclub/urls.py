from django.contrib import admin
from django.urls import include, path

from bookclub import views
from bookclub.clubs import views as club_views

handler400 = "bookclub.views.bad_request"
handler500 = "bookclub.views.server_error"

urlpatterns = [
    path("", club_views.home, name="home"),
    # Resolving tries patterns in order: the busiest pages (discussions) come first.
    path("c/<slug:club_slug>/", include("discussions.urls")),
    path("", include("bookclub.clubs.urls")),
    path("c/<slug:club_slug>/", include("readings.urls")),
    path("c/<slug:club_slug>/", include("discussions.notification_urls_club")),
    path("c/<slug:club_slug>/", include("discussions.moderation_urls")),
    path("notifications/", include("discussions.notification_urls")),
    path("settings/notifications/", include("discussions.notification_settings_urls")),
    path("accounts/", include("allauth.urls")),
    path("settings/", include("bookclub.accounts.urls")),
    path("calendar/", include("readings.user_urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

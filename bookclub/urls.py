from django.contrib import admin
from django.urls import include, path

from bookclub import views
from bookclub.clubs import views as club_views
from bookclub.core import converters  # noqa: F401  (registers <uslug:>)
from discussions.notifications import urls as notification_urls

handler400 = "bookclub.views.bad_request"
handler500 = "bookclub.views.server_error"

urlpatterns = [
    path("", club_views.home, name="home"),
    # Resolving tries patterns in order: the busiest pages (discussions) come first.
    path("c/<uslug:club_slug>/", include("discussions.urls")),
    path("", include("bookclub.clubs.urls")),
    path("c/<uslug:club_slug>/", include("readings.urls")),
    path("c/<uslug:club_slug>/", include("readings.polls.urls")),
    path("c/<uslug:club_slug>/", include(notification_urls.following_patterns)),
    path("c/<uslug:club_slug>/", include("discussions.moderation.urls")),
    path("notifications/", include("discussions.notifications.urls")),
    path("settings/notifications/", include(notification_urls.settings_patterns)),
    path("accounts/", include("allauth.urls")),
    path("settings/", include("bookclub.accounts.urls")),
    path("calendar/", include("readings.user_urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

from django.urls import path

from bookclub.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.settings_profile, name="settings"),
]

from django.urls import path

from bookclub.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.settings_profile, name="settings"),
    path("privacy/", views.settings_privacy, name="privacy"),
    path("privacy/blocks/<int:block_id>/unblock/", views.block_remove, name="block-remove"),
    path("export/", views.settings_export, name="export"),
    path("delete/", views.settings_delete, name="delete"),
]

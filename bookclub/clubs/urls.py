from django.urls import path  # noqa: F401

from bookclub.clubs import views  # noqa: F401

app_name = "clubs"
urlpatterns: list = []

from django.apps import AppConfig


class ClubsConfig(AppConfig):
    name = "bookclub.clubs"
    label = "clubs"
    verbose_name = "Clubs"

from django.apps import AppConfig


class ReadingsConfig(AppConfig):
    name = "readings"
    verbose_name = "Readings"

    def ready(self) -> None:
        from bookclub.accounts import personal_data
        from bookclub.clubs import club_cards, home_panels, sections
        from readings.panels import club_card, this_week
        from readings.personal_data import export_progress, progress_privacy_links
        from readings.polls import models as _poll_models  # noqa: F401
        from readings.polls.panels import open_poll_panel
        from readings.polls.personal_data import erase_polls, export_polls

        home_panels.register("this-week", 10, this_week)
        home_panels.register("open-poll", 15, open_poll_panel)
        club_cards.register("reading", 10, club_card)
        sections.register("readings", "Readings", "readings:reading-list", 10)
        sections.register("next-book", "Next book", "polls:proposal-list", 17)
        personal_data.register("readings", 20, export=export_progress)
        personal_data.register("polls", 25, export=export_polls, erase=erase_polls)
        personal_data.register_privacy_links("readings", progress_privacy_links)

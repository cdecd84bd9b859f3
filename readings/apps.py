from django.apps import AppConfig


class ReadingsConfig(AppConfig):
    name = "readings"
    verbose_name = "Readings"

    def ready(self) -> None:
        from bookclub.accounts import personal_data
        from bookclub.clubs import home_panels, sections
        from readings.panels import this_week
        from readings.personal_data import export_progress, progress_privacy_links

        home_panels.register("this-week", 10, this_week)
        sections.register("readings", "Readings", "readings:reading-list", 10)
        personal_data.register("readings", 20, export=export_progress)
        personal_data.register_privacy_links("readings", progress_privacy_links)

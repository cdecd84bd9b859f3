from django.apps import AppConfig


class ReadingsConfig(AppConfig):
    name = "readings"
    verbose_name = "Readings"

    def ready(self) -> None:
        from bookclub.clubs import home_panels, sections
        from readings.panels import this_week

        home_panels.register("this-week", 10, this_week)
        sections.register("readings", "Readings", "readings:reading-list", 10)

from __future__ import annotations

from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Discussions"

    def ready(self) -> None:
        from bookclub.clubs import home_panels, sections
        from discussions.panels import recent_threads_panel

        home_panels.register("recent-threads", 20, recent_threads_panel)
        sections.register("search", "Search", "discussions:thread-search", 20)

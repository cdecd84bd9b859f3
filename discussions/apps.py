from __future__ import annotations

from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Discussions"

    def ready(self) -> None:
        # The subpackages' models share this app label. Importing them here rather than at the
        # end of discussions.models lets them import discussions.models, never the reverse.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from bookclub.accounts import personal_data
        from bookclub.clubs import home_panels, sections
        from bookclub.clubs.models import Membership
        from discussions import receivers
        from discussions.moderation import models as _moderation_models  # noqa: F401
        from discussions.notifications import models as _notification_models  # noqa: F401
        from discussions.panels import recent_threads_panel
        from discussions.personal_data import erase_discussions, export_discussions
        from discussions.talk import talk_routes
        from readings import talk
        from readings.signals import chapters_renamed

        home_panels.register("recent-threads", 20, recent_threads_panel)
        sections.register("discussions", "Discussions", "discussions:club-discussions", 15)
        talk.register(talk_routes())
        sections.register("search", "Search", "discussions:thread-search", 20)
        sections.register(
            "moderation", "Moderation", "moderation:queue", 30, lambda access: access.can_moderate
        )
        personal_data.register(
            "discussions", 30, export=export_discussions, erase=erase_discussions
        )
        post_save.connect(
            receivers.author_saved, sender=get_user_model(), dispatch_uid="posts_author"
        )
        post_save.connect(
            receivers.membership_changed, sender=Membership, dispatch_uid="posts_role"
        )
        post_delete.connect(
            receivers.membership_changed, sender=Membership, dispatch_uid="posts_role_gone"
        )
        chapters_renamed.connect(receivers.chapters_renamed, dispatch_uid="posts_chapters")

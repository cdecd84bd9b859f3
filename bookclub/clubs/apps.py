from django.apps import AppConfig


class ClubsConfig(AppConfig):
    name = "bookclub.clubs"
    label = "clubs"
    verbose_name = "Clubs"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from bookclub.clubs import pending_invitation

        user_logged_in.connect(
            pending_invitation.join_after_login, dispatch_uid="clubs_join_after_login"
        )

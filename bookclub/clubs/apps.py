from django.apps import AppConfig


class ClubsConfig(AppConfig):
    name = "bookclub.clubs"
    label = "clubs"
    verbose_name = "Clubs"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from bookclub.accounts import personal_data
        from bookclub.clubs import pending_invitation, services

        user_logged_in.connect(
            pending_invitation.join_after_login, dispatch_uid="clubs_join_after_login"
        )
        # Ownership passes on before the account goes (discussions, readings run later).
        personal_data.register(
            "clubs", 10, export=services.export_memberships, erase=services.hand_over_clubs
        )

from django.urls import path

from bookclub.clubs.views import browse, joining, manage
from bookclub.core import converters  # noqa: F401  (registers <uslug:>)
from bookclub.ratelimit import limit_posts

app_name = "clubs"

club = "c/<uslug:club_slug>/"
member = club + "manage/members/<int:membership_id>/"

urlpatterns = [
    path("c/new/", browse.club_create, name="club-create"),
    path(club, browse.club_detail, name="club-detail"),
    path(club + "conduct/", browse.club_conduct, name="club-conduct"),
    path(club + "members/", browse.membership_list, name="membership-list"),
    path(club + "people/<int:user_id>/", browse.member_profile, name="member-profile"),
    path(
        club + "members/<int:membership_id>/block/",
        limit_posts("block")(browse.membership_block),
        name="membership-block",
    ),
    path(club + "join/", limit_posts("join")(joining.club_join), name="club-join"),
    path(club + "join/withdraw/", joining.joinrequest_withdraw, name="joinrequest-withdraw"),
    path(club + "leave/", joining.club_leave, name="club-leave"),
    path(
        club + "invite/<str:token>/",
        limit_posts("join")(joining.invitation_accept),
        name="invitation-accept",
    ),
    path(club + "manage/", manage.club_settings, name="club-settings"),
    path(club + "manage/requests/", manage.joinrequest_list, name="joinrequest-list"),
    path(
        club + "manage/requests/<int:request_id>/",
        manage.joinrequest_decide,
        name="joinrequest-decide",
    ),
    path(
        club + "manage/invitations/",
        limit_posts("invite")(manage.invitation_list),
        name="invitation-list",
    ),
    path(
        club + "manage/invitations/<int:invitation_id>/revoke/",
        manage.invitation_revoke,
        name="invitation-revoke",
    ),
    path(member, manage.membership_manage, name="membership-manage"),
    path(member + "role/", manage.membership_role, name="membership-role"),
    path(member + "remove/", manage.membership_remove, name="membership-remove"),
    path(member + "ban/", manage.membership_ban, name="membership-ban"),
    path(member + "unban/", manage.membership_unban, name="membership-unban"),
    path(member + "transfer/", manage.membership_transfer, name="membership-transfer"),
]

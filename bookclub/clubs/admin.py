"""Staff curation of clubs. No email column anywhere here: staff look those up on the user admin."""

from __future__ import annotations

from django.contrib import admin

from bookclub.clubs.models import AuditLog, Club, Invitation, JoinRequest, Membership
from bookclub.markdown import render_markdown


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "status", "joined_at"]
    raw_id_fields = ["user"]
    show_change_link = True


@admin.register(Club)
class ClubAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "visibility", "join_policy", "created_at"]
    list_filter = ["visibility", "join_policy"]
    search_fields = ["name", "slug"]
    readonly_fields = ["created_at"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        # Staff edits keep the stored HTML in step, as the service does.
        obj.description_html = render_markdown(obj.description)
        obj.code_of_conduct_html = render_markdown(obj.code_of_conduct)
        super().save_model(request, obj, form, change)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "club", "role", "status", "joined_at"]
    list_filter = ["role", "status"]
    search_fields = ["user__display_name", "club__name", "club__slug"]
    raw_id_fields = ["user", "club"]
    list_select_related = ["user", "club"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "club", "status", "created_at", "decided_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["user__display_name", "club__name"]
    raw_id_fields = ["user", "club", "decided_by"]
    list_select_related = ["user", "club", "decided_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "club",
        "note",
        "created_by",
        "expires_at",
        "use_count",
        "max_uses",
        "revoked_at",
    ]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["club__name", "note", "created_by__display_name"]
    raw_id_fields = ["club", "created_by"]
    list_select_related = ["club", "created_by"]
    readonly_fields = ["token", "use_count"]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Readable by staff, changeable by nobody (the table refuses changes too)."""

    list_display = ["created_at", "club", "action", "actor_name", "target_name", "reason"]
    list_filter = ["action"]
    search_fields = ["club__name", "actor_name", "target_name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

from __future__ import annotations

from django.contrib import admin

from readings.models import Book, Chapter, Reading, ScheduleEntry, Theme


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 1
    ordering = ["position"]
    fields = ["position", "label", "title", "part"]


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 1
    ordering = ["position", "name"]
    fields = ["position", "name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # The book's own themes; clubs' additions belong to their readings.
        return super().get_queryset(request).filter(reading__isnull=True)


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    list_display = ["title", "authors", "publisher", "published_on", "isbn13"]
    search_fields = ["title", "subtitle", "authors", "isbn13"]
    inlines = [ChapterInline, ThemeInline]
    list_filter = ["publisher"]
    readonly_fields = ["added_by_club", "created_at"]


class ScheduleEntryInline(admin.TabularInline):
    model = ScheduleEntry
    extra = 0
    fields = ["first_chapter", "last_chapter", "due_on", "meeting_at"]
    ordering = ["first_chapter__position"]
    raw_id_fields = ["first_chapter", "last_chapter"]


@admin.register(Reading)
class ReadingAdmin(admin.ModelAdmin):
    list_display = ["book", "club", "starts_on", "ends_on", "schedule_published"]
    list_filter = ["schedule_published"]
    search_fields = ["book__title", "club__name"]
    raw_id_fields = ["club", "book"]
    inlines = [ScheduleEntryInline]
    readonly_fields = ["schedule_version"]

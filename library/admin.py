from django.contrib import admin

from library.models import LibraryDocument, LibraryFile, Tag


class LibraryFileInline(admin.TabularInline):
    """Versions are added on the site, where the upload is checked."""

    model = LibraryFile
    fields = ["version", "original_name", "content_type", "size", "text_status"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LibraryDocument)
class LibraryDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "kind", "document_date", "access"]
    list_filter = ["council", "kind", "access"]
    search_fields = ["title"]
    exclude = ["current"]
    filter_horizontal = ["tags", "packages", "projects", "meetings"]
    inlines = [LibraryFileInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "council"]

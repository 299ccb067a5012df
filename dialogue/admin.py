from django.contrib import admin

from dialogue.models import Discussion, Post, Report


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "subject", "opened_at", "closed_at"]
    list_filter = ["council", "subject"]
    raw_id_fields = ["package", "issue", "opened_by"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """Moderation happens on the site; the admin shows no guest's e-mail address."""

    list_display = ["__str__", "discussion", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    exclude = ["guest_email"]
    raw_id_fields = ["discussion", "reply_to", "author", "organisation", "moderated_by"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["reason", "post", "created_at", "handled_at"]
    raw_id_fields = ["post", "reporter", "handled_by"]

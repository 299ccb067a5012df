from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from ketenoverleg.models import (
    AuditEntry,
    Ketenoverleg,
    NewsItem,
    OutgoingEmail,
    RoleAssignment,
    User,
)
from ketenoverleg.signals import council_created


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["first_name", "last_name"]}),
        (
            _("Rechten"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Ketenoverleg)
class KetenoverlegAdmin(admin.ModelAdmin):
    list_display = ["name", "product_category", "area", "organisation_form", "parent"]
    list_filter = ["organisation_form"]
    search_fields = ["name", "product_category", "area"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleAssignmentInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            council_created.send(sender=Ketenoverleg, council=obj, by=request.user)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "council", "role", "starts_on", "ends_on"]
    list_filter = ["role", "council"]
    search_fields = ["user__email", "council__name"]
    autocomplete_fields = ["user"]


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "published_at"]
    list_filter = ["council"]
    search_fields = ["title", "body"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The whole installation's audit log: superusers read it, nobody edits it."""

    list_display = ["at", "council", "action", "text", "actor", "object_repr"]
    list_filter = ["action", "council"]
    list_select_related = ["council", "actor"]
    search_fields = ["object_repr", "actor__email"]
    date_hierarchy = "at"

    @admin.display(description=_("samenvatting"))
    def text(self, entry: AuditEntry) -> str:
        return entry.text

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox, to see what waits or failed; messages are written by the services."""

    list_display = ["subject", "status", "attempts", "created_at", "sent_at", "next_attempt_at"]
    list_filter = ["status", "template"]
    search_fields = ["key", "subject", "to"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

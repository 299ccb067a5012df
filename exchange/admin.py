from django.contrib import admin

from exchange.models import Listing, Response


class ResponseInline(admin.TabularInline):
    model = Response
    fk_name = "listing"
    extra = 0
    fields = ["organisation", "status", "created_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["material", "kind", "organisation", "council", "status", "expires_on"]
    list_filter = ["council", "kind", "category", "status"]
    search_fields = ["material", "organisation__name"]
    raw_id_fields = ["organisation", "created_by", "deal_response"]
    inlines = [ResponseInline]

from django.contrib import admin

from members.models import (
    BoardAppointment,
    BoardFunctionTerm,
    Candidacy,
    ContributionPayment,
    ContributionRate,
    Election,
    Membership,
    MembershipEvent,
    MembershipGeleding,
    Organisation,
    Representative,
    WorkGroup,
)


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "place", "kvk_number"]
    list_filter = ["kind"]
    search_fields = ["name", "place", "kvk_number"]
    inlines = [RepresentativeInline]


class GeledingInline(admin.TabularInline):
    model = MembershipGeleding
    extra = 0


class EventInline(admin.TabularInline):
    model = MembershipEvent
    extra = 0
    readonly_fields = ["at", "by", "from_status", "to_status", "note"]
    can_delete = False


class PaymentInline(admin.TabularInline):
    model = ContributionPayment
    extra = 0


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "council", "status", "listing_consent", "applied_at"]
    list_filter = ["council", "status", "listing_consent"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    inlines = [GeledingInline, PaymentInline, EventInline]


@admin.register(ContributionRate)
class ContributionRateAdmin(admin.ModelAdmin):
    list_display = ["council", "year", "member_kind", "amount", "set_by_alv_on"]
    list_filter = ["council", "year"]


@admin.register(BoardAppointment)
class BoardAppointmentAdmin(admin.ModelAdmin):
    list_display = ["council", "seat", "user", "starts_on", "ends_on", "term_number"]
    list_filter = ["council", "seat"]


@admin.register(BoardFunctionTerm)
class BoardFunctionTermAdmin(admin.ModelAdmin):
    """Read only: the kernteam records its functions on the kernteam page, where one
    holder at a time and the seat are checked."""

    list_display = ["council", "function", "user", "starts_on", "ended_on", "decided_by"]
    list_filter = ["council", "function"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CandidacyInline(admin.TabularInline):
    model = Candidacy
    extra = 0


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["council", "geleding", "opened_on", "closes_on", "closed_at"]
    inlines = [CandidacyInline]


@admin.register(WorkGroup)
class WorkGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "council", "kind", "ends_on"]
    list_filter = ["council", "kind"]

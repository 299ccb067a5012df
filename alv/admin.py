from django.contrib import admin

from alv.models import (
    AnnualReport,
    Assembly,
    AssemblyAttendance,
    AssemblyRules,
    BudgetLine,
    DecisionItem,
    YearPlan,
)


@admin.register(AssemblyRules)
class AssemblyRulesAdmin(admin.ModelAdmin):
    list_display = ["council", "notice_days", "quorum_percent", "proxies_per_attendee"]


class DecisionItemInline(admin.TabularInline):
    model = DecisionItem
    fields = ["position", "kind", "title", "outcome", "votes_for", "votes_against", "votes_abstain"]
    readonly_fields = ["outcome", "votes_for", "votes_against", "votes_abstain"]
    extra = 0


@admin.register(Assembly)
class AssemblyAdmin(admin.ModelAdmin):
    list_display = ["meeting", "council", "convened_at", "closed_at"]
    list_filter = ["council"]
    raw_id_fields = ["meeting"]
    inlines = [DecisionItemInline]


@admin.register(AssemblyAttendance)
class AssemblyAttendanceAdmin(admin.ModelAdmin):
    list_display = ["assembly", "membership", "status", "proxy_holder"]
    raw_id_fields = ["assembly", "membership", "proxy_holder"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    raw_id_fields = ["project"]


@admin.register(YearPlan)
class YearPlanAdmin(admin.ModelAdmin):
    list_display = ["council", "year", "plan_adopted_by", "budget_adopted_by"]
    raw_id_fields = ["plan_adopted_by", "budget_adopted_by"]
    filter_horizontal = ["issues", "projects", "packages"]
    inlines = [BudgetLineInline]


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["council", "year", "adopted_by", "discharged_by"]
    raw_id_fields = ["adopted_by", "discharged_by"]
    readonly_fields = ["figures"]

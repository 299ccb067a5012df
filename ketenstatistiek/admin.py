"""The admin shows the questionnaire and who submitted, never a figure.

Submissions are listed read-only without their sealed value; published cells show
what the public table shows and no contributor list.
"""

from django.contrib import admin

from ketenstatistiek.models import Period, PublishedCell, Question, StatisticsPolicy, Submission


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "code", "label", "unit", "kind", "min_value", "max_value", "geledingen"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "council", "status", "starts_on", "ends_on", "published_at"]
    list_filter = ["council", "status"]
    readonly_fields = ["status", "min_contributors", "dominance_percent", "published_at"]
    inlines = [QuestionInline]


@admin.register(StatisticsPolicy)
class StatisticsPolicyAdmin(admin.ModelAdmin):
    list_display = ["council", "min_contributors", "dominance_percent"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "question", "geleding", "submitted_at"]
    list_filter = ["period__council", "period"]
    fields = ["period", "question", "organisation", "geleding", "submitted_by", "submitted_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PublishedCell)
class PublishedCellAdmin(admin.ModelAdmin):
    list_display = ["question", "group", "reason", "count", "total", "mean", "median"]
    list_filter = ["period__council", "period"]
    fields = ["period", "question", "group", "reason", "count", "total", "mean", "median"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

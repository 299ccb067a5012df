import django_filters
from django.utils.translation import gettext_lazy as _

from ketenoverleg.models import User
from meetings.models import ActionPoint, Meeting


class ActionPointFilter(django_filters.FilterSet):
    owner = django_filters.ModelChoiceFilter(label=_("Wie"), queryset=User.objects.none())
    meeting = django_filters.ModelChoiceFilter(
        label=_("Vergadering"), queryset=Meeting.objects.none()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActionPoint.Status.choices, empty_label=_("Alle")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Alleen verlopen"),
        method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = ActionPoint
        fields = ["owner", "meeting", "status", "overdue"]

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["owner"].queryset = User.objects.filter(
            action_points__meeting__council=council
        ).distinct()
        self.filters["meeting"].queryset = Meeting.objects.filter(council=council)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

import django_filters
from django.utils.translation import gettext_lazy as _

from ketenoverleg.models import Geleding, User
from projects.models import Issue, Project


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Project.Status.choices, empty_label=_("Alle")
    )
    issue = django_filters.ModelChoiceFilter(label=_("Vraagstuk"), queryset=Issue.objects.none())
    leader = django_filters.ModelChoiceFilter(
        label=_("Projectleider"), queryset=User.objects.none()
    )
    covers = django_filters.ChoiceFilter(
        label=_("Met geleding in de projectgroep"),
        choices=Geleding.choices,
        method="filter_covers",
        empty_label=_("Alle"),
    )
    lacks = django_filters.ChoiceFilter(
        label=_("Zonder geleding in de projectgroep"),
        choices=Geleding.choices,
        method="filter_lacks",
        empty_label=_("Alle"),
    )

    class Meta:
        model = Project
        fields = ["status", "issue", "leader", "covers", "lacks"]

    def __init__(self, *args, visible, **kwargs):
        """Choices come only from the projects this visitor may see (``visible``), so
        the public list reveals no members-only issue or concept leader."""
        super().__init__(*args, **kwargs)
        self.filters["issue"].queryset = Issue.objects.filter(projects__in=visible).distinct()
        self.filters["leader"].queryset = User.objects.filter(led_projects__in=visible).distinct()

    def filter_covers(self, queryset, name, value):
        return queryset.filter(group__geleding=value).distinct()

    def filter_lacks(self, queryset, name, value):
        return queryset.exclude(group__geleding=value)

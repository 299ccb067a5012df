import django_filters
from django.utils.translation import gettext_lazy as _

from ketenoverleg.models import Geleding
from members.models import Membership


class LedenlijstFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="organisation__name",
        lookup_expr="icontains",
        label=_("Zoek op naam"),
        max_length=100,
    )
    geleding = django_filters.ChoiceFilter(
        field_name="geleding_rows__geleding",
        choices=Geleding.choices,
        label=_("Geleding"),
        empty_label=_("Alle geledingen"),
    )

    class Meta:
        model = Membership
        fields = ["q", "geleding"]

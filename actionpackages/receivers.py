"""What action packages do when something happens in a lower app."""

from django.dispatch import receiver

from actionpackages import notices, services
from actionpackages.models import Indicator, Signature
from ketenstatistiek.signals import period_published
from members.signals import member_admitted, members_changed, personal_data_erasing


@receiver(personal_data_erasing)
def forget_signer_name(sender, *, user, **kwargs) -> None:
    """Signatures stay (others rely on them) under the organisation's name only."""
    Signature.objects.filter(signed_by=user).update(signer_name="")


@receiver(members_changed)
def measure_member_figures(sender, *, council, **kwargs) -> None:
    """Participation and members per geleding changed: measure them again now."""
    services.indicators_measure(council=council)


@receiver(member_admitted)
def call_new_member_to_sign(sender, *, membership, **kwargs) -> None:
    """A new member hears of the packages it can sign now (handbook ch. 2: "zich
    (alsnog) aansluiten"): those open for signing and those that run."""
    notices.new_member_can_sign(membership)


@receiver(period_published)
def feed_indicators_from_statistics(sender, *, period, **kwargs) -> None:
    """Indicators that follow a question of the published period get its figure."""
    codes = list(period.questions.values_list("code", flat=True))
    for indicator in Indicator.objects.filter(
        package__council=period.council, statistic_code__in=codes
    ).select_related("package__council"):
        services.indicator_feed_from_statistics(indicator=indicator)

"""What the probleemlijst does when something happens in a lower app."""

from django.dispatch import receiver

from ketenoverleg.signals import council_created
from projects import services


@receiver(council_created)
def give_default_criteria(sender, *, council, **kwargs) -> None:
    services.criteria_create_defaults(council=council)

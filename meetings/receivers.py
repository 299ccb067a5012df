"""What meetings do when something happens in a lower app."""

from django.dispatch import receiver

from ketenoverleg.signals import council_created
from meetings import services


@receiver(council_created)
def give_standard_agenda(sender, *, council, **kwargs) -> None:
    services.agenda_template_create_default(council=council)

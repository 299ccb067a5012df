"""What the startup app does when something happens in a lower app."""

from django.dispatch import receiver

from members.signals import application_received
from startup import services


@receiver(application_received)
def link_party_to_application(sender, *, membership, reference, **kwargs) -> None:
    services.application_link(membership=membership, reference=reference)

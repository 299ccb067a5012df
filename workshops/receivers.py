"""What the workshops app does when something happens in a lower app."""

from django.dispatch import receiver

from startup.signals import contact_erasing
from workshops.models import Participant


@receiver(contact_erasing)
def forget_participant(sender, *, contact, **kwargs) -> None:
    """A prospect who came from a workshop is erased: so is what the workshop kept."""
    Participant.objects.filter(prospect=contact).update(
        name="", organisation="", email="", prospect=None
    )

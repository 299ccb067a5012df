"""Background work of the startup app: thin Celery tasks that call a service."""

from celery import shared_task

from startup import services


@shared_task(acks_late=True)
def contacts_erase_expired() -> int:
    """Daily: erase contact persons whose retention date has passed."""
    return services.contacts_erase_expired()

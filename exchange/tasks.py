"""Background work of vraag & aanbod."""

from celery import shared_task

from exchange import services


@shared_task
def listings_expire() -> int:
    """Daily (beat): expire listings past their date and tell their owners once."""
    return services.listings_expire()

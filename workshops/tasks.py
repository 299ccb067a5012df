"""Background work of the workshops app: thin Celery tasks that call a service."""

from celery import shared_task

from workshops import services


@shared_task(acks_late=True)
def workshops_clean_up() -> dict[str, int]:
    """Daily: delete expired practice workshops, erase old participants' data."""
    return services.clean_up()

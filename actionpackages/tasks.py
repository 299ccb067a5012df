from celery import shared_task

from actionpackages import services


@shared_task
def review_reminders_send() -> int:
    """Daily: remind signatories of the yearly review, before and after the due date."""
    return services.review_reminders_send()

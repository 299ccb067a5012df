from celery import shared_task

from actionpackages import services


@shared_task
def review_reminders_send() -> int:
    """Daily: remind signatories of the yearly review, before and after the due date."""
    return services.review_reminders_send()


@shared_task
def indicators_measure() -> int:
    """Daily: measure every computed process indicator (meetings held and the passing
    of time change figures without anyone saving anything)."""
    return services.indicators_measure()

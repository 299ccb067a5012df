"""Background tasks of members. Tasks stay thin: they call the module that does the work."""

from celery import shared_task

from members import notices


@shared_task
def news_announce() -> int:
    """Every few minutes: tell followers and members of news whose time has come."""
    return notices.news_announce()

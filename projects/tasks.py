from celery import shared_task

from projects import services


@shared_task
def progress_reports_remind() -> int:
    """Daily: flag overdue progress reports to the leader and the secretariat."""
    return services.reminders_send_due()

"""The Celery app. Tasks run in-process when no broker is configured (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenoverleg.settings")

from ketenoverleg.config import exit_on_config_error  # noqa: E402

with exit_on_config_error():
    pass  # a worker started with a bad setting stops with one line naming it

app = Celery("ketenoverleg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""The Celery app. Tasks run in-process when no broker is configured (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenoverleg.settings")

app = Celery("ketenoverleg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

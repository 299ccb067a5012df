"""A Celery worker whose PDF renders take ``SLOW_RENDER_SECONDS`` longer.

The worker-kill test starts it as ``python -m tests.slow_render_worker -A ketenoverleg
worker ...`` so that it can kill the worker while a document is "rendering". The
product has no such hook: the slowness is added here, around the real renderer.
"""

import os
import sys
import time

from celery.signals import task_prerun

DELAY = float(os.environ.get("SLOW_RENDER_SECONDS", "0"))


@task_prerun.connect
def _slow_renders(**kwargs) -> None:
    from ketenoverleg import documents

    if getattr(documents.html_to_pdf, "slowed", False):
        return
    real = documents.html_to_pdf

    def slow(html: str) -> bytes:
        time.sleep(DELAY)
        return real(html)

    slow.slowed = True
    documents.html_to_pdf = slow


if __name__ == "__main__":
    from celery.bin.celery import main

    sys.argv[0] = "celery"
    sys.exit(main())

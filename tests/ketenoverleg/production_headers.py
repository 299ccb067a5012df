"""The response headers of a few pages under the production settings.

``DJANGO_ENV=production ... python -m tests.ketenoverleg.production_headers /path ...``
migrates the (throw-away) database named by DATABASE_URL, requests each path over
HTTPS from the first allowed host and prints ``{path: {status, headers}}`` as JSON.
The CSP test runs it in its own process, because settings are read once per process.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenoverleg.settings")
django.setup()

from django.conf import settings  # noqa: E402 - after django.setup()
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

# The manifest of hashed static files exists only after collectstatic (the Dockerfile
# runs it); plain static URLs are enough to render the pages here.
PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def main(paths: list[str]) -> dict:
    call_command("migrate", verbosity=0)
    client = Client()
    host = settings.ALLOWED_HOSTS[0]
    answers = {}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": PLAIN_STATIC}):
        for path in paths:
            response = client.get(path, secure=True, headers={"host": host})
            answers[path] = {"status": response.status_code, "headers": dict(response.headers)}
    return answers


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))

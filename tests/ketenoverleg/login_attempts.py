"""Wrong passwords from another process: ``python -m tests.ketenoverleg.login_attempts``.

The throttling test runs this in a separate Python process, the way a second gunicorn
worker would take requests. Argument: JSON with ``caches`` (settings.CACHES to use),
``address`` (the client's IP), ``email`` and ``attempts``. Prints the status codes.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenoverleg.settings")
django.setup()

from django.test import Client  # noqa: E402 - after django.setup()
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402


def main(arguments: dict) -> list[int]:
    with override_settings(
        CACHES=arguments["caches"],
        ALLOWED_HOSTS=["testserver"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        client = Client(REMOTE_ADDR=arguments["address"])
        return [
            client.post(
                reverse("account_login"),
                {"login": arguments["email"], "password": "niet-het-goede-wachtwoord"},
            ).status_code
            for _ in range(arguments["attempts"])
        ]


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))

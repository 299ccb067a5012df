import os

from django.core.wsgi import get_wsgi_application

from ketenoverleg.config import exit_on_config_error

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenoverleg.settings")

with exit_on_config_error():
    application = get_wsgi_application()

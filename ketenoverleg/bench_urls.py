"""The URLconf of ``make bench`` only: the whole site plus a bare view as the yardstick.

The settings use it only when the environment says ``ROOT_URLCONF=ketenoverleg.bench_urls``,
which the benchmark sets for the gunicorn it starts; the site itself never mounts it.
"""

from django.http import HttpResponse
from django.urls import path

from ketenoverleg.urls import urlpatterns as site_urlpatterns

BARE_PATH = "__bench__/bare/"


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path(BARE_PATH, bare, name="bench_bare"), *site_urlpatterns]

"""Bounds that every form and model shares: dates within a sane range."""

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

DATE_MESSAGE = _("Kies een datum tussen 1900 en 2100.")

SANE_DATE = [
    MinValueValidator(EARLIEST_DATE, message=DATE_MESSAGE),
    MaxValueValidator(LATEST_DATE, message=DATE_MESSAGE),
]

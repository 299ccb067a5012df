"""Showing numbers the way people write them."""

from decimal import Decimal

from django.utils import formats


def plain_number(value: Decimal) -> str:
    """A figure without trailing zeros, in the active language's notation (12.500,5)."""
    return formats.number_format(
        Decimal(format(value.normalize(), "f")), use_l10n=True, force_grouping=True
    )

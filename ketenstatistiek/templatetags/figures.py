from decimal import ROUND_HALF_UP, Decimal

from django import template

from ketenoverleg.numbers import plain_number

register = template.Library()


@register.filter
def figure(value, decimals=None):
    """``{{ cell.total|figure }}``: 12.500,5 in Dutch, 12,500.5 in English; – for nothing.
    ``{{ cell.mean|figure:1 }}`` rounds to one decimal first."""
    if value is None or value == "":
        return "–"
    number = Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    return plain_number(number)


@register.filter
def get_field(form, name):
    """``{{ form|get_field:"q12" }}``: a bound field by name."""
    return form[name]

from decimal import Decimal

from django import template

from ketenoverleg.numbers import plain_number

register = template.Library()


@register.filter
def figure(value):
    """``{{ cell.total|figure }}``: 12.500,5 in Dutch, 12,500.5 in English; – for nothing."""
    if value is None or value == "":
        return "–"
    return plain_number(Decimal(value))


@register.filter
def get_field(form, name):
    """``{{ form|get_field:"q12" }}``: a bound field by name."""
    return form[name]

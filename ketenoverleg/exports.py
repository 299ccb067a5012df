"""Downloads of tabular data: every CSV and JSON export of the site goes through here.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula, so an organisation named ``=HYPERLINK(...)`` would turn
into a live link (CSV injection, OWASP). Text cells that start like that get a
leading ``'``, which the spreadsheet shows as text. Numbers that the site itself
writes (a measured value such as ``-5``) are not user input: they stay numbers, so a
spreadsheet can still compute with them. Callers pass those as ``int``/``Decimal``;
everything else is written as neutralised text.

The CSV starts with a UTF-8 byte order mark so Excel reads Dutch characters (ë, é)
correctly instead of guessing a Windows code page.
"""

import csv
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
LIST_SEPARATOR = "; "


def spreadsheet_safe(value) -> str | int | Decimal | float:
    """A cell value a spreadsheet shows as typed: numbers as numbers, text as text."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal | float):
        return value
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    *, filename: str, header: Sequence[str], rows: Iterable[Sequence | Mapping]
) -> HttpResponse:
    """A CSV download: the header, then each row (a sequence in header order, or a
    mapping keyed by the header), every cell made spreadsheet-safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        cells = [row.get(name) for name in header] if isinstance(row, Mapping) else row
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return _attachment(response, filename)


class NumberEncoder(DjangoJSONEncoder):
    """Decimals as JSON numbers (``8.9``, not the string ``"8.900"``); the unit goes in
    a field of its own beside them. A measured value has at most 14 digits, which a
    double holds exactly enough to print the same number back."""

    def default(self, o):
        if isinstance(o, Decimal):
            if not o.is_finite():
                return str(o)
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def json_response(*, filename: str, data: dict) -> JsonResponse:
    """A JSON download, readable (indented, Dutch characters as they are)."""
    response = JsonResponse(
        data, encoder=NumberEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    return _attachment(response, filename)

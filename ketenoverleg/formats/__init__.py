"""Date formats the site reads, the same in Dutch and English (FORMAT_MODULE_PATH).

Dates are typed as dag-maand-jaar (31-12-2026), the way the site shows them; ISO dates
(2026-12-31) are read too. Without this an English reader would be asked for
month/day/year in a field that shows day-month-year.
"""

DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%d-%m-%Y %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d-%m-%Y",
    "%Y-%m-%d",
]

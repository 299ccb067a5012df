"""The yearly review of commitments: when each round opens, is due and is reminded.

Round ``n`` of a package is due ``n`` years after its start date. It opens
``WINDOW`` before that date and stays open for corrections and late reports until the
next round opens. Signatories are reminded ``REMIND_BEFORE`` before the due date and,
if they have not reported, ``REMIND_AFTER`` after it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from actionpackages.models import Package

WINDOW = timedelta(days=30)
REMIND_BEFORE = timedelta(days=14)
REMIND_AFTER = timedelta(days=7)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Review:
    """One yearly round of a package's commitment review."""

    number: int
    due_on: date
    opens_on: date
    closes_on: date  # the next round opens: reports after this belong to that round

    @property
    def remind_before_on(self) -> date:
        return self.due_on - REMIND_BEFORE

    @property
    def remind_after_on(self) -> date:
        return self.due_on + REMIND_AFTER

    def is_due_for(self, signed_on: date) -> bool:
        """A signatory reports in this round if it signed before the round opened; one
        that joins later reports from the next round on."""
        return signed_on < self.opens_on

    def is_overdue(self, on: date | None = None) -> bool:
        return (on or timezone.localdate()) > self.due_on


def review(package: Package, number: int) -> Review:
    due_on = _add_years(package.starts_on, number)
    return Review(
        number=number,
        due_on=due_on,
        opens_on=due_on - WINDOW,
        closes_on=_add_years(package.starts_on, number + 1) - WINDOW,
    )


def current_review(package: Package, on: date | None = None) -> Review | None:
    """The round open on ``on`` (default today), or None before the first one opens or
    for a package that does not run (not started, or closed)."""
    on = on or timezone.localdate()
    if package.starts_on is None or package.status != Package.Status.LOPEND:
        return None
    first = review(package, 1)
    if on < first.opens_on:
        return None
    number = 1
    while review(package, number).closes_on <= on:
        number += 1
    return review(package, number)


def next_review(package: Package, on: date | None = None) -> Review | None:
    """The first round that is not yet due on ``on``: what a signatory looks forward to."""
    if package.starts_on is None or package.status != Package.Status.LOPEND:
        return None
    on = on or timezone.localdate()
    number = 1
    while review(package, number).due_on < on:
        number += 1
    return review(package, number)


def last_due_review(package: Package, on: date | None = None) -> Review | None:
    """The latest round whose due date has passed: the public summary reports on it."""
    if package.starts_on is None or package.status != Package.Status.LOPEND:
        return None
    on = on or timezone.localdate()
    number = 0
    while review(package, number + 1).due_on < on:
        number += 1
    return review(package, number) if number else None

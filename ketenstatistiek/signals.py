"""Signals that higher apps listen to (see docs/architecture.md)."""

from django.dispatch import Signal

# Sent inside the publishing transaction with ``period`` (its cells are stored):
# actionpackages turns published cells into measurements of the indicators that follow
# a question.
period_published = Signal()

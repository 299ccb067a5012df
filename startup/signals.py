"""Signals of the startup app, for the apps above it."""

from django.dispatch import Signal

# Sent inside the erasure transaction with ``contact`` (a ContactPerson) before its
# personal data is removed: clear whatever you keep about the same person (a workshop
# participant who became this prospect, say).
contact_erasing = Signal()

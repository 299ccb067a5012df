"""Signals of the council core, for the apps above it (which the core may not import)."""

from django.dispatch import Signal

# Sent inside the transaction that creates a council (services.council_create, the
# admin, the demo), with ``council`` and ``by`` (the acting user, or None). Apps above
# the core give the council what it starts with: the probleemlijst's default criteria,
# the standard agenda of the kernteam. Pages only read these; a GET never creates them.
council_created = Signal()

"""Signals of the members app, for the apps above it."""

from django.dispatch import Signal

# Sent inside the erasure transaction with ``user``: clear whatever personal data of
# theirs you keep. Records others rely on (signatures) stay, without the person's name.
personal_data_erasing = Signal()

# Sent inside the transaction with ``council`` when the admitted members of a council
# change (admitted, ended, erased): figures computed from the members are out of date.
members_changed = Signal()

# Sent inside the application's transaction with ``membership`` and ``reference`` when an
# application came in through a pre-filled invitation (``members.prefill``).
application_received = Signal()

# Sent inside the transaction with ``membership`` when an organisation is admitted (also
# on appeal): apps above tell the new member what it can join now (a package to sign).
member_admitted = Signal()

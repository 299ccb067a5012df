"""Figures the public pages show, kept per council so that a page reads one row."""

from django.db import models

from ketenoverleg.models import Ketenoverleg


class CouncilFigures(models.Model):
    """The counts of one council that the programme overview and the council page show:
    members (admitted; on the public list) per geleding, packages per status and the
    active signatures under public packages.

    Kept exact by ``public.figures``: every save or delete of a membership, its
    geledingen, a package or a signature recounts its council after the commit (under
    a lock on this row, so the last recount sees every committed change). A council
    without a row (data written in bulk) is counted live until ``figures_recount`` runs.
    """

    council = models.OneToOneField(
        Ketenoverleg, on_delete=models.CASCADE, primary_key=True, related_name="figures"
    )
    members_listed = models.PositiveIntegerField(default=0)
    members_admitted = models.PositiveIntegerField(default=0)
    # {geleding key: members}; geledingen without members are left out.
    geledingen_listed = models.JSONField(default=dict)
    geledingen_admitted = models.JSONField(default=dict)
    # {package status: packages}
    packages = models.JSONField(default=dict)
    signatures = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Cijfers {self.council_id}"

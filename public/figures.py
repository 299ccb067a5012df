"""The counters of ``CouncilFigures``: counted for many councils in a fixed number of
queries, stored per council after every change, read by the programme overview and the
council page.

``count(ids)`` is the full recount (also what the tests compare the stored rows with);
``figures_for(ids)`` reads the stored rows and counts live only the councils without
one. Saves and deletes of memberships, their geledingen, packages and signatures mark
their council; after the commit each marked council is recounted once.
"""

from django.db import transaction
from django.db.models import Count

from actionpackages.models import Package, Signature
from members import selectors as member_selectors
from members.models import Membership, MembershipGeleding
from public.models import CouncilFigures

FIELDS = [
    "members_listed",
    "members_admitted",
    "geledingen_listed",
    "geledingen_admitted",
    "packages",
    "signatures",
]


def count(council_ids: list[int]) -> dict[int, dict]:
    """{council_id: figures} counted from the data, six queries for any number of councils."""
    listed = member_selectors.members_per_geleding(council_ids, listed_only=True)
    admitted = member_selectors.members_per_geleding(council_ids, listed_only=False)
    listed_totals = member_selectors.member_totals(council_ids, listed_only=True)
    admitted_totals = member_selectors.member_totals(council_ids, listed_only=False)
    packages: dict[int, dict[str, int]] = {}
    for row in (
        Package.objects.filter(council_id__in=council_ids)
        .values("council_id", "status")
        .annotate(n=Count("pk"))
    ):
        packages.setdefault(row["council_id"], {})[row["status"]] = row["n"]
    signatures = dict(
        Signature.objects.active()
        .filter(package__council_id__in=council_ids, package__in=Package.objects.public())
        .values("package__council_id")
        .annotate(n=Count("pk"))
        .values_list("package__council_id", "n")
    )
    return {
        pk: {
            "members_listed": listed_totals.get(pk, 0),
            "members_admitted": admitted_totals.get(pk, 0),
            "geledingen_listed": {g: n for (c, g), n in listed.items() if c == pk},
            "geledingen_admitted": {g: n for (c, g), n in admitted.items() if c == pk},
            "packages": packages.get(pk, {}),
            "signatures": signatures.get(pk, 0),
        }
        for pk in council_ids
    }


def stored(council_ids: list[int]) -> dict[int, dict]:
    return {
        row["council_id"]: {f: row[f] for f in FIELDS}
        for row in CouncilFigures.objects.filter(council_id__in=council_ids).values(
            "council_id", *FIELDS
        )
    }


def figures_for(council_ids: list[int]) -> dict[int, dict]:
    """The stored figures; councils without a row are counted live (in one batch)."""
    found = stored(council_ids)
    missing = [pk for pk in council_ids if pk not in found]
    return {**found, **(count(missing) if missing else {})}


def recount(council_id: int) -> None:
    """Count one council again and store it, under a lock on its row: a recount that
    starts while another runs waits for it and then reads what both committed."""
    with transaction.atomic():
        CouncilFigures.objects.get_or_create(council_id=council_id)
        row = CouncilFigures.objects.select_for_update().get(council_id=council_id)
        for field, value in count([council_id])[council_id].items():
            setattr(row, field, value)
        row.save()


def recount_all() -> int:
    from ketenoverleg.models import Ketenoverleg

    ids = list(Ketenoverleg.objects.values_list("pk", flat=True))
    for pk in ids:
        recount(pk)
    return len(ids)


def mark(council_id: int | None) -> None:
    """Recount this council after the commit (once per transaction, however many rows
    changed; nothing when the transaction is rolled back)."""
    if council_id is None:
        return
    waiting = transaction.get_connection().run_on_commit
    for entry in waiting:
        callback = entry[1]
        if getattr(callback, "council_id", None) == council_id and not callback.done:
            return

    def recount_after_commit() -> None:
        recount_after_commit.done = True
        recount(council_id)

    recount_after_commit.council_id = council_id
    recount_after_commit.done = False
    transaction.on_commit(recount_after_commit)


def _membership_changed(sender, instance, **kwargs) -> None:
    mark(instance.council_id)


def _council_of(instance, relation: str, model, pk) -> int | None:
    """The council of the row ``instance`` points to, without a query when it is loaded."""
    related = instance._state.fields_cache.get(relation)
    if related is not None:
        return related.council_id
    return model.objects.filter(pk=pk).values_list("council_id", flat=True).first()


def _geleding_changed(sender, instance, **kwargs) -> None:
    mark(_council_of(instance, "membership", Membership, instance.membership_id))


def _package_changed(sender, instance, **kwargs) -> None:
    mark(instance.council_id)


def _signature_changed(sender, instance, **kwargs) -> None:
    mark(_council_of(instance, "package", Package, instance.package_id))


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    for model, receiver in (
        (Membership, _membership_changed),
        (MembershipGeleding, _geleding_changed),
        (Package, _package_changed),
        (Signature, _signature_changed),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"figures-{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"figures-{model.__name__}-del")

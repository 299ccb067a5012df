"""Factories for action packages: a package is a concept unless told otherwise.

``PackageFactory(status=...)`` puts a package straight in a later status, for tests
about what happens *from* that status; ``open_package()`` walks the real services to
the point where members can sign, with a frozen version.
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from actionpackages import services
from actionpackages.models import Action, Indicator, Measurement, Package
from ketenoverleg.models import Geleding, Role
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import MembershipFactory

GELEDINGEN = [g.value for g in Geleding]

# One low-threshold action per geleding: none of them names a geleding label, so a
# test can look for the labels in a page or a PDF without finding an action instead.
ACTION_TEXTS = {
    Geleding.AANBOD: "Mortelleveranciers vragen bij elke bestelling naar het percentage granulaat.",
    Geleding.VRAAG: "Aannemers bestellen bij elke stort iets meer granulaatbeton.",
    Geleding.RECYCLING: "Puinbrekers leveren gecertificeerd granulaat van betonkwaliteit.",
    Geleding.KENNIS: "Het kenniscentrum meet jaarlijks het aandeel granulaat in beton.",
    Geleding.OVERHEID: "De gemeente bestelt minder granulaat voor wegfunderingen.",
    Geleding.TRANSITIE: "Netwerken publiceren de voorbeelden en nodigen nieuwe partijen uit.",
}


class PackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Package

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Actiepakket {n:03d}")
    aim = "Meer betongranulaat terug in nieuw beton in plaats van in wegfunderingen."
    introduction = "Iedere partij zet een kleine stap binnen de eigen bedrijfsvoering."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    package = factory.SubFactory(PackageFactory)
    geleding = Geleding.AANBOD
    text = factory.LazyAttribute(lambda o: ACTION_TEXTS[o.geleding])
    commitment = Action.Commitment.INSPANNING


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    package = factory.SubFactory(PackageFactory, status=Package.Status.LOPEND)
    name = factory.Sequence(lambda n: f"Aandeel granulaat {n:03d}")
    unit = "%"
    method = "Opgave van de betoncentrales, gewogen naar geleverde kubieke meters."
    source = "Betoncentrales in het werkgebied"
    frequency = "Elk kwartaal"
    measured_by = "Kenniscentrum Circulair Bouwen Noord"
    baseline_value = Decimal("4")
    baseline_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=400))
    target_value = Decimal("15")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    measured_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    value = Decimal("6")
    source = "Opgave betoncentrales"


def with_actions(package: Package, geledingen=GELEDINGEN) -> dict[str, Action]:
    """One action for each of ``geledingen`` (default all six), by geleding key."""
    return {
        g: ActionFactory(package=package, geleding=g, position=i) for i, g in enumerate(geledingen)
    }


def complete_package(council, **kwargs) -> Package:
    """A package with an action for every geleding, in the status given (default concept)."""
    package = PackageFactory(council=council, **kwargs)
    with_actions(package)
    return package


def open_package(council, *, starts_on=None, by=None, **kwargs) -> Package:
    """A complete package taken through consultation and adoption and opened for signing.

    Version 1 is the consultation text, version 2 the intentieverklaring.
    """
    by = by or user_with_role(council, Role.KETENSECRETARIS)
    package = complete_package(council, **kwargs)
    services.package_consult(package=package, by=by)
    services.package_adopt(package=package, by=by)
    starts_on = starts_on or timezone.localdate() + timedelta(days=14)
    services.package_open(package=package, starts_on=starts_on, by=by)
    return package


def signer(council, geledingen, *, name=None, may_sign=True, **membership_fields):
    """A user who represents a member organisation of ``council`` in ``geledingen``.

    Returns ``(user, organisation)``; ``may_sign=False`` makes the user a contact
    person without the power to sign; ``status=...`` gives the membership another status.
    """
    user = UserFactory()
    organisation = {
        "organisation__representative": user,
        "organisation__representative__may_sign": may_sign,
    }
    if name:
        organisation["organisation__name"] = name
    membership = MembershipFactory(
        council=council, geledingen=geledingen, **organisation, **membership_fields
    )
    return user, membership.organisation


def sign_for(package, user, organisation, geledingen=None, **kwargs):
    """Sign ``package`` for ``organisation`` on the actions of its own geledingen
    (or only those of ``geledingen``)."""
    actions = [
        a
        for a in services.signable_actions(package, organisation)
        if geledingen is None or a.geleding in geledingen
    ]
    return services.sign(
        package=package, by=user, organisation=organisation, actions=actions, **kwargs
    )

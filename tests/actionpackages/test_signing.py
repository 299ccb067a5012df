"""Signing the intentieverklaring: who may sign for which actions, one signature per
organisation (also under load), withdrawing, the yearly report and participation."""

import hashlib
import threading
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from actionpackages import selectors, services
from actionpackages.models import Commitment, CommitmentReport, Package, Signature
from ketenoverleg.models import Document, Geleding
from members import services as member_services
from members.models import MembershipStatus
from tests.actionpackages.factories import (
    ActionFactory,
    complete_package,
    open_package,
    sign_for,
    signer,
)
from tests.factories import CouncilFactory, UserFactory
from tests.members.factories import MembershipFactory, OrganisationFactory
from tests.worker import require_postgresql

S = Package.Status


@pytest.fixture
def package(council, secretary):
    return open_package(council, by=secretary, title="Meer granulaatbeton")


def actions_of(package, *geledingen):
    return [a for a in package.actions.all() if a.geleding in geledingen]


@pytest.mark.django_db
def test_a_member_signs_for_the_actions_of_its_geledingen(
    council, package, django_capture_on_commit_callbacks
):
    user, organisation = signer(council, [Geleding.AANBOD, Geleding.VRAAG])
    chosen = actions_of(package, Geleding.AANBOD, Geleding.VRAAG)

    with django_capture_on_commit_callbacks() as callbacks:
        signature = services.sign(
            package=package, by=user, organisation=organisation, actions=chosen
        )
        requested_before_commit = Document.objects.filter(kind="intentieverklaring").exists()
    for callback in callbacks:
        callback()

    version = package.versions.get(number=2)
    assert signature.version == version
    assert signature.text_sha256 == version.sha256
    assert signature.text_sha256 == hashlib.sha256(version.text.encode("utf-8")).hexdigest()
    assert signature.signer_name == user.get_full_name()
    assert {c.action for c in signature.commitments.all()} == set(chosen)
    assert not CommitmentReport.objects.exists()  # the first yearly report comes later
    assert requested_before_commit is False
    document = Document.objects.get(kind="intentieverklaring", object_id=package.pk)
    assert document.title == "Intentieverklaring Meer granulaatbeton"
    assert document.is_public is True


def _not_open_yet(council, package):
    user, organisation = signer(council, [Geleding.AANBOD])
    Package.objects.filter(pk=package.pk).update(status=S.VASTGESTELD)
    package.refresh_from_db()
    return user, organisation, actions_of(package, Geleding.AANBOD)


def _closed(council, package):
    user, organisation = signer(council, [Geleding.AANBOD])
    Package.objects.filter(pk=package.pk).update(status=S.AFGESLOTEN)
    package.refresh_from_db()
    return user, organisation, actions_of(package, Geleding.AANBOD)


def _no_power_to_sign(council, package):
    user, organisation = signer(council, [Geleding.AANBOD], may_sign=False)
    return user, organisation, actions_of(package, Geleding.AANBOD)


def _not_a_member(council, package):
    user = UserFactory()
    organisation = OrganisationFactory(representative=user)
    MembershipFactory(organisation=organisation, council=CouncilFactory())
    return user, organisation, actions_of(package, Geleding.AANBOD)


def _not_admitted_yet(council, package):
    user, organisation = signer(council, [Geleding.AANBOD], status=MembershipStatus.AANGEVRAAGD)
    return user, organisation, actions_of(package, Geleding.AANBOD)


def _no_actions(council, package):
    user, organisation = signer(council, [Geleding.AANBOD])
    return user, organisation, []


def _action_of_another_geleding(council, package):
    user, organisation = signer(council, [Geleding.AANBOD])
    return user, organisation, actions_of(package, Geleding.AANBOD, Geleding.OVERHEID)


def _action_of_another_package(council, package):
    user, organisation = signer(council, [Geleding.AANBOD])
    other = complete_package(council)
    return user, organisation, list(other.actions.filter(geleding=Geleding.AANBOD))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (_not_open_yet, "Dit actiepakket staat niet open voor ondertekening."),
        (_closed, "Dit actiepakket is afgesloten; ondertekenen kan niet meer."),
        (_no_power_to_sign, "U bent niet bevoegd om namens deze organisatie te ondertekenen."),
        (_not_a_member, "Deze organisatie is geen lid in een geleding van dit pakket."),
        (_not_admitted_yet, "Deze organisatie is geen lid in een geleding van dit pakket."),
        (_no_actions, "Kies ten minste één actie waarop u intekent."),
        (
            _action_of_another_geleding,
            "Alleen acties van de eigen geleding(en): De gemeente bestelt minder granulaat "
            "voor wegfunderingen. hoort daar niet bij.",
        ),
        (
            _action_of_another_package,
            "Alleen acties van de eigen geleding(en): Mortelleveranciers vragen bij elke "
            "bestelling naar het percentage granulaat. hoort daar niet bij.",
        ),
    ],
    ids=lambda v: v.__name__.strip("_") if callable(v) else "",
)
def test_signing_is_refused(council, package, setup, message):
    user, organisation, actions = setup(council, package)

    with pytest.raises(ValidationError) as error:
        services.sign(package=package, by=user, organisation=organisation, actions=actions)

    assert error.value.messages == [message]
    assert not Signature.objects.exists()
    assert not Commitment.objects.exists()


@pytest.mark.django_db
def test_an_organisation_signs_once(council, package):
    user, organisation = signer(council, [Geleding.AANBOD], name="Betoncentrale Noord")
    colleague = UserFactory()
    organisation.representatives.create(user=colleague, may_sign=True)
    sign_for(package, user, organisation)

    with pytest.raises(ValidationError) as error:
        sign_for(package, colleague, organisation)

    assert error.value.messages == ["Betoncentrale Noord heeft dit actiepakket al ondertekend."]
    assert Signature.objects.filter(package=package).count() == 1
    assert Commitment.objects.count() == 1


@pytest.mark.django_db
def test_signing_twice_through_the_page_says_so_instead_of_failing(client, council, package):
    user, organisation = signer(council, [Geleding.AANBOD], name="Betoncentrale Noord")
    sign_for(package, user, organisation)
    client.force_login(user)

    response = client.post(
        reverse("actionpackages:sign", kwargs={"slug": council.slug, "pk": package.pk}),
        {
            "organisation": organisation.pk,
            "actions": [a.pk for a in actions_of(package, Geleding.AANBOD)],
            "confirm": "on",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert (
        "Betoncentrale Noord heeft dit actiepakket al ondertekend op" in response.content.decode()
    )
    assert response.context["form"] is None
    assert Signature.objects.filter(package=package).count() == 1


@pytest.mark.django_db
def test_a_withdrawn_signature_is_kept_and_the_organisation_may_sign_again(council, package):
    user, organisation = signer(council, [Geleding.AANBOD])
    first = sign_for(package, user, organisation)

    services.signature_withdraw(signature=first, reason="Nieuwe directie beslist.", by=user)

    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert timezone.localtime(first.withdrawn_at).date() == timezone.localdate()
    assert first.withdrawal_reason == "Nieuwe directie beslist."
    second = sign_for(package, user, organisation)
    assert list(Signature.objects.active().filter(package=package)) == [second]
    assert Signature.objects.filter(package=package).count() == 2


@pytest.mark.django_db
def test_withdrawing_needs_a_reason_and_happens_once(council, package):
    user, organisation = signer(council, [Geleding.AANBOD])
    signature = sign_for(package, user, organisation)

    with pytest.raises(ValidationError, match="Geef de reden"):
        services.signature_withdraw(signature=signature, reason=" ", by=user)
    assert Signature.objects.get(pk=signature.pk).withdrawn_at is None

    services.signature_withdraw(signature=signature, reason="Gestopt.", by=user)
    with pytest.raises(ValidationError, match="al ingetrokken"):
        services.signature_withdraw(signature=signature, reason="Nogmaals.", by=user)
    assert Signature.objects.get(pk=signature.pk).withdrawal_reason == "Gestopt."


@pytest.mark.fault
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_signatures_for_one_organisation_leave_one():
    require_postgresql()
    council = CouncilFactory()
    package = open_package(council)
    user, organisation = signer(council, [Geleding.AANBOD])
    actions = actions_of(package, Geleding.AANBOD)
    start = threading.Barrier(20)
    outcomes = []

    def attempt():
        try:
            start.wait()
            services.sign(package=package, by=user, organisation=organisation, actions=actions)
            outcomes.append("signed")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # noqa: BLE001 - the test reports any other failure
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    refusal = f"{organisation} heeft dit actiepakket al ondertekend."
    assert sorted(outcomes) == sorted(["signed"] + [refusal] * 19)
    assert Signature.objects.active().filter(package=package).count() == 1
    assert Commitment.objects.count() == 1


# Participation -------------------------------------------------------------------------


@pytest.mark.django_db
def test_participation_counts_active_signatories_against_admitted_members(council, package):
    both, both_org = signer(council, [Geleding.AANBOD, Geleding.VRAAG])
    supplier, supplier_org = signer(council, [Geleding.AANBOD])
    school, school_org = signer(council, [Geleding.KENNIS])
    signer(council, [Geleding.KENNIS])
    signer(council, [Geleding.AANBOD], status=MembershipStatus.AANGEVRAAGD)
    signer(council, [Geleding.OVERHEID], status=MembershipStatus.OPGEZEGD)
    signer(CouncilFactory(), [Geleding.VRAAG])
    sign_for(package, both, both_org)
    sign_for(package, school, school_org)
    withdrawn = sign_for(package, supplier, supplier_org)
    services.signature_withdraw(signature=withdrawn, reason="Gestopt.", by=supplier)

    rows = {
        r["key"]: (r["signed"], r["members"], r["percent"])
        for r in selectors.participation(package)
    }

    assert rows == {
        "aanbod": (1, 2, 50),
        "vraag": (1, 1, 100),
        "recycling": (0, 0, None),
        "kennis": (1, 2, 50),
        "overheid": (0, 0, None),
        "transitie": (0, 0, None),
    }


@pytest.mark.django_db
def test_participation_counts_an_organisation_once_per_geleding(council, secretary):
    package = complete_package(council)
    ActionFactory(package=package, geleding=Geleding.AANBOD, text="Nog een actie voor aanbod.")
    services.package_consult(package=package, by=secretary)
    services.package_adopt(package=package, by=secretary)
    services.package_open(package=package, starts_on=timezone.localdate(), by=secretary)
    user, organisation = signer(council, [Geleding.AANBOD])
    sign_for(package, user, organisation)

    aanbod = next(r for r in selectors.participation(package) if r["key"] == "aanbod")

    assert Commitment.objects.count() == 2
    assert (aanbod["signed"], aanbod["members"], aanbod["percent"]) == (1, 1, 100)


@pytest.mark.django_db
def test_an_organisation_that_left_no_longer_counts_as_signatory(council, package):
    user, organisation = signer(council, [Geleding.AANBOD])
    sign_for(package, user, organisation)

    member_services.membership_end(membership=organisation.memberships.get(), by=user)

    aanbod = next(r for r in selectors.participation(package) if r["key"] == "aanbod")
    assert aanbod["members"] == 0
    assert aanbod["signed"] <= aanbod["members"]

"""The package lifecycle and the consultation: each step in order, with its event,
and the frozen versions members comment on and sign."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actionpackages import services
from actionpackages.models import Amendment, Package, PackageVersion, Signature
from ketenoverleg.models import Geleding
from tests.actionpackages.factories import (
    ActionFactory,
    PackageFactory,
    complete_package,
    open_package,
    sign_for,
    signer,
    with_actions,
)
from tests.factories import UserFactory
from tests.members.factories import member_of

pytestmark = pytest.mark.django_db

S = Package.Status


def refused(call) -> str:
    with pytest.raises(ValidationError) as error:
        call()
    return " ".join(error.value.messages)


# Every geleding has an action --------------------------------------------------------


def test_consultation_is_refused_while_geledingen_have_no_action(council, secretary):
    package = PackageFactory(council=council)
    with_actions(package, [Geleding.AANBOD, Geleding.VRAAG])

    message = refused(lambda: services.package_consult(package=package, by=secretary))

    assert message.endswith("Nog zonder actie: Recycling, Kennis, Overheid, Transitie.")
    package.refresh_from_db()
    assert package.status == S.CONCEPT
    assert not package.versions.exists()


def test_opening_is_refused_while_a_geleding_has_no_action(council, secretary):
    package = PackageFactory(council=council, status=S.VASTGESTELD)
    with_actions(package, [g for g in Geleding if g != Geleding.OVERHEID])

    message = refused(
        lambda: services.package_open(
            package=package, starts_on=timezone.localdate() + timedelta(days=7), by=secretary
        )
    )

    assert message.endswith("Nog zonder actie: Overheid.")
    package.refresh_from_db()
    assert package.status == S.VASTGESTELD
    assert package.starts_on is None


# The lifecycle -------------------------------------------------------------------------


def _step(action: str, package: Package, by):
    today = timezone.localdate()
    calls = {
        "consult": lambda: services.package_consult(package=package, by=by),
        "adopt": lambda: services.package_adopt(package=package, by=by),
        "open": lambda: services.package_open(package=package, starts_on=today, by=by),
        "start": lambda: services.package_start(package=package, by=by),
        "close": lambda: services.package_close(package=package, note="Geëvalueerd.", by=by),
        "revise": lambda: services.package_revise(package=package, note="Nieuwe actie.", by=by),
    }
    return calls[action]()


OUT_OF_ORDER = [
    pytest.param(action, status, id=f"{action}-from-{status}")
    for action, (allowed_from, _to) in services.TRANSITIONS.items()
    for status in S.values
    if status not in allowed_from
]


@pytest.mark.parametrize(("action", "status"), OUT_OF_ORDER)
def test_a_step_out_of_order_is_refused(council, secretary, action, status):
    package = complete_package(council, status=status, starts_on=timezone.localdate())

    message = refused(lambda: _step(action, package, secretary))

    assert "Dit kan niet bij een actiepakket met de status" in message
    package.refresh_from_db()
    assert package.status == status
    assert not package.events.exists()
    assert not package.versions.exists()


def test_every_step_is_recorded_with_who_took_it(council, secretary):
    chair = UserFactory()
    package = services.package_create(council=council, by=secretary, title="Granulaat", aim="Meer")
    with_actions(package)

    for action, by in [
        ("consult", secretary),
        ("adopt", chair),
        ("open", secretary),
        ("revise", chair),
        ("open", secretary),
        ("start", chair),
        ("close", secretary),
    ]:
        _step(action, package, by)

    events = list(package.events.values_list("from_status", "to_status", "by"))
    assert events == [
        ("", S.CONCEPT, secretary.pk),
        (S.CONCEPT, S.CONSULTATIE, secretary.pk),
        (S.CONSULTATIE, S.VASTGESTELD, chair.pk),
        (S.VASTGESTELD, S.OPEN, secretary.pk),
        (S.OPEN, S.VASTGESTELD, chair.pk),
        (S.VASTGESTELD, S.OPEN, secretary.pk),
        (S.OPEN, S.LOPEND, chair.pk),
        (S.LOPEND, S.AFGESLOTEN, secretary.pk),
    ]
    assert Package.objects.get(pk=package.pk).status == S.AFGESLOTEN
    assert package.events.get(to_status=S.VASTGESTELD, from_status=S.OPEN).note == "Nieuwe actie."


def test_consultation_freezes_version_1_with_the_hash_of_its_text(council, secretary):
    package = complete_package(council, title="Meer granulaatbeton")

    services.package_consult(package=package, by=secretary)

    version = package.versions.get()
    assert version.number == 1
    assert version.created_by == secretary
    assert version.text.startswith("Meer granulaatbeton\n")
    for geleding in Geleding:
        assert f"{geleding.label}:" in version.text
    assert "- De gemeente bestelt minder granulaat voor wegfunderingen." in version.text
    assert version.sha256 == hashlib.sha256(version.text.encode("utf-8")).hexdigest()


def test_adoption_waits_for_a_decision_on_every_amendment(council, secretary):
    package = complete_package(council)
    services.package_consult(package=package, by=secretary)
    amendment = services.amendment_propose(
        package=package, by=member_of(council), proposal="Noem ook de CO2-besparing."
    )

    message = refused(lambda: services.package_adopt(package=package, by=secretary))

    assert "Beslis eerst over alle wijzigingsvoorstellen" in message
    assert Package.objects.get(pk=package.pk).status == S.CONSULTATIE

    services.amendment_decide(
        amendment=amendment, accept=True, argument="Staat in de inleiding.", by=secretary
    )
    services.package_adopt(package=package, by=secretary)
    assert Package.objects.get(pk=package.pk).status == S.VASTGESTELD


def test_opening_freezes_a_new_version_and_withdraws_signatures_under_the_old_one(
    council, secretary
):
    package = open_package(council, by=secretary)
    user, organisation = signer(council, [Geleding.AANBOD])
    old = sign_for(package, user, organisation)
    services.package_revise(package=package, note="Nieuwe inzichten.", by=secretary)
    action = package.actions.get(geleding=Geleding.AANBOD)
    action.text = "Mortelleveranciers vragen het percentage ook bij telefonische bestellingen."
    action.save()

    services.package_open(
        package=package, starts_on=timezone.localdate() + timedelta(days=30), by=secretary
    )

    assert list(package.versions.values_list("number", flat=True)) == [1, 2, 3]
    v3 = package.current_version
    assert "telefonische bestellingen" in v3.text
    old.refresh_from_db()
    assert old.withdrawn_at is not None
    assert old.withdrawal_reason == "Nieuwe versie 3 van de tekst: opnieuw ondertekenen."
    assert old.version.number == 2
    assert not Signature.objects.active().filter(package=package).exists()

    again = sign_for(package, user, organisation)

    assert again.version == v3
    assert again.text_sha256 == v3.sha256
    assert Signature.objects.filter(package=package, organisation=organisation).count() == 2


def test_the_package_cannot_start_before_its_start_date(council, secretary):
    in_a_week = timezone.localdate() + timedelta(days=7)
    package = open_package(council, starts_on=in_a_week, by=secretary)

    message = refused(lambda: services.package_start(package=package, by=secretary))

    assert message == f"Het pakket loopt vanaf de ingangsdatum ({in_a_week:%d-%m-%Y})."
    assert Package.objects.get(pk=package.pk).status == S.OPEN


def test_a_package_starts_on_its_start_date(council, secretary):
    package = open_package(council, starts_on=timezone.localdate(), by=secretary)

    services.package_start(package=package, by=secretary)

    assert Package.objects.get(pk=package.pk).status == S.LOPEND


@pytest.mark.parametrize(
    ("step", "status"),
    [("close", S.LOPEND), ("revise", S.OPEN)],
)
def test_closing_and_revising_need_a_note(council, secretary, step, status):
    package = complete_package(council, status=status)
    call = services.package_close if step == "close" else services.package_revise

    message = refused(lambda: call(package=package, note="   ", by=secretary))

    assert message
    assert Package.objects.get(pk=package.pk).status == status
    assert not package.events.exists()


# Consultation --------------------------------------------------------------------------


@pytest.fixture
def in_consultation(council, secretary):
    package = complete_package(council)
    services.package_consult(package=package, by=secretary)
    return package


def test_a_member_proposes_an_amendment_for_its_organisation(council, in_consultation):
    user, organisation = signer(council, [Geleding.VRAAG])
    action = in_consultation.actions.get(geleding=Geleding.VRAAG)

    amendment = services.amendment_propose(
        package=in_consultation, by=user, proposal="Ook bij kleine storten.", action=action
    )

    assert amendment.decision == Amendment.Decision.OPEN
    assert amendment.organisation == organisation
    assert amendment.action == action


@pytest.mark.parametrize("status", [s for s in S.values if s != S.CONSULTATIE])
def test_amendments_are_only_proposed_during_consultation(council, status):
    package = complete_package(council, status=status)

    message = refused(
        lambda: services.amendment_propose(
            package=package, by=member_of(council), proposal="Noem de CO2-besparing."
        )
    )

    assert message == "Wijzigingsvoorstellen kunnen alleen tijdens de consultatie."
    assert not Amendment.objects.exists()


def test_an_empty_amendment_is_refused(council, in_consultation):
    message = refused(
        lambda: services.amendment_propose(
            package=in_consultation, by=member_of(council), proposal=" \n "
        )
    )

    assert message == "Beschrijf uw voorstel."
    assert not Amendment.objects.exists()


def test_an_amendment_on_an_action_of_another_package_is_refused(council, in_consultation):
    elsewhere = ActionFactory(package=PackageFactory(council=council))

    message = refused(
        lambda: services.amendment_propose(
            package=in_consultation, by=member_of(council), proposal="Anders.", action=elsewhere
        )
    )

    assert message == "Deze actie hoort niet bij dit pakket."
    assert not Amendment.objects.exists()


@pytest.fixture
def amendment(council, in_consultation):
    return services.amendment_propose(
        package=in_consultation, by=member_of(council), proposal="Noem de CO2-besparing."
    )


def test_a_decision_needs_an_argument(amendment, secretary):
    message = refused(
        lambda: services.amendment_decide(
            amendment=amendment, accept=False, argument="  ", by=secretary
        )
    )

    assert message.startswith("Motiveer het besluit")
    amendment.refresh_from_db()
    assert amendment.decision == Amendment.Decision.OPEN


@pytest.mark.parametrize(
    ("accept", "decision"),
    [(True, Amendment.Decision.ACCEPTED), (False, Amendment.Decision.REJECTED)],
)
def test_an_amendment_is_decided_once(amendment, secretary, accept, decision):
    services.amendment_decide(amendment=amendment, accept=accept, argument="Zo.", by=secretary)

    message = refused(
        lambda: services.amendment_decide(
            amendment=amendment, accept=not accept, argument="Toch anders.", by=secretary
        )
    )

    assert message == "Over dit voorstel is al beslist."
    amendment.refresh_from_db()
    assert (amendment.decision, amendment.argument) == (decision, "Zo.")
    assert amendment.decided_by == secretary
    assert amendment.decided_at is not None


def test_the_version_diff_shows_added_and_removed_lines(council, secretary):
    package = open_package(council, by=secretary)
    services.package_revise(package=package, note="Tekst aanscherpen.", by=secretary)
    action = package.actions.get(geleding=Geleding.KENNIS)
    old_text = action.text
    action.text = "Studenten krijgen opdrachten over granulaatbeton."
    action.save()
    services.package_open(package=package, starts_on=package.starts_on, by=secretary)
    v2, v3 = PackageVersion.objects.filter(package=package, number__in=[2, 3])

    diff = services.version_diff(v2, v3)

    added = [line for kind, line in diff if kind == "add"]
    removed = [line for kind, line in diff if kind == "del"]
    assert added == [
        "- Studenten krijgen opdrachten over granulaatbeton. (Inspanningsverplichting)"
    ]
    assert removed == [f"- {old_text} (Inspanningsverplichting)"]
    assert ("same", package.title) in diff
    assert all(kind == "add" for kind, _line in services.version_diff(None, v2))

"""Packages that travel: a council offers a package as an example; another copies it as
an independent draft that names where it came from; the source sees its reuse with
participation and effect; a provincial council proposes a package to its local
councils; and a package's invitations can draw on relatiebeheer."""

from datetime import timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionpackages import services
from actionpackages.models import (
    Action,
    Invitation,
    Measurement,
    Package,
    PackageProposal,
    ProposedIndicator,
)
from ketenoverleg.models import Geleding, Role
from projects.models import Issue
from tests.actionpackages.factories import (
    IndicatorFactory,
    MeasurementFactory,
    PackageFactory,
    complete_package,
    open_package,
    sign_for,
    signer,
)
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.startup.factories import ContactPersonFactory, StartupCouncilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beton(council):
    """Betonketenoverleg Groningen's running package, linked, measured, an example."""
    package = open_package(council, title="Meer granulaatbeton")
    actions = list(package.actions.order_by("position"))
    actions[0].reinforces.add(actions[1])
    actions[2].reinforces.add(actions[4])
    IndicatorFactory(package=package, name="Aandeel granulaat", unit="%")
    package.status = Package.Status.LOPEND
    package.save()
    services.package_example_publish(package=package, by=UserFactory())
    return package


@pytest.fixture
def hoogeveen():
    return CouncilFactory(name="Verfketenoverleg Hoogeveen", slug="verf-hoogeveen")


def test_copying_makes_an_independent_draft_that_names_its_source(client, beton, hoogeveen):
    editor = user_with_role(hoogeveen, Role.SECRETARIS)
    client.force_login(editor)

    response = client.post(
        reverse("actionpackages:examples", args=[hoogeveen.slug]), {"package": beton.pk}
    )

    copy = Package.objects.get(council=hoogeveen)
    assert response.url == copy.get_absolute_url()
    assert (copy.status, copy.based_on, copy.title, copy.aim, copy.introduction) == (
        Package.Status.CONCEPT,
        beton,
        beton.title,
        beton.aim,
        beton.introduction,
    )
    source_actions = [(a.geleding, a.text) for a in beton.actions.order_by("position")]
    assert [(a.geleding, a.text) for a in copy.actions.order_by("position")] == source_actions

    def links(package):
        return sorted(
            (a.text[:20], b.text[:20])
            for a in package.actions.all()
            for b in a.reinforces.all()
            if a.pk < b.pk
        )

    assert links(copy) == links(beton)
    [protocol] = ProposedIndicator.objects.filter(package=copy)
    assert (protocol.name, protocol.unit, protocol.based_on) == (
        "Aandeel granulaat",
        "%",
        beton.indicators.get(),
    )
    assert not copy.indicators.exists()  # the local baseline is still to be measured
    assert not copy.versions.exists() and not copy.signatures.exists()
    page = client.get(copy.get_absolute_url()).content.decode()
    assert "Gebaseerd op" in page and beton.get_absolute_url() in page
    assert "Betonketenoverleg Groningen" in page

    # Independent: changing the copy leaves the source alone, and the other way round.
    copy.actions.update(text="Verfwinkels nemen restverf terug.")
    copy.title = "Minder verfresten"
    copy.save()
    beton.refresh_from_db()
    assert beton.title == "Meer granulaatbeton"
    assert [(a.geleding, a.text) for a in beton.actions.order_by("position")] == source_actions
    beton.delete()
    copy.refresh_from_db()
    assert copy.based_on is None and copy.actions.count() == 6


def test_a_protocol_becomes_an_indicator_when_the_local_baseline_is_entered(
    client, beton, hoogeveen
):
    copy = services.package_copy(source=beton, council=hoogeveen, by=UserFactory())
    protocol = copy.proposed_indicators.get()
    client.force_login(user_with_role(hoogeveen, Role.SECRETARIS))
    url = reverse("actionpackages:indicator_create", args=[hoogeveen.slug, copy.pk])

    form = client.get(url, {"voorstel": protocol.pk}).context["form"]
    assert form.initial["method"] == protocol.method
    data = {
        **{k: v for k, v in protocol.protocol().items()},
        "baseline_value": "2",
        "baseline_on": (timezone.localdate() - timedelta(days=10)).isoformat(),
    }
    response = client.post(f"{url}?voorstel={protocol.pk}", data)

    protocol.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert protocol.indicator.baseline_value == Decimal("2")
    again = client.post(f"{url}?voorstel={protocol.pk}", data)
    assert again.status_code == HTTPStatus.NOT_FOUND
    assert copy.indicators.count() == 1


def test_the_source_sees_where_its_package_was_reused_with_participation_and_effect(
    client, council, beton, hoogeveen
):
    copy = services.package_copy(source=beton, council=hoogeveen, by=UserFactory())
    protocol = copy.proposed_indicators.get()
    local = services.indicator_add(
        package=copy,
        by=UserFactory(),
        proposal=protocol,
        baseline_value=Decimal("10"),
        baseline_on=timezone.localdate() - timedelta(days=200),
        **protocol.protocol(),
    )
    MeasurementFactory(indicator=local, value=Decimal("13.5"))
    copy.status = Package.Status.OPEN
    copy.save()
    copy.versions.create(number=1, text="x", sha256="0" * 64, reason="Intentieverklaring")
    user, organisation = signer(hoogeveen, [Geleding.VRAAG])
    sign_for(copy, user, organisation)
    client.force_login(user_with_role(council, Role.SECRETARIS))

    page = client.get(reverse("actionpackages:reuse", args=[council.slug, beton.pk]))

    [row] = page.context["rows"]
    assert row["council"] == hoogeveen and row["signatures"] == 1
    assert {g["label"]: g["count"] for g in row["geledingen"]}["Vraag"] == 1
    [effect] = row["effects"]
    assert (effect["baseline"], effect["latest"], effect["change"]) == (
        Decimal("10"),
        Decimal("13.5"),
        Decimal("3.5"),
    )
    content = page.content.decode()
    assert "Verfketenoverleg Hoogeveen" in content and "3,5" in content


def test_a_copy_in_a_hidden_council_is_not_named_to_the_source(client, council, beton):
    hidden = StartupCouncilFactory(name="Geheim Ketenoverleg")
    services.package_copy(source=beton, council=hidden, by=UserFactory())
    client.force_login(user_with_role(council, Role.SECRETARIS))

    page = client.get(reverse("actionpackages:reuse", args=[council.slug, beton.pk]))

    assert "Geheim Ketenoverleg" not in page.content.decode()
    assert "Een ketenoverleg in oprichting" in page.content.decode()


@pytest.mark.parametrize(
    "setup",
    ["not-an-example", "withdrawn", "own-council", "source-hidden"],
)
def test_only_an_offered_example_of_another_published_council_can_be_copied(
    council, beton, hoogeveen, setup
):
    target = hoogeveen
    if setup == "not-an-example":
        beton = open_package(council)
    elif setup == "withdrawn":
        services.package_example_withdraw(package=beton, by=UserFactory())
    elif setup == "own-council":
        target = council
    elif setup == "source-hidden":
        council.published_at = None
        council.save()

    with pytest.raises(ValidationError):
        services.package_copy(source=beton, council=target, by=UserFactory())
    assert not Package.objects.filter(based_on=beton).exists()


def test_only_a_public_package_can_be_an_example(council):
    with pytest.raises(ValidationError, match="openbaar"):
        services.package_example_publish(package=complete_package(council), by=UserFactory())


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.LID, HTTPStatus.FORBIDDEN),
        (Role.GENODIGDE, HTTPStatus.FORBIDDEN),
        (Role.SECRETARIS, HTTPStatus.FOUND),
        (Role.KWARTIERMAKER, HTTPStatus.FOUND),
    ],
)
def test_copying_is_for_the_kernteam_and_secretariat(client, beton, hoogeveen, role, expected):
    client.force_login(user_with_role(hoogeveen, role))

    response = client.post(
        reverse("actionpackages:examples", args=[hoogeveen.slug]), {"package": beton.pk}
    )

    assert response.status_code == expected
    assert Package.objects.filter(council=hoogeveen).exists() is (expected == HTTPStatus.FOUND)


# --- the provincial council ----------------------------------------------------------------


@pytest.fixture
def province():
    parent = CouncilFactory(name="Provinciaal Betonketenoverleg", slug="beton-provincie")
    local_a = CouncilFactory(name="Betonketenoverleg Assen", parent=parent)
    local_b = StartupCouncilFactory(name="Betonketenoverleg Emmen", parent=parent)
    return parent, local_a, local_b


def test_a_provincial_council_proposes_a_package_to_all_its_local_councils_once(
    client, province, django_capture_on_commit_callbacks
):
    parent, local_a, local_b = province
    package = open_package(parent, title="Circulaire funderingen")
    client.force_login(user_with_role(parent, Role.SECRETARIS))
    url = reverse("actionpackages:local_councils", args=[parent.slug])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"package": package.pk, "message": "Werkt goed in de provincie."})
        client.post(url, {"package": package.pk, "message": "Nog een keer."})

    assert set(PackageProposal.objects.values_list("council__name", flat=True)) == {
        local_a.name,
        local_b.name,
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [local_a.contact_email, local_b.contact_email]
    )

    client.force_login(user_with_role(local_a, Role.VOORZITTER))
    proposals_url = reverse("actionpackages:proposals", args=[local_a.slug])
    proposal = PackageProposal.objects.get(council=local_a)
    assert "Werkt goed in de provincie." in client.get(proposals_url).content.decode()
    response = client.post(proposals_url, {"proposal": proposal.pk, "action": "adopt"})
    copy = Package.objects.get(council=local_a)
    assert response.url == copy.get_absolute_url()
    assert copy.based_on == package and copy.status == Package.Status.CONCEPT
    client.post(proposals_url, {"proposal": proposal.pk, "action": "adopt"})
    assert Package.objects.filter(council=local_a).count() == 1


def test_the_provincial_council_sees_its_local_councils_lists_together(client, province):
    parent, local_a, local_b = province
    Issue.objects.create(council=local_a, title="Granulaat belandt in wegen", description="x")
    Issue.objects.create(council=local_b, title="Bekisting wordt weggegooid", description="x")
    PackageFactory(council=local_b, title="Herbruikbare bekisting")
    client.force_login(user_with_role(parent, Role.SECRETARIS))

    page = client.get(reverse("actionpackages:local_councils", args=[parent.slug]))

    content = page.content.decode()
    for text in (
        "Granulaat belandt in wegen",
        "Bekisting wordt weggegooid",
        "Herbruikbare bekisting",
    ):
        assert text in content
    client.force_login(user_with_role(local_a, Role.SECRETARIS))
    assert (
        client.get(reverse("actionpackages:local_councils", args=[parent.slug])).status_code
        == HTTPStatus.FORBIDDEN
    )


def test_a_council_without_local_councils_has_none_to_propose_to(province):
    _parent, local_a, _local_b = province
    with pytest.raises(ValidationError, match="geen lokale"):
        services.package_propose(package=open_package(local_a), message="", by=UserFactory())


def test_a_concept_cannot_be_proposed(province):
    parent, *_locals = province
    with pytest.raises(ValidationError, match="vastgesteld"):
        services.package_propose(package=complete_package(parent), message="", by=UserFactory())


# --- invitations from relatiebeheer -----------------------------------------------------


def test_a_packages_invitations_draw_on_relatiebeheer(client, council, secretary):
    package = open_package(council, starts_on=timezone.localdate() + timedelta(days=20))
    willing = ContactPersonFactory(party__council=council, name="Petra", email="petra@hout.nl")
    ContactPersonFactory(party__council=council, consent_at=None, consent_text="")
    ContactPersonFactory(party__council=CouncilFactory(), email="elders@hout.nl")
    client.force_login(secretary)
    url = reverse("actionpackages:invitations", args=[council.slug, package.pk])

    form = client.get(url).context["candidates_form"]
    assert [key for key, _label in form.fields["keys"].choices] == [f"relatiebeheer:{willing.pk}"]
    client.post(url, {"action": "candidates", "keys": [f"relatiebeheer:{willing.pk}"]})

    invitation = Invitation.objects.get(package=package)
    assert (invitation.email, invitation.geleding) == ("petra@hout.nl", willing.party.geleding)
    assert not client.get(url).context["has_candidates"]  # already on the list


def test_choosing_no_candidate_is_refused(client, council, secretary):
    package = open_package(council)
    ContactPersonFactory(party__council=council)
    client.force_login(secretary)

    response = client.post(
        reverse("actionpackages:invitations", args=[council.slug, package.pk]),
        {"action": "candidates", "keys": ["relatiebeheer:0"]},
    )

    assert "keys" in response.context["candidates_form"].errors
    assert not Invitation.objects.exists()


# --- query counts ------------------------------------------------------------------------


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(queries)


def test_the_example_list_query_count_does_not_grow(client, hoogeveen):
    client.force_login(user_with_role(hoogeveen, Role.SECRETARIS))
    url = reverse("actionpackages:examples", args=[hoogeveen.slug])

    def example():
        package = PackageFactory(status=Package.Status.LOPEND)
        Action.objects.create(package=package, geleding="aanbod", text="Actie")
        services.package_example_publish(package=package, by=UserFactory())

    example()
    few = count(client, url)
    for _ in range(5):
        example()
    assert count(client, url) == few


def test_the_reuse_and_proposal_pages_query_counts_do_not_grow(client, council, beton, province):
    client.force_login(user_with_role(council, Role.SECRETARIS))
    reuse = reverse("actionpackages:reuse", args=[council.slug, beton.pk])

    def copy():
        target = CouncilFactory()
        package = services.package_copy(source=beton, council=target, by=UserFactory())
        protocol = package.proposed_indicators.get()
        indicator = services.indicator_add(
            package=package,
            by=UserFactory(),
            proposal=protocol,
            baseline_value=Decimal("1"),
            baseline_on=timezone.localdate() - timedelta(days=50),
            **protocol.protocol(),
        )
        Measurement.objects.create(
            indicator=indicator, measured_on=timezone.localdate(), value=Decimal("2")
        )

    copy()
    few = count(client, reuse)
    for _ in range(4):
        copy()
    assert count(client, reuse) == few

    parent, local_a, _local_b = province
    client.force_login(user_with_role(parent, Role.SECRETARIS))
    local = reverse("actionpackages:local_councils", args=[parent.slug])
    client.force_login(user_with_role(local_a, Role.SECRETARIS))
    proposals = reverse("actionpackages:proposals", args=[local_a.slug])
    parent_editor = user_with_role(parent, Role.SECRETARIS)

    def proposed():
        package = open_package(parent)
        services.package_propose(package=package, message="", by=parent_editor)

    proposed()
    few_proposals = count(client, proposals)
    client.force_login(parent_editor)
    few_local = count(client, local)
    for _ in range(3):
        proposed()
        CouncilFactory(parent=parent)
    assert count(client, local) == few_local
    client.force_login(user_with_role(local_a, Role.SECRETARIS))
    assert count(client, proposals) == few_proposals

"""The stored counters of the programme overview and the council page equal a full
recount after every service that changes them (issue 14 point 4)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionpackages import services as package_services
from ketenoverleg.models import Geleding, Role
from members import services as member_services
from members.models import MembershipStatus
from public import figures
from public.models import CouncilFigures
from tests.actionpackages.factories import complete_package, sign_for, signer
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import MembershipFactory
from tests.members.test_membership_services import ALL_CHECKS, apply


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch):
    from ketenoverleg import documents

    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")


def assert_exact(*councils) -> None:
    """Every stored row equals a full recount of its council."""
    stored = figures.stored([c.pk for c in councils])
    assert stored == figures.count(list(stored))


def test_the_counters_equal_a_recount_after_every_service(
    council, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # committed, as in real life
        other = CouncilFactory(slug="hout-drenthe")
        secretary = user_with_role(council, Role.KETENSECRETARIS)
        reviewer = user_with_role(council, Role.SECRETARIS)
    state = {}

    def add_member():
        state["member"] = MembershipFactory(council=council, geledingen=["aanbod", "vraag"])

    def member_elsewhere():
        MembershipFactory(council=other, geledingen=["kennis"])

    def application():
        state["applicant"] = apply(council, UserFactory(), geledingen=[Geleding.RECYCLING])

    def admission():
        member_services.membership_admit(
            membership=state["applicant"], checks=ALL_CHECKS, reason="Welkom", by=reviewer
        )

    def consent_withdrawn():
        member_services.listing_consent_withdraw(membership=state["applicant"], by=None)

    def consent_given():
        member_services.listing_consent_give(membership=state["applicant"], by=None)

    def membership_ended():
        member_services.membership_end(membership=state["member"], by=reviewer)

    def package_created():
        state["package"] = complete_package(council)

    def consulted():
        package_services.package_consult(package=state["package"], by=secretary)

    def adopted():
        package_services.package_adopt(package=state["package"], by=secretary)

    def opened():
        package_services.package_open(
            package=state["package"],
            starts_on=timezone.localdate() + timedelta(days=14),
            by=secretary,
        )

    def signed():
        user, organisation = signer(council, ["aanbod"])
        state["signature"] = sign_for(state["package"], user, organisation)
        user, organisation = signer(council, ["vraag"])
        sign_for(state["package"], user, organisation)

    def withdrawn():
        signature = state["signature"]
        package_services.signature_withdraw(signature=signature, reason="Vergissing", by=None)

    def revised():
        package_services.package_revise(package=state["package"], by=secretary, note="Nieuw")

    steps = [
        add_member,
        member_elsewhere,
        application,
        admission,
        consent_withdrawn,
        consent_given,
        membership_ended,
        package_created,
        consulted,
        adopted,
        opened,
        signed,
        withdrawn,
        revised,
    ]
    for step in steps:
        with django_capture_on_commit_callbacks(execute=True):
            step()
        assert_exact(council, other), step.__name__

    # Both councils' rows were written by the steps (not counted live).
    assert set(figures.stored([council.pk, other.pk])) == {council.pk, other.pk}
    row = CouncilFigures.objects.get(council=council)
    assert sum(row.packages.values()) == 1  # the package steps reached the counters
    assert row.members_admitted == 4  # two members, the admitted applicant, the secretaris


def test_a_rolled_back_change_leaves_the_counters_exact(
    council, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(council=council, geledingen=["aanbod"])
    try:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            MembershipFactory(council=council, geledingen=["vraag"])
            raise RuntimeError("afgebroken")
    except RuntimeError:
        pass

    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(council=council, geledingen=["vraag"])
    assert_exact(council)
    assert CouncilFigures.objects.get(council=council).members_admitted == 2


def test_a_council_without_stored_counters_is_counted_live(council):
    MembershipFactory(council=council, geledingen=["aanbod"], status=MembershipStatus.TOEGELATEN)

    assert not CouncilFigures.objects.exists()  # no commit in this test: nothing stored
    assert figures.figures_for([council.pk]) == figures.count([council.pk])
    assert figures.figures_for([council.pk])[council.pk]["members_admitted"] == 1


def test_recount_command_fills_every_council(council):
    from io import StringIO

    from django.core.management import call_command

    CouncilFactory(slug="hout-drenthe")
    MembershipFactory(council=council, geledingen=["aanbod"])

    call_command("figures_recount", stdout=StringIO())

    assert CouncilFigures.objects.count() == 2
    assert_exact(council)


def test_the_programme_overview_and_council_page_read_the_counters(
    client, council, django_capture_on_commit_callbacks
):
    council.published_at = timezone.now()
    council.save()
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(council=council, geledingen=["aanbod"])
    assert CouncilFigures.objects.get(council=council).members_listed == 1
    # A figure no recount would give: the pages show what is stored, not a recount.
    CouncilFigures.objects.filter(council=council).update(
        members_listed=777, geledingen_listed={"aanbod": 778}
    )

    programme = client.get(reverse("programme")).content.decode()
    council_page = client.get(reverse("council_detail", kwargs={"slug": council.slug}))

    assert "777" in programme
    assert "778" in council_page.content.decode()

"""The Hello World workshop's services: joining without an account, posting within the
limits, links, the closing poll, the conversion into a draft package with prospects,
and the daily clean-up."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actionpackages.models import Package
from ketenoverleg.models import Geleding, Ketenoverleg, Phase, Role
from startup.models import ContactPerson, Party, PartyStatus
from startup.services import contact_erase
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.startup.factories import ContactPersonFactory, PartyFactory
from tests.workshops.factories import ContributionFactory, ParticipantFactory, WorkshopFactory
from workshops import services
from workshops.models import Contribution, Link, Participant, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def kwartiermaker(council):
    return user_with_role(council, Role.KWARTIERMAKER)


@pytest.fixture
def workshop(council, kwartiermaker):
    return services.workshop_create(
        by=kwartiermaker,
        council=council,
        title="Hello World meubels",
        chain="Meubels",
        place="Groningen",
        problem="Meubels worden verbrand.",
        direction="Onderdelen hergebruiken.",
    )


def test_a_workshop_gets_a_code_that_can_be_read_from_a_beamer(workshop):
    assert len(workshop.code) == 6
    assert not set(workshop.code) & set("O0I1")
    assert Workshop.objects.get(code=workshop.code) == workshop


def test_only_a_kwartiermaker_of_the_council_makes_its_workshop(council):
    with pytest.raises(ValidationError):
        services.workshop_create(
            by=user_with_role(council, Role.SECRETARIS),
            council=council,
            title="T",
            chain="Meubels",
            place="Groningen",
            problem="P",
            direction="R",
        )
    practice = services.workshop_create(
        by=UserFactory(),
        council=None,
        title="Les",
        chain="Fietsen",
        place="Zwolle",
        problem="P",
        direction="R",
    )
    assert practice.is_practice


def test_without_a_choice_the_roles_are_dealt_so_all_six_are_played(workshop):
    chosen = services.participant_join(workshop=workshop, name="Anna", geleding=Geleding.AANBOD)
    dealt = [services.participant_join(workshop=workshop, name=f"P{i}").geleding for i in range(6)]

    assert chosen.geleding == Geleding.AANBOD
    assert dealt == [
        Geleding.VRAAG,
        Geleding.RECYCLING,
        Geleding.KENNIS,
        Geleding.OVERHEID,
        Geleding.TRANSITIE,
        Geleding.AANBOD,
    ]


def test_joining_is_only_while_the_workshop_is_open_and_not_full(
    workshop, kwartiermaker, monkeypatch
):
    monkeypatch.setattr(services, "MAX_PARTICIPANTS", 2)
    services.participant_join(workshop=workshop, name="A")
    services.participant_join(workshop=workshop, name="B")
    with pytest.raises(ValidationError, match="vol"):
        services.participant_join(workshop=workshop, name="C")
    services.workshop_start_poll(workshop=workshop, by=kwartiermaker)
    with pytest.raises(ValidationError, match="geen deelnemers meer"):
        services.participant_join(workshop=workshop, name="D")
    assert workshop.participants.count() == 2


def test_a_contribution_is_posted_in_the_participants_geleding(workshop):
    participant = services.participant_join(workshop=workshop, name="Ellen", geleding="recycling")

    contribution = services.contribution_add(
        participant=participant, text="  Een hoek voor onderdelen. "
    )

    assert (contribution.geleding, contribution.text) == ("recycling", "Een hoek voor onderdelen.")


def test_posting_has_limits_per_minute_and_in_total(workshop, monkeypatch):
    participant = services.participant_join(workshop=workshop, name="Snel")
    for i in range(services.MAX_CONTRIBUTIONS_PER_MINUTE):
        services.contribution_add(participant=participant, text=f"Idee {i}")
    with pytest.raises(ValidationError, match="Even rustig aan"):
        services.contribution_add(participant=participant, text="Nog een")

    Contribution.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    monkeypatch.setattr(services, "MAX_CONTRIBUTIONS_PER_PARTICIPANT", 7)
    services.contribution_add(participant=participant, text="Idee 7")
    with pytest.raises(ValidationError, match="maximum"):
        services.contribution_add(participant=participant, text="Idee 8")
    with pytest.raises(ValidationError, match="Schrijf op"):
        services.contribution_add(participant=ParticipantFactory(workshop=workshop), text="   ")


def test_posting_stops_when_the_poll_starts(workshop, kwartiermaker):
    participant = services.participant_join(workshop=workshop, name="Laat")
    services.workshop_start_poll(workshop=workshop, by=kwartiermaker)

    with pytest.raises(ValidationError, match="zolang de workshop open is"):
        services.contribution_add(participant=participant, text="Te laat")


def test_links_join_two_different_contributions_of_the_workshop_once(workshop, kwartiermaker):
    a = ContributionFactory(participant__workshop=workshop)
    b = ContributionFactory(participant__workshop=workshop)
    elsewhere = ContributionFactory()

    link = services.link_add(workshop=workshop, first=b, second=a, by=kwartiermaker)
    assert (link.a, link.b) == (a, b)
    for first, second in ((a, b), (a, a), (a, elsewhere)):
        with pytest.raises(ValidationError):
            services.link_add(workshop=workshop, first=first, second=second, by=kwartiermaker)
    assert Link.objects.count() == 1


def test_the_poll_keeps_consent_only_for_who_wants_to_be_involved(workshop, kwartiermaker):
    participant = services.participant_join(workshop=workshop, name="Noor")
    with pytest.raises(ValidationError, match="niet \\(meer\\) open"):
        services.poll_answer(
            participant=participant,
            workable="ja",
            should_start="ja",
            wants_involved=True,
            prospect_consent=True,
        )
    services.workshop_start_poll(workshop=workshop, by=kwartiermaker)

    answered = services.poll_answer(
        participant=participant,
        workable="ja",
        should_start="weet_niet",
        wants_involved=False,
        prospect_consent=True,
        email="noor@milieu.nl",
    )

    assert answered.has_answered and not answered.prospect_consent
    assert answered.email == "noor@milieu.nl"


# --- conversion ---------------------------------------------------------------------------


def held(workshop, kwartiermaker):
    """Three participants post in three geledingen; two contributions are linked; two
    want to be involved, one of them without consent to keep their details."""
    people = [
        (
            "Jan",
            "Meubelmakerij Van der Veen",
            "aanbod",
            "Kasten die uit elkaar kunnen.",
            True,
            True,
        ),
        ("Ahmed", "Gemeente Inkoop", "vraag", "Terugnamegarantie in de aanbesteding.", True, False),
        ("Ellen", "", "recycling", "Een hoek voor onderdelen.", False, False),
    ]
    contributions = []
    for name, organisation, geleding, text, _involved, _consent in people:
        p = services.participant_join(
            workshop=workshop,
            name=name,
            organisation=organisation,
            email=f"{name.lower()}@x.nl",
            geleding=geleding,
        )
        contributions.append(services.contribution_add(participant=p, text=text))
    services.link_add(
        workshop=workshop, first=contributions[0], second=contributions[2], by=kwartiermaker
    )
    services.workshop_start_poll(workshop=workshop, by=kwartiermaker)
    for participant, (*_rest, involved, consent) in zip(
        workshop.participants.order_by("pk"), people, strict=True
    ):
        services.poll_answer(
            participant=participant,
            workable="ja",
            should_start="ja",
            wants_involved=involved,
            prospect_consent=consent,
        )
    return contributions


def test_converting_makes_a_draft_package_whose_actions_and_links_match(
    council, workshop, kwartiermaker
):
    PartyFactory(council=council, name="Meubelmakerij Van der Veen", status=PartyStatus.KOPLOPER)
    contributions = held(workshop, kwartiermaker)

    package = services.workshop_convert(
        workshop=workshop, by=kwartiermaker, title="Onderdelen een tweede leven", council=council
    )

    assert (package.council, package.status, package.aim) == (
        council,
        Package.Status.CONCEPT,
        "Onderdelen hergebruiken.",
    )
    actions = list(package.actions.order_by("position"))
    assert [(a.geleding, a.text) for a in actions] == [(c.geleding, c.text) for c in contributions]
    assert list(actions[0].reinforces.all()) == [actions[2]]
    assert list(actions[1].reinforces.all()) == []
    workshop.refresh_from_db()
    assert (workshop.package, workshop.status) == (package, Workshop.Status.CLOSED)
    # Only Jan wanted to be involved and consented: he is a prospect now.
    [prospect] = ContactPerson.objects.filter(party__council=council)
    assert (prospect.name, prospect.party.name, prospect.email) == (
        "Jan",
        "Meubelmakerij Van der Veen",
        "jan@x.nl",
    )
    assert prospect.has_consent and "Hello World-workshop" in prospect.source
    assert prospect.party.status == PartyStatus.OPINIEGESPREK
    with pytest.raises(ValidationError, match="al omgezet"):
        services.workshop_convert(
            workshop=workshop, by=kwartiermaker, title="Nog eens", council=council
        )
    assert Package.objects.count() == 1


def test_a_practice_workshop_can_become_the_start_of_a_new_council(kwartiermaker):
    workshop = services.workshop_create(
        by=kwartiermaker,
        council=None,
        title="Les meubels",
        chain="Meubels",
        place="Zwolle",
        problem="P",
        direction="R",
    )
    held(workshop, kwartiermaker)

    package = services.workshop_convert(
        workshop=workshop,
        by=kwartiermaker,
        title="Eerste pakket",
        new_council={
            "name": "Meubelketenoverleg Zwolle",
            "slug": "meubel-zwolle",
            "penvoerder": "Gemeente Zwolle",
            "contact_email": "meubel@zwolle.nl",
        },
    )

    council = Ketenoverleg.objects.get(slug="meubel-zwolle")
    assert package.council == council
    assert (council.phase, council.is_published, council.product_category, council.area) == (
        Phase.VERKENNING,
        False,
        "Meubels",
        "Zwolle",
    )
    workshop.refresh_from_db()
    assert workshop.council == council and not workshop.is_practice


@pytest.mark.parametrize("problem", ["still-open", "no-contributions", "not-allowed"])
def test_conversion_is_refused_and_saves_nothing(council, workshop, kwartiermaker, problem):
    by = kwartiermaker
    if problem != "still-open":
        services.workshop_start_poll(workshop=workshop, by=kwartiermaker)
    if problem != "no-contributions":
        ContributionFactory(participant__workshop=workshop)
    if problem == "not-allowed":
        by = user_with_role(CouncilFactory(), Role.KWARTIERMAKER)

    with pytest.raises(ValidationError):
        services.workshop_convert(workshop=workshop, by=by, title="T", council=council)

    assert not Package.objects.exists()


def test_erasing_a_prospect_erases_what_the_workshop_kept(council, workshop, kwartiermaker):
    held(workshop, kwartiermaker)
    services.workshop_convert(workshop=workshop, by=kwartiermaker, title="T", council=council)
    prospect = ContactPerson.objects.get(name="Jan")

    contact_erase(contact=prospect, by=kwartiermaker)

    jan = Participant.objects.get(workshop=workshop, geleding="aanbod")
    assert (jan.name, jan.organisation, jan.email, jan.prospect) == ("", "", "", None)


# --- the daily clean-up ---------------------------------------------------------------------


def test_practice_workshops_are_deleted_after_thirty_days():
    now = timezone.now()
    old = WorkshopFactory(council=None, created_at=now - timedelta(days=31))
    ContributionFactory(participant__workshop=old)
    young = WorkshopFactory(council=None, created_at=now - timedelta(days=29))
    councils = WorkshopFactory(created_at=now - timedelta(days=400))

    services.clean_up(now=now)

    assert set(Workshop.objects.all()) == {young, councils}
    assert not Participant.objects.filter(workshop_id=old.pk).exists()


def test_participants_details_are_erased_thirty_days_after_the_workshop_closed():
    now = timezone.now()
    closed_long_ago = WorkshopFactory(
        status=Workshop.Status.CLOSED, closed_at=now - timedelta(days=31)
    )
    recent = WorkshopFactory(status=Workshop.Status.CLOSED, closed_at=now - timedelta(days=5))
    old_person = ParticipantFactory(
        workshop=closed_long_ago, name="Jan", organisation="X", email="j@x.nl"
    )
    ContributionFactory(participant=old_person, text="Blijft staan.")
    new_person = ParticipantFactory(workshop=recent, name="Piet")

    result = services.clean_up(now=now)

    old_person.refresh_from_db()
    new_person.refresh_from_db()
    assert result["erased"] == 1
    assert (old_person.name, old_person.organisation, old_person.email) == ("", "", "")
    assert old_person.contributions.get().text == "Blijft staan."
    assert new_person.name == "Piet"


def test_a_contact_already_in_relatiebeheer_gets_consent_instead_of_a_double(
    council, workshop, kwartiermaker
):
    party = PartyFactory(council=council, name="Meubelmakerij Van der Veen")
    ContactPersonFactory(party=party, name="Jan", email="", consent_at=None, consent_text="")
    held(workshop, kwartiermaker)

    services.workshop_convert(workshop=workshop, by=kwartiermaker, title="T", council=council)

    [jan] = ContactPerson.objects.filter(party=party)
    assert jan.email == "jan@x.nl" and jan.has_consent
    assert Party.objects.filter(council=council).count() == 1

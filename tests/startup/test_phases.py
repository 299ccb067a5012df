"""A council's phase: from verkenning to operationeel, with the vooronderzoek's advice
as the gate, recorded with dates and by whom; a council in start-up stays off the
public lists until it is published."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ketenoverleg import services
from ketenoverleg.models import Ketenoverleg, Phase, PhaseEvent, Role
from startup import services as startup_services
from startup.models import Vooronderzoek
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.startup.factories import StartupCouncilFactory

pytestmark = pytest.mark.django_db

ROAD = [
    Phase.OPINIEGESPREK,
    Phase.STARTBESLISSING,
    Phase.OPRICHTING,
    Phase.OPERATIONEEL,
]


def advise(council, advice, by):
    startup_services.vooronderzoek_save(
        council=council,
        by=by,
        advice=advice,
        advised_on=timezone.localdate() - timedelta(days=1),
    )


def public_listings(client) -> str:
    """Home page, programme overview and sitemap as an anonymous visitor sees them."""
    client.logout()
    return "".join(
        client.get(reverse(name)).content.decode() for name in ("home", "programme", "sitemap")
    )


# --- the UI walk of the "Done when" ----------------------------------------------------


def test_a_council_goes_from_verkenning_to_operationeel_through_the_ui(client):
    kwartiermaker = user_with_role(None, Role.KWARTIERMAKER)
    client.force_login(kwartiermaker)
    response = client.post(
        reverse("council_create"),
        {
            "name": "Meubelketenoverleg Zwolle",
            "slug": "meubel-zwolle",
            "product_category": "Meubels",
            "area": "Gemeente Zwolle",
            "goal": "Meubels langer in gebruik houden.",
            "organisation_form": "informeel",
            "penvoerder": "Gemeente Zwolle",
            "contact_email": "meubels@zwolle.example.org",
            "start_phase": "verkenning",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    council = Ketenoverleg.objects.get(slug="meubel-zwolle")
    assert council.phase == Phase.VERKENNING and not council.is_published
    assert "Meubelketenoverleg Zwolle" not in public_listings(client)
    client.force_login(kwartiermaker)
    phase_url = reverse("startup:phase", args=[council.slug])

    # The gate: no advice yet, then the advice "do not start": the step is refused.
    response = client.post(phase_url, {"to_phase": Phase.OPINIEGESPREK})
    assert response.status_code == HTTPStatus.OK
    assert "Het vooronderzoek heeft nog geen advies." in response.content.decode()
    client.post(
        reverse("startup:vooronderzoek", args=[council.slug]),
        {"advice": "niet_starten", "advised_on": timezone.localdate().isoformat()},
    )
    response = client.post(phase_url, {"to_phase": Phase.OPINIEGESPREK})
    assert "Het vooronderzoek adviseert niet te starten." in response.content.decode()
    council.refresh_from_db()
    assert council.phase == Phase.VERKENNING

    # With the advice to start, the council moves on, one phase at a time; it stays
    # off the public lists until it is operationeel.
    response = client.post(
        reverse("startup:vooronderzoek", args=[council.slug]),
        {
            "advice": "start",
            "advised_on": timezone.localdate().isoformat(),
            "recommendations": "Begin met publieke inkopers.",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    for phase in ROAD:
        assert "Meubelketenoverleg Zwolle" not in public_listings(client)
        client.force_login(kwartiermaker)
        response = client.post(phase_url, {"to_phase": phase}, follow=True)
        assert f"Het ketenoverleg is nu in de fase: {Phase(phase).label}." in (
            response.content.decode()
        )

    council.refresh_from_db()
    assert council.phase == Phase.OPERATIONEEL and council.is_published
    assert "Meubelketenoverleg Zwolle" in public_listings(client)
    steps = list(PhaseEvent.objects.filter(council=council).values_list("to_status", "by"))
    assert steps == [(Phase.VERKENNING, kwartiermaker.pk)] + [
        (phase, kwartiermaker.pk) for phase in ROAD
    ]


def test_the_kwartiermaker_may_publish_a_council_before_it_runs(client):
    council = StartupCouncilFactory(name="Voedselketenoverleg Assen")
    kwartiermaker = user_with_role(council, Role.KWARTIERMAKER)
    client.force_login(kwartiermaker)

    client.post(reverse("startup:publish", args=[council.slug]))
    assert "Voedselketenoverleg Assen" in public_listings(client)

    client.force_login(kwartiermaker)
    client.post(reverse("startup:publish", args=[council.slug]), {"action": "hide"})
    assert "Voedselketenoverleg Assen" not in public_listings(client)


# --- the service: steps, gate, reasons ----------------------------------------------------


def test_a_step_back_or_the_end_needs_a_reason_and_is_recorded():
    council = StartupCouncilFactory(phase=Phase.STARTBESLISSING)
    by = UserFactory()

    with pytest.raises(ValidationError, match="Geef aan waarom"):
        services.council_phase_change(council=council, to_phase=Phase.OPINIEGESPREK, by=by)
    services.council_phase_change(
        council=council, to_phase=Phase.OPINIEGESPREK, by=by, note="Te weinig draagvlak."
    )
    services.council_phase_change(
        council=council, to_phase=Phase.BEEINDIGD, by=by, note="Geen trekker gevonden."
    )

    council.refresh_from_db()
    assert council.phase == Phase.BEEINDIGD
    notes = list(council.phase_events.values_list("from_status", "to_status", "note"))
    assert notes == [
        (Phase.STARTBESLISSING, Phase.OPINIEGESPREK, "Te weinig draagvlak."),
        (Phase.OPINIEGESPREK, Phase.BEEINDIGD, "Geen trekker gevonden."),
    ]
    with pytest.raises(ValidationError):
        services.council_phase_change(
            council=council, to_phase=Phase.VERKENNING, by=by, note="Opnieuw."
        )


@pytest.mark.parametrize(
    ("phase", "to_phase"),
    [
        pytest.param(Phase.VERKENNING, Phase.STARTBESLISSING, id="skipping-a-phase"),
        pytest.param(Phase.OPINIEGESPREK, Phase.OPERATIONEEL, id="jumping-to-running"),
        pytest.param(Phase.VERKENNING, "onzin", id="unknown-phase"),
    ],
)
def test_a_council_moves_one_phase_at_a_time(phase, to_phase):
    council = StartupCouncilFactory(phase=phase)
    by = UserFactory()
    advise(council, Vooronderzoek.Advice.START, by)

    with pytest.raises(ValidationError):
        services.council_phase_change(council=council, to_phase=to_phase, by=by, note="x")

    council.refresh_from_db()
    assert council.phase == phase
    assert not council.phase_events.exists()


def test_withdrawing_the_advice_closes_the_gate_again():
    council = StartupCouncilFactory(phase=Phase.OPINIEGESPREK)
    by = UserFactory()
    advise(council, Vooronderzoek.Advice.START, by)
    advise(council, Vooronderzoek.Advice.NIET_STARTEN, by)

    with pytest.raises(ValidationError, match="adviseert niet te starten"):
        services.council_phase_change(council=council, to_phase=Phase.STARTBESLISSING, by=by)


def test_a_running_council_cannot_be_hidden_again():
    council = CouncilFactory()
    with pytest.raises(ValidationError):
        services.council_unpublish(council=council, by=UserFactory())
    assert Ketenoverleg.objects.get(pk=council.pk).is_published


def test_an_existing_council_can_start_operationeel_and_public():
    council = services.council_create(
        by=UserFactory(),
        start_phase=Phase.OPERATIONEEL,
        name="Papierketenoverleg Emmen",
        slug="papier-emmen",
        product_category="Papier",
        area="Gemeente Emmen",
        goal="Meer papier terug in de kringloop.",
        organisation_form=Ketenoverleg.OrganisationForm.INFORMEEL,
        penvoerder="Gemeente Emmen",
        contact_email="papier@emmen.example.org",
    )
    assert council.phase == Phase.OPERATIONEEL and council.is_published


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        pytest.param(
            {"advice": "start"}, "advised_on", "Geef de datum van het advies.", id="no-date"
        ),
        pytest.param(
            {"advice": "start", "advised_on": "1850-01-01"},
            "advised_on",
            "Kies een datum tussen 1900 en 2100.",
            id="before-1900",
        ),
        pytest.param(
            {"advice": "start", "advised_on": "2150-01-01"},
            "advised_on",
            "Kies een datum tussen 1900 en 2100.",
            id="after-2100",
        ),
        pytest.param(
            {
                "advice": "start",
                "advised_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            },
            "advised_on",
            "Een advies ligt niet in de toekomst.",
            id="future",
        ),
        pytest.param(
            {"advice": "start", "advised_on": "2024-01-01", "recommendations": "x" * 4001},
            "recommendations",
            "Houd dit korter dan 4000 tekens",
            id="too-long",
        ),
        pytest.param(
            {"advice": "misschien", "advised_on": "2024-01-01"},
            "advice",
            "Selecteer een geldige keuze",
            id="unknown-advice",
        ),
    ],
)
def test_bad_vooronderzoek_input_is_refused_at_its_field(client, data, field, message):
    council = StartupCouncilFactory()
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))

    response = client.post(reverse("startup:vooronderzoek", args=[council.slug]), data)

    assert response.status_code == HTTPStatus.OK
    assert message in str(response.context["study_form"].errors[field])
    assert not Vooronderzoek.objects.filter(council=council, advice="start").exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.KWARTIERMAKER, HTTPStatus.FOUND),
        (Role.SECRETARIS, HTTPStatus.FORBIDDEN),
        (Role.VOORZITTER, HTTPStatus.FORBIDDEN),
        (Role.GENODIGDE, HTTPStatus.FORBIDDEN),
        (Role.LID, HTTPStatus.FORBIDDEN),
    ],
)
def test_only_the_kwartiermaker_changes_the_phase(client, role, expected):
    council = StartupCouncilFactory()
    advise(council, Vooronderzoek.Advice.START, UserFactory())
    client.force_login(user_with_role(council, role))

    response = client.post(
        reverse("startup:phase", args=[council.slug]), {"to_phase": Phase.OPINIEGESPREK}
    )

    assert response.status_code == expected
    council.refresh_from_db()
    assert (council.phase == Phase.OPINIEGESPREK) is (expected == HTTPStatus.FOUND)

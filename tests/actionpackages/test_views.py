"""The package pages: who sees what, who may take which step, and what the public sees.

Packages before they open for signing are hidden from the public: for a visitor who
is not an insider, their pages and steps answer 404 (as if they did not exist), not
403 or a login page that would give their existence away.
"""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from actionpackages import services
from actionpackages.models import Amendment, Indicator, Package, Signature
from ketenoverleg.models import Geleding, Role
from members.models import MembershipStatus
from tests.actionpackages.factories import (
    PackageFactory,
    complete_package,
    open_package,
    sign_for,
    signer,
)
from tests.actionpackages.helpers import DONE, LOGIN, assert_outcome, login_as, url
from tests.factories import UserFactory, user_with_role
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    SECRETARY_ELSEWHERE,
    member_of,
)

pytestmark = pytest.mark.django_db

S = Package.Status
NOT_FOUND, FORBIDDEN, OK = HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN, HTTPStatus.OK
EDITORS = [KERNTEAMLID, Role.SECRETARIS, Role.KETENSECRETARIS]


# The list and the package page --------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees_all"),
    [
        (ANONYMOUS, False),
        (OUTSIDER, False),
        (MEMBER_ELSEWHERE, False),
        (SECRETARY_ELSEWHERE, False),
        (MEMBER, True),
        (Role.KETENSECRETARIS, True),
    ],
)
def test_the_public_list_holds_packages_from_the_moment_they_open(client, council, who, sees_all):
    for status in S.values:
        PackageFactory(council=council, status=status, title=f"Pakket {status}")
    PackageFactory(status=S.OPEN, title="Pakket van een ander overleg")
    login_as(client, council, who)

    response = client.get(url("list", council))

    titles = {p.title for p in response.context["packages"]}
    public = {"Pakket open", "Pakket lopend", "Pakket afgesloten"}
    assert titles == ({f"Pakket {s}" for s in S.values} if sees_all else public)
    assert ("Pakket concept" in response.content.decode()) is sees_all


def test_the_list_shows_the_newest_package_first_on_every_page(client, council):
    now = timezone.now()
    for day in reversed(range(30)):  # made one a day, the oldest first
        package = PackageFactory(council=council, status=S.LOPEND, title=f"Pakket {day:02d}")
        Package.objects.filter(pk=package.pk).update(created_at=now - timedelta(days=day))

    pages = [client.get(url("list", council), {"page": n}) for n in (1, 2)]

    titles = [p.title for page in pages for p in page.context["packages"]]
    assert titles == [f"Pakket {day:02d}" for day in range(30)]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, NOT_FOUND),
        (OUTSIDER, NOT_FOUND),
        (MEMBER_ELSEWHERE, NOT_FOUND),
        (SECRETARY_ELSEWHERE, NOT_FOUND),
        (MEMBER, OK),
        (KERNTEAMLID, OK),
        (Role.KETENSECRETARIS, OK),
    ],
)
def test_a_concept_package_is_for_insiders_only(client, council, who, expected):
    package = complete_package(council, title="Retourlogistiek sloopbeton")
    login_as(client, council, who)

    response = client.get(package.get_absolute_url())

    assert response.status_code == expected
    if expected == OK:
        assertContains(response, "Retourlogistiek sloopbeton")


def test_the_public_page_lists_signatories_without_their_e_mail_addresses(client, council):
    package = open_package(council)
    user, organisation = signer(
        council, [Geleding.AANBOD, Geleding.VRAAG], name="Bouwbedrijf Dijkstra"
    )
    sign_for(package, user, organisation)
    other, other_org = signer(council, [Geleding.OVERHEID], name="Gemeente Groningen")
    sign_for(package, other, other_org)

    response = client.get(package.get_absolute_url())

    html = response.content.decode()
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', html, re.S))
    assert "Aanbod, Vraag" in rows["Bouwbedrijf Dijkstra"]
    assert "Mortelleveranciers vragen bij elke bestelling" in rows["Bouwbedrijf Dijkstra"]
    assert "Aannemers bestellen bij elke stort" in rows["Bouwbedrijf Dijkstra"]
    assert "De gemeente bestelt minder" not in rows["Bouwbedrijf Dijkstra"]
    assert "Overheid" in rows["Gemeente Groningen"]
    assert "De gemeente bestelt minder granulaat" in rows["Gemeente Groningen"]
    for address in (user.email, organisation.email, other.email, other_org.email):
        assert address not in html
    assert "@" not in "".join(rows.values())


def test_a_withdrawn_signatory_is_no_longer_listed(client, council):
    package = open_package(council)
    user, organisation = signer(council, [Geleding.AANBOD], name="Betoncentrale Noord")
    signature = sign_for(package, user, organisation)
    services.signature_withdraw(signature=signature, reason="Gestopt.", by=user)

    response = client.get(package.get_absolute_url())

    assertNotContains(response, "Betoncentrale Noord")
    assertContains(response, "Nog niemand heeft ondertekend.")


def test_the_sign_button_is_shown_only_to_who_may_sign(client, council):
    package = open_package(council)
    may, _org = signer(council, [Geleding.AANBOD])
    may_not, _org = signer(council, [Geleding.AANBOD], may_sign=False)
    sign_url = url("sign", council, pk=package.pk)

    shown = {}
    for user in (may, may_not, user_with_role(council, Role.KETENSECRETARIS)):
        client.force_login(user)
        shown[user] = sign_url in client.get(package.get_absolute_url()).content.decode()

    assert list(shown.values()) == [True, False, False]


def test_the_version_page_shows_what_changed(client, council, secretary):
    package = open_package(council, by=secretary)
    services.package_revise(package=package, note="Aanscherpen.", by=secretary)
    action = package.actions.get(geleding=Geleding.TRANSITIE)
    action.text = "Netwerken publiceren elk kwartaal een voorbeeld."
    action.save()
    services.package_open(package=package, starts_on=package.starts_on, by=secretary)

    response = client.get(url("version", council, pk=package.pk, number=3))

    html = response.content.decode()
    assert re.search(r'<ins class="add">.*Netwerken publiceren elk kwartaal', html)
    assert re.search(r'<del class="del">.*Netwerken publiceren de voorbeelden', html)
    assertContains(response, package.current_version.sha256)


# Making and editing a package ----------------------------------------------------------

EDITOR_MATRIX = [
    (ANONYMOUS, LOGIN),
    (OUTSIDER, FORBIDDEN),
    (SECRETARY_ELSEWHERE, FORBIDDEN),
    (MEMBER, FORBIDDEN),
    (KERNTEAMLID, OK),
    (Role.SECRETARIS, OK),
    (Role.KETENSECRETARIS, OK),
]


@pytest.mark.parametrize(("who", "expected"), EDITOR_MATRIX)
def test_only_the_kernteam_and_secretariat_create_packages(client, council, who, expected):
    login_as(client, council, who)
    create_url = url("create", council)

    page = client.get(create_url)
    response = client.post(create_url, {"title": "Herbruikbare casco's", "aim": "Hergebruik."})

    assert_outcome(page, expected, create_url)
    if expected == OK:
        package = Package.objects.get()
        assertRedirects(response, url("edit", council, pk=package.pk))
        assert (package.council, package.status) == (council, S.CONCEPT)
        assert package.events.get().by is not None
    else:
        assert_outcome(response, expected, create_url)
        assert not Package.objects.exists()


@pytest.mark.parametrize(("who", "expected"), EDITOR_MATRIX)
def test_only_the_kernteam_and_secretariat_edit_packages(client, council, who, expected):
    package = PackageFactory(council=council, title="Herbruikbare casco's")
    login_as(client, council, who)
    edit_url = url("edit", council, pk=package.pk)
    data = {
        "title": "Herbruikbare casco's",
        "aim": "Gebouwen met een casco dat meegaat.",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-geleding": "kennis",
        "actions-0-text": "Studenten ontwerpen herbruikbare casco's.",
        "actions-0-position": "0",
    }

    page = client.get(edit_url)
    response = client.post(edit_url, data)

    assert_outcome(page, expected, edit_url)
    if expected == OK:
        assertRedirects(response, package.get_absolute_url(), fetch_redirect_response=False)
        assert package.actions.get().text == "Studenten ontwerpen herbruikbare casco's."
    else:
        assert_outcome(response, expected, edit_url)
        assert not package.actions.exists()


def test_saving_an_incomplete_package_warns_which_geledingen_are_missing(
    client, council, secretary
):
    package = PackageFactory(council=council)
    client.force_login(secretary)

    response = client.post(
        url("edit", council, pk=package.pk),
        {
            "title": package.title,
            "aim": package.aim,
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-geleding": "aanbod",
            "actions-0-text": "Leveranciers adviseren over lang meegaand beton.",
            "actions-0-position": "0",
        },
        follow=True,
    )

    assertContains(response, "Nog zonder actie: Vraag, Recycling, Kennis, Overheid, Transitie.")


@pytest.mark.parametrize("method", ["get", "post"])
def test_editing_an_open_package_sends_back_to_make_a_new_version(
    client, council, secretary, method
):
    package = open_package(council, by=secretary, title="Meer granulaatbeton")
    client.force_login(secretary)

    response = getattr(client, method)(
        url("edit", council, pk=package.pk),
        {"title": "Stiekem gewijzigd", "aim": "Anders"} if method == "post" else None,
        follow=True,
    )

    assertRedirects(response, package.get_absolute_url())
    assertContains(
        response,
        "De tekst ligt vast zolang het pakket open staat voor ondertekening; "
        "maak eerst een nieuwe versie.",
    )
    assert Package.objects.get(pk=package.pk).title == "Meer granulaatbeton"


# The steps of the lifecycle --------------------------------------------------------------

STEPS = [
    ("consultatie", S.CONCEPT, {}, S.CONSULTATIE),
    ("vaststellen", S.CONSULTATIE, {}, S.VASTGESTELD),
    ("openen", S.VASTGESTELD, {"starts_on": "in-two-weeks"}, S.OPEN),
    ("herzien", S.OPEN, {"note": "Een actie verandert."}, S.VASTGESTELD),
    ("starten", S.OPEN, {}, S.LOPEND),
    ("afsluiten", S.LOPEND, {"note": "Geëvalueerd met de ondertekenaars."}, S.AFGESLOTEN),
]


def step_expectation(who, status):
    if who in EDITORS:
        return DONE
    if who == MEMBER:
        return FORBIDDEN
    hidden = status not in {S.OPEN, S.LOPEND, S.AFGESLOTEN}
    if who == ANONYMOUS:
        return NOT_FOUND if hidden else LOGIN
    return NOT_FOUND if hidden else FORBIDDEN


@pytest.mark.parametrize(("step", "status", "data", "after"), STEPS, ids=[s[0] for s in STEPS])
@pytest.mark.parametrize("who", [ANONYMOUS, OUTSIDER, SECRETARY_ELSEWHERE, MEMBER, *EDITORS])
def test_only_the_kernteam_and_secretariat_take_steps(
    client, council, step, status, data, after, who
):
    package = complete_package(council, status=status, starts_on=timezone.localdate())
    if data.get("starts_on"):
        data = {"starts_on": (timezone.localdate() + timedelta(days=14)).isoformat()}
    login_as(client, council, who)
    step_url = url("action", council, pk=package.pk, action=step)

    response = client.post(step_url, data)

    expected = step_expectation(who, status)
    assert_outcome(response, expected, step_url)
    package.refresh_from_db()
    assert package.status == (after if expected == DONE else status)
    if expected == DONE:
        assert response["Location"] == package.get_absolute_url()
        assert package.events.get().by.pk == response.wsgi_request.user.pk


def test_a_refused_step_comes_back_with_the_reason(client, council, secretary):
    package = PackageFactory(council=council)
    client.force_login(secretary)

    response = client.post(url("action", council, pk=package.pk, action="consultatie"), follow=True)

    assertContains(response, "Nog zonder actie: Aanbod, Vraag, Recycling, Kennis, Overheid")
    assert Package.objects.get(pk=package.pk).status == S.CONCEPT


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, NOT_FOUND),
        (OUTSIDER, NOT_FOUND),
        (SECRETARY_ELSEWHERE, NOT_FOUND),
        (MEMBER, FORBIDDEN),
        (KERNTEAMLID, DONE),
        (Role.SECRETARIS, DONE),
        (Role.KETENSECRETARIS, DONE),
    ],
)
def test_only_the_kernteam_and_secretariat_decide_on_amendments(client, council, who, expected):
    package = complete_package(council, status=S.CONSULTATIE)
    amendment = services.amendment_propose(
        package=package, by=member_of(council), proposal="Noem de CO2-besparing."
    )
    login_as(client, council, who)
    step_url = url("action", council, pk=package.pk, action="besluit")

    response = client.post(
        step_url,
        {
            "amendment": amendment.pk,
            f"am{amendment.pk}-accept": "0",
            f"am{amendment.pk}-argument": "Past niet.",
        },
    )

    assert_outcome(response, expected, step_url)
    amendment.refresh_from_db()
    if expected == DONE:
        assert (amendment.decision, amendment.argument) == (
            Amendment.Decision.REJECTED,
            "Past niet.",
        )
    else:
        assert amendment.decision == Amendment.Decision.OPEN


def test_each_open_amendment_has_its_own_decision_fields(client, council, secretary):
    package = complete_package(council, status=S.CONSULTATIE)
    for proposal in ("Noem de CO2-besparing.", "Ook bij kleine storten."):
        services.amendment_propose(package=package, by=member_of(council), proposal=proposal)
    client.force_login(secretary)

    html = client.get(package.get_absolute_url()).content.decode()

    ids = re.findall(r'\bid="([^"]+)"', html)
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []


def test_a_decision_without_argument_is_sent_back(client, council, secretary):
    package = complete_package(council, status=S.CONSULTATIE)
    amendment = services.amendment_propose(
        package=package, by=member_of(council), proposal="Noem de CO2-besparing."
    )
    client.force_login(secretary)

    response = client.post(
        url("action", council, pk=package.pk, action="besluit"),
        {
            "amendment": amendment.pk,
            f"am{amendment.pk}-accept": "1",
            f"am{amendment.pk}-argument": "",
        },
        follow=True,
    )

    assertContains(response, "Kies overnemen of niet overnemen en geef een motivering.")
    assert Amendment.objects.get(pk=amendment.pk).decision == Amendment.Decision.OPEN


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, NOT_FOUND),
        (OUTSIDER, NOT_FOUND),
        (MEMBER_ELSEWHERE, NOT_FOUND),
        (MEMBER, DONE),
        (KERNTEAMLID, DONE),
        (Role.KETENSECRETARIS, DONE),
    ],
)
def test_insiders_propose_amendments(client, council, who, expected):
    package = complete_package(council, status=S.CONSULTATIE)
    login_as(client, council, who)
    step_url = url("action", council, pk=package.pk, action="voorstel")

    response = client.post(step_url, {"proposal": "Vraag ook bij telefonische bestellingen."})

    assert_outcome(response, expected, step_url)
    proposals = list(package.amendments.values_list("proposal", flat=True))
    assert proposals == (["Vraag ook bij telefonische bestellingen."] if expected == DONE else [])


def test_an_empty_amendment_is_shown_back_with_the_message(client, council):
    package = complete_package(council, status=S.CONSULTATIE)
    login_as(client, council, MEMBER)

    response = client.post(url("action", council, pk=package.pk, action="voorstel"), {})

    assert response.status_code == OK
    assert response.context["amendment_form"].errors["proposal"]
    assert not package.amendments.exists()


# Signing and the signatory's own page ------------------------------------------------------

SIGNER = "tekenbevoegde"
NO_POWER = "contactpersoon_zonder_tekenbevoegdheid"
APPLICANT = "aanvrager"


def sign_candidate(council, who):
    """A user and the organisation they would sign for (None when they have none)."""
    if who == SIGNER:
        return signer(council, [Geleding.AANBOD])
    if who == NO_POWER:
        return signer(council, [Geleding.AANBOD], may_sign=False)
    if who == APPLICANT:
        return signer(council, [Geleding.AANBOD], status=MembershipStatus.AANGEVRAAGD)
    if who == Role.KETENSECRETARIS:
        return user_with_role(council, Role.KETENSECRETARIS), None
    if who == OUTSIDER:
        return UserFactory(), None
    return None, None


@pytest.mark.parametrize(
    ("who", "expected", "reason"),
    [
        (ANONYMOUS, LOGIN, None),
        (OUTSIDER, OK, "Alleen leden ondertekenen, namens hun organisatie."),
        (Role.KETENSECRETARIS, OK, "Alleen leden ondertekenen, namens hun organisatie."),
        (APPLICANT, OK, "Uw aanmelding wordt nog beoordeeld."),
        (NO_POWER, OK, "U bent niet tekenbevoegd voor uw organisatie."),
        (SIGNER, DONE, None),
    ],
)
def test_only_who_may_sign_for_an_admitted_member_can_sign(client, council, who, expected, reason):
    package = open_package(council)
    user, organisation = sign_candidate(council, who)
    if user:
        client.force_login(user)
    sign_url = url("sign", council, pk=package.pk)
    aanbod = package.actions.get(geleding=Geleding.AANBOD)

    page = client.get(sign_url)
    response = client.post(
        sign_url,
        {
            "organisation": organisation.pk if organisation else "",
            "actions": [aanbod.pk],
            "confirm": "on",
        },
    )

    assert_outcome(page, LOGIN if expected == LOGIN else OK, sign_url)
    assert_outcome(response, expected, sign_url)
    signatures = list(Signature.objects.values_list("organisation", flat=True))
    if expected == DONE:
        assert page.context["form"].fields["organisation"].queryset.get() == organisation
        assert signatures == [organisation.pk]
    else:
        assert signatures == []
    if expected == OK:
        # No form where the user cannot sign: the reason instead, on GET and on POST.
        assert page.context["form"] is None
        assert response.context["form"] is None
        assertContains(page, reason)
        assertContains(response, reason)


def test_a_foreign_geleding_is_not_offered_and_a_forged_post_is_refused_at_the_field(
    client, council
):
    package = open_package(council)
    user, organisation = signer(council, [Geleding.AANBOD])
    client.force_login(user)
    kennis = package.actions.get(geleding=Geleding.KENNIS)

    page = client.get(url("sign", council, pk=package.pk))
    response = client.post(
        url("sign", council, pk=package.pk),
        {"organisation": organisation.pk, "actions": [kennis.pk], "confirm": "on"},
    )

    offered = list(page.context["form"].fields["actions"].queryset)
    assert offered == [package.actions.get(geleding=Geleding.AANBOD)]
    checkboxes = str(page.context["form"]["actions"])
    assert package.actions.get(geleding=Geleding.AANBOD).text in checkboxes
    assert kennis.text not in checkboxes  # (the frozen text above the form shows all six)
    assert response.status_code == OK
    assert response.context["form"].errors["actions"] == [
        "U tekent alleen in op acties van de eigen geleding(en) van uw organisatie."
    ]
    assert not Signature.objects.exists()


OWN_REP = "vertegenwoordiger"
OTHER_SIGNATORY = "andere_ondertekenaar"


@pytest.fixture
def signed(council):
    package = open_package(council)
    user, organisation = signer(council, [Geleding.AANBOD], name="Betoncentrale Noord")
    colleague = UserFactory()
    organisation.representatives.create(user=colleague, may_sign=False)
    signature = sign_for(package, user, organisation)
    return package, signature, colleague


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, LOGIN),
        (OUTSIDER, FORBIDDEN),
        (MEMBER, FORBIDDEN),
        (OTHER_SIGNATORY, FORBIDDEN),
        (Role.SECRETARIS, FORBIDDEN),
        (OWN_REP, OK),
    ],
)
def test_only_the_organisations_representatives_see_its_signature_page(
    client, council, signed, who, expected
):
    package, signature, colleague = signed
    if who == OWN_REP:
        client.force_login(colleague)
    elif who == OTHER_SIGNATORY:
        user, organisation = signer(council, [Geleding.VRAAG])
        sign_for(package, user, organisation)
        client.force_login(user)
    else:
        login_as(client, council, who)
    page_url = url("signature", council, pk=package.pk, signature=signature.pk)

    page = client.get(page_url)
    withdraw = client.post(page_url, {"action": "withdraw", "reason": "Wij stoppen ermee."})

    assert_outcome(page, expected, page_url)
    signature.refresh_from_db()
    if expected == OK:
        assertContains(page, "Betoncentrale Noord")
        assertRedirects(withdraw, package.get_absolute_url())
        assert signature.withdrawal_reason == "Wij stoppen ermee."
    else:
        assert_outcome(withdraw, expected, page_url)
        assert signature.withdrawn_at is None


# Editors' pages and the consultation report -------------------------------------------------


@pytest.mark.parametrize(("who", "expected"), EDITOR_MATRIX)
@pytest.mark.parametrize("page", ["invitations", "indicator_create"])
def test_only_editors_invite_parties_and_add_indicators(client, council, page, who, expected):
    package = complete_package(council, status=S.OPEN)
    login_as(client, council, who)
    page_url = url(page, council, pk=package.pk)

    response = client.get(page_url)

    assert_outcome(response, expected, page_url)


def test_an_indicator_is_added_with_its_baseline(client, council, secretary):
    package = complete_package(council, status=S.LOPEND)
    client.force_login(secretary)

    response = client.post(
        url("indicator_create", council, pk=package.pk),
        {
            "name": "Aandeel granulaat in geleverd beton",
            "kind": "effect",
            "unit": "%",
            "method": "Opgave van de betoncentrales.",
            "source": "Betoncentrales",
            "frequency": "Elk kwartaal",
            "measured_by": "Kenniscentrum",
            "baseline_value": "4.0",
            "baseline_on": (timezone.localdate() - timedelta(days=90)).isoformat(),
            "target_value": "15",
        },
        follow=True,
    )

    indicator = Indicator.objects.get()
    assertRedirects(response, indicator.get_absolute_url())
    assertContains(response, "De trendindicator staat op de trendlijst.")
    trendlijst = client.get(url("trendlijst", council))
    assertContains(trendlijst, "Aandeel granulaat in geleverd beton")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, LOGIN),
        (OUTSIDER, FORBIDDEN),
        (SECRETARY_ELSEWHERE, FORBIDDEN),
        (MEMBER, OK),
        (KERNTEAMLID, OK),
        (Role.KETENSECRETARIS, OK),
    ],
)
def test_the_consultation_report_is_for_insiders(client, council, who, expected):
    package = complete_package(council, status=S.CONSULTATIE)
    amendment = services.amendment_propose(
        package=package, by=member_of(council), proposal="Noem de CO2-besparing."
    )
    services.amendment_decide(
        amendment=amendment, accept=True, argument="Staat in de inleiding.", by=None
    )
    Package.objects.filter(pk=package.pk).update(status=S.OPEN)
    login_as(client, council, who)
    report_url = url("consultation_report", council, pk=package.pk)

    response = client.get(report_url)

    assert_outcome(response, expected, report_url)
    if expected == OK:
        assertContains(response, "Noem de CO2-besparing.")
        assertContains(response, "Staat in de inleiding.")

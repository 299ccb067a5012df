"""The yearly commitment review (circulaire coalities): each year from the start date
every signatory reports per commitment; delayed or not started twice in a row asks for
an improvement plan that is followed up the next year; the kernteam sees who reported,
who is late and which plans are open; reminders before and after the due date go out
once; the public sees a summary that names nobody."""

import threading
from datetime import date, datetime, time
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actionpackages import reviews, selectors, services, tasks
from actionpackages.models import (
    CommitmentReport,
    ImprovementPlan,
    Package,
    ReviewReminder,
    ReviewStatus,
)
from ketenoverleg.models import Geleding, Role
from tests.actionpackages.factories import open_package, sign_for, signer
from tests.actionpackages.helpers import url
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import member_of

pytestmark = pytest.mark.django_db

G = Geleding
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STARTS_ON = date(2025, 1, 15)
R1_OPENS, R1_DUE = date(2025, 12, 16), date(2026, 1, 15)
R2_OPENS, R2_DUE = date(2026, 12, 16), date(2027, 1, 15)
R3_DUE = date(2028, 1, 15)


def at(day: date):
    """Freeze the clock at noon (Amsterdam) on ``day``."""
    return time_machine.travel(datetime.combine(day, time(12), tzinfo=AMSTERDAM), tick=False)


@pytest.fixture
def package(council):
    """A package that started on 15 January 2025, signed by three organisations."""
    with at(date(2025, 1, 5)):
        package = open_package(council, starts_on=STARTS_ON, title="Meer granulaatbeton")
        signers = {
            name: signer(council, [geleding], name=name)
            for name, geleding in [
                ("Betoncentrale Noord", G.AANBOD),
                ("Bouwbedrijf Dijkstra", G.VRAAG),
                ("Puinbreker Stad", G.RECYCLING),
            ]
        }
        for user, organisation in signers.values():
            sign_for(package, user, organisation)
    with at(STARTS_ON):
        services.package_start(package=package, by=user_with_role(council, Role.KETENSECRETARIS))
    package.refresh_from_db()
    package.signers = signers
    return package


def commitment_of(package, name):
    user, organisation = package.signers[name]
    return user, package.signatures.active().get(organisation=organisation).commitments.get()


def report(package, name, status, note="", **extra):
    user, commitment = commitment_of(package, name)
    return services.commitment_review_report(
        commitment=commitment, status=status, note=note, by=user, **extra
    )


# When the rounds are -------------------------------------------------------------------


def test_the_rounds_follow_the_start_date(package):
    assert reviews.current_review(package, R1_OPENS.replace(day=15)) is None
    first = reviews.current_review(package, R1_OPENS)
    assert (first.number, first.opens_on, first.due_on) == (1, R1_OPENS, R1_DUE)
    assert reviews.current_review(package, R2_OPENS.replace(day=15)).number == 1  # late reports
    assert reviews.current_review(package, R2_OPENS).number == 2
    assert reviews.next_review(package, date(2025, 6, 1)).due_on == R1_DUE
    assert reviews.last_due_review(package, R1_DUE) is None
    assert reviews.last_due_review(package, date(2026, 1, 16)).number == 1


def test_before_the_first_round_opens_reporting_is_refused_with_the_dates(package):
    with at(date(2025, 6, 1)), pytest.raises(ValidationError) as error:
        report(package, "Betoncentrale Noord", ReviewStatus.OP_SCHEMA)

    assert error.value.messages == [
        "De eerste jaarlijkse melding staat open vanaf 16-12-2025 (uiterlijk 15-01-2026)."
    ]
    assert not CommitmentReport.objects.exists()


# Reporting ----------------------------------------------------------------------------


def test_a_signatory_reports_and_may_correct_until_the_next_round(package):
    with at(R1_OPENS):
        first = report(package, "Betoncentrale Noord", ReviewStatus.OP_SCHEMA)
    with at(date(2026, 3, 1)):
        corrected = report(package, "Betoncentrale Noord", ReviewStatus.UITGEVOERD)

    assert corrected.pk == first.pk
    assert CommitmentReport.objects.get().status == ReviewStatus.UITGEVOERD
    assert corrected.review_number == 1


@pytest.mark.parametrize(
    ("status", "note", "field", "message"),
    [
        ("", "", "status", "Kies een stand van zaken."),
        ("onbekend", "", "status", "Kies een stand van zaken."),
        (ReviewStatus.VERTRAAGD, " ", "note", "Licht toe waarom deze actie achterloopt."),
        (ReviewStatus.NIET_GESTART, "", "note", "Licht toe waarom deze actie achterloopt."),
    ],
)
def test_bad_reports_are_refused_at_the_field(package, status, note, field, message):
    with at(R1_OPENS), pytest.raises(ValidationError) as error:
        report(package, "Betoncentrale Noord", status, note)

    assert error.value.message_dict == {field: [message]}
    assert not CommitmentReport.objects.exists()


def test_only_a_representative_of_the_signatory_reports(package, council):
    _user, commitment = commitment_of(package, "Betoncentrale Noord")
    for stranger in (member_of(council), user_with_role(council, Role.KETENSECRETARIS)):
        with at(R1_OPENS), pytest.raises(ValidationError, match="Alleen wie optreedt voor"):
            services.commitment_review_report(
                commitment=commitment, status=ReviewStatus.OP_SCHEMA, note="", by=stranger
            )

    assert not CommitmentReport.objects.exists()


def test_a_signatory_that_joined_after_the_round_opened_reports_from_the_next(package, council):
    with at(date(2025, 12, 20)):
        user, organisation = signer(council, [G.KENNIS], name="Hogeschool")
        signature = sign_for(package, user, organisation)
        with pytest.raises(ValidationError, match="uw eerste melding is in ronde 2"):
            services.commitment_review_report(
                commitment=signature.commitments.get(),
                status=ReviewStatus.OP_SCHEMA,
                note="",
                by=user,
            )
        rows = {
            r.signature.organisation.name: r
            for r in selectors.review_rows(package, reviews.current_review(package))
        }

    assert rows["Hogeschool"].due is False
    assert rows["Betoncentrale Noord"].due is True


# Twice in a row: the improvement plan -----------------------------------------------------


def test_delayed_twice_in_a_row_asks_for_an_improvement_plan_of_its_own(package):
    with at(R1_OPENS):
        report(package, "Bouwbedrijf Dijkstra", ReviewStatus.VERTRAAGD, "Bestek al gegund.")
    with at(R2_OPENS), pytest.raises(ValidationError) as missing:
        report(package, "Bouwbedrijf Dijkstra", ReviewStatus.NIET_GESTART, "Geen opdrachten.")

    assert set(missing.value.message_dict) == {"plan_what", "plan_who", "plan_due_on"}
    assert CommitmentReport.objects.filter(review_number=2).count() == 0

    with at(R2_OPENS):
        report(
            package,
            "Bouwbedrijf Dijkstra",
            ReviewStatus.NIET_GESTART,
            "Geen opdrachten.",
            plan_what="Granulaat standaard opnemen in onze inkoopvoorwaarden.",
            plan_who="Hoofd inkoop",
            plan_due_on=date(2027, 6, 1),
        )

    plan = ImprovementPlan.objects.get()
    assert (plan.review_number, plan.who, plan.due_on, plan.is_open) == (
        2,
        "Hoofd inkoop",
        date(2027, 6, 1),
        True,
    )
    assert plan.commitment.signature.organisation.name == "Bouwbedrijf Dijkstra"


def test_behind_once_or_back_on_schedule_asks_no_plan(package):
    with at(R1_OPENS):
        report(package, "Bouwbedrijf Dijkstra", ReviewStatus.VERTRAAGD, "Bestek al gegund.")
        report(package, "Puinbreker Stad", ReviewStatus.OP_SCHEMA)
    with at(R2_OPENS):
        report(package, "Bouwbedrijf Dijkstra", ReviewStatus.OP_SCHEMA)
        report(package, "Puinbreker Stad", ReviewStatus.VERTRAAGD, "Breker defect.")

    assert not ImprovementPlan.objects.exists()


def test_a_plan_in_the_past_is_refused(package):
    with at(R1_OPENS):
        report(package, "Bouwbedrijf Dijkstra", ReviewStatus.VERTRAAGD, "Bestek al gegund.")
    with at(R2_OPENS), pytest.raises(ValidationError) as error:
        report(
            package,
            "Bouwbedrijf Dijkstra",
            ReviewStatus.VERTRAAGD,
            "Nog steeds.",
            plan_what="Inkoop aanpassen.",
            plan_who="Inkoper",
            plan_due_on=date(2026, 1, 1),
        )

    assert error.value.message_dict == {"plan_due_on": ["Deze datum ligt in het verleden."]}


def test_the_plan_is_followed_up_at_the_next_round(package):
    with at(R1_OPENS):
        report(package, "Bouwbedrijf Dijkstra", ReviewStatus.VERTRAAGD, "Bestek al gegund.")
    with at(R2_OPENS):
        report(
            package,
            "Bouwbedrijf Dijkstra",
            ReviewStatus.VERTRAAGD,
            "Nog steeds.",
            plan_what="Inkoopvoorwaarden aanpassen.",
            plan_who="Inkoper",
            plan_due_on=date(2027, 6, 1),
        )
    round_3 = reviews.review(package, 3)
    with at(round_3.opens_on), pytest.raises(ValidationError) as missing:
        report(package, "Bouwbedrijf Dijkstra", ReviewStatus.OP_SCHEMA)
    with at(round_3.opens_on):
        report(
            package,
            "Bouwbedrijf Dijkstra",
            ReviewStatus.OP_SCHEMA,
            follow_up=ImprovementPlan.Outcome.UITGEVOERD,
            follow_up_note="Sinds juni in de voorwaarden.",
        )

    assert missing.value.message_dict == {
        "follow_up": ["Zeg of het verbeterplan uit ronde 2 is uitgevoerd."]
    }
    plan = ImprovementPlan.objects.get()
    assert (plan.outcome, plan.followed_up_in, plan.follow_up_note) == (
        ImprovementPlan.Outcome.UITGEVOERD,
        3,
        "Sinds juni in de voorwaarden.",
    )
    assert not selectors.open_improvement_plans(package).exists()


def test_the_database_keeps_one_report_per_commitment_and_round(package):
    with at(R1_OPENS):
        first = report(package, "Betoncentrale Noord", ReviewStatus.OP_SCHEMA)

    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentReport.objects.create(
            commitment=first.commitment, review_number=1, status=ReviewStatus.UITGEVOERD
        )


# The signatory's pages ----------------------------------------------------------------


def signature_url(package, name):
    _user, commitment = commitment_of(package, name)
    return url("signature", package.council, pk=package.pk, signature=commitment.signature_id)


def test_the_signatory_reports_on_its_own_page_with_the_plan_fields_when_needed(client, package):
    user, commitment = commitment_of(package, "Bouwbedrijf Dijkstra")
    page_url = signature_url(package, "Bouwbedrijf Dijkstra")
    prefix = f"c{commitment.pk}"
    with at(R1_OPENS):
        client.force_login(user)  # (a session lasts weeks, not the year between rounds)
        first_round = client.get(page_url)
        refused = client.post(
            page_url, {"commitment": commitment.pk, f"{prefix}-status": "vertraagd"}
        )
        done = client.post(
            page_url,
            {
                "commitment": commitment.pk,
                f"{prefix}-status": "vertraagd",
                f"{prefix}-note": "Gegund.",
            },
        )
    with at(R2_OPENS):
        client.force_login(user)
        second_round = client.get(page_url)
        no_plan = client.post(
            page_url,
            {
                "commitment": commitment.pk,
                f"{prefix}-status": "vertraagd",
                f"{prefix}-note": "Nog.",
            },
        )

    assertContains(first_round, "Ronde 1: meld uiterlijk 15 januari 2026.")
    assertNotContains(first_round, "Verbeterplan: wat gaat u doen?")
    assert refused.status_code == HTTPStatus.OK
    assert refused.context["forms"][0][1].errors["note"] == [
        "Licht toe waarom deze actie achterloopt."
    ]
    assert done.status_code == HTTPStatus.FOUND
    assertContains(second_round, "Verbeterplan: wat gaat u doen?")
    assertContains(second_round, "Vorige ronde: Vertraagd.")
    assert no_plan.status_code == HTTPStatus.OK
    assert "plan_what" in no_plan.context["forms"][0][1].errors
    assert not ImprovementPlan.objects.exists()


def test_my_data_shows_the_review_with_a_link(client, package):
    user, commitment = commitment_of(package, "Puinbreker Stad")
    client.force_login(user)

    with at(date(2026, 1, 20)):
        page = client.get(reverse("mydata:my_data"))

    assertContains(page, "Ondertekende actiepakketten")
    assertContains(page, "Meer granulaatbeton")
    assertContains(page, "te laat, 0 van 1 gemeld")
    assertContains(page, f'href="{signature_url(package, "Puinbreker Stad")}"')


def test_my_data_takes_as_many_queries_for_many_signatures(client, council):
    user = UserFactory()
    client.force_login(user)
    counts = []
    for n in (1, 6):
        for _ in range(n):
            organisation = signer(council, [G.AANBOD])[1]
            organisation.representatives.create(user=user, may_sign=True)
            sign_for(open_package(council), user, organisation)
        client.get(reverse("mydata:my_data"))
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("mydata:my_data"))
        assert len(page.context["sections"][0]["rows"]) in {1, 7}
        counts.append(len(queries))

    assert counts[0] == counts[1]


# The kernteam's overview ---------------------------------------------------------------


def test_the_kernteam_sees_who_reported_who_is_late_and_the_open_plans(client, package, council):
    with at(R1_OPENS):
        report(package, "Betoncentrale Noord", ReviewStatus.UITGEVOERD)
        report(package, "Bouwbedrijf Dijkstra", ReviewStatus.VERTRAAGD, "Gegund.")
    with at(R2_OPENS):
        report(
            package,
            "Bouwbedrijf Dijkstra",
            ReviewStatus.VERTRAAGD,
            "Nog steeds.",
            plan_what="Inkoopvoorwaarden aanpassen.",
            plan_who="Inkoper",
            plan_due_on=date(2027, 6, 1),
        )
    kernteamlid = user_with_role(council, Role.KERNTEAMLID)
    overview = url("reviews", council, pk=package.pk)

    with at(date(2027, 1, 20)):
        client.force_login(kernteamlid)
        page = client.get(overview)
        package_page = client.get(package.get_absolute_url())
        round_1 = client.get(overview, {"ronde": 1})

    rows = {r.signature.organisation.name: r for r in page.context["rows"]}
    assert rows["Bouwbedrijf Dijkstra"].complete and rows["Bouwbedrijf Dijkstra"].behind
    assert rows["Betoncentrale Noord"].late and rows["Puinbreker Stad"].late
    assert page.context["counts"] == {"total": 3, "complete": 1, "late": 2, "behind": 1}
    assertContains(page, '<span class="status-open">te laat</span>', count=2)
    assertContains(page, "Inkoopvoorwaarden aanpassen.")
    assertContains(package_page, f'href="{overview}"')
    assert round_1.context["review"].number == 1
    assert round_1.context["counts"]["complete"] == 2


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", HTTPStatus.FOUND),
        ("member", HTTPStatus.FORBIDDEN),
        (Role.KETENSECRETARIS, HTTPStatus.OK),
        (Role.KERNTEAMLID, HTTPStatus.OK),
        (Role.VOORZITTER, HTTPStatus.OK),
    ],
)
def test_only_the_kernteam_and_secretariat_see_the_overview(client, package, council, who, status):
    if who == "member":
        client.force_login(member_of(council))
    elif who != "anonymous":
        client.force_login(user_with_role(council, who))

    response = client.get(url("reviews", council, pk=package.pk))

    assert response.status_code == status


def test_the_overview_takes_as_many_queries_for_many_signatories(client, council):
    secretary = user_with_role(council, Role.KETENSECRETARIS)
    counts = []
    for n in (2, 12):
        with at(date(2025, 1, 5)):
            package = open_package(council, starts_on=STARTS_ON)
            for _ in range(n):
                sign_for(package, *signer(council, [G.VRAAG]))
        Package.objects.filter(pk=package.pk).update(status=Package.Status.LOPEND)
        with at(R2_OPENS):
            client.force_login(secretary)
            page_url = url("reviews", council, pk=package.pk)
            client.get(page_url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page_url).status_code == HTTPStatus.OK
        counts.append(len(queries))

    assert counts[0] == counts[1]


# Reminders ---------------------------------------------------------------------------


def test_reminders_go_out_before_and_after_the_due_date_once_each(
    package, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://ketenoverleg.example.org"
    with at(R1_OPENS):
        report(package, "Betoncentrale Noord", ReviewStatus.OP_SCHEMA)  # complete: no reminder

    sent = []
    for day in [
        date(2026, 1, 1),
        date(2026, 1, 2),
        date(2026, 1, 21),
        date(2026, 1, 22),
        date(2026, 1, 30),
    ]:
        with at(day), django_capture_on_commit_callbacks(execute=True):
            sent.append(tasks.review_reminders_send())

    assert sent == [2, 0, 0, 2, 0]
    assert set(ReviewReminder.objects.values_list("signature__organisation__name", "kind")) == {
        ("Bouwbedrijf Dijkstra", "voor"),
        ("Puinbreker Stad", "voor"),
        ("Bouwbedrijf Dijkstra", "na"),
        ("Puinbreker Stad", "na"),
    }
    assert len(mail.outbox) == 4
    before = next(m for m in mail.outbox if "meld uiterlijk 15 januari 2026" in m.subject)
    assert "Meer granulaatbeton" in before.subject
    assert "https://ketenoverleg.example.org/" in before.body
    assert all("Betoncentrale Noord" not in m.body for m in mail.outbox)


def test_no_reminders_before_the_window_or_for_a_closed_package(package, council):
    with at(date(2025, 12, 31)):
        assert services.review_reminders_send() == 0  # 15 days before: not yet
    Package.objects.filter(pk=package.pk).update(status=Package.Status.AFGESLOTEN)
    with at(date(2026, 1, 1)):
        assert services.review_reminders_send() == 0


def test_a_reminder_is_recorded_once_per_round_signatory_and_kind(package):
    _user, commitment = commitment_of(package, "Puinbreker Stad")
    ReviewReminder.objects.create(signature=commitment.signature, review_number=1, kind="voor")

    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewReminder.objects.create(signature=commitment.signature, review_number=1, kind="voor")


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers: needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_runs_remind_each_signatory_once():
    council = CouncilFactory()
    with at(date(2025, 1, 5)):
        package = open_package(council, starts_on=STARTS_ON)
        for _ in range(3):
            sign_for(package, *signer(council, [G.AANBOD]))
    Package.objects.filter(pk=package.pk).update(status=Package.Status.LOPEND)
    start = threading.Barrier(20)
    totals = []

    def run():
        try:
            start.wait()
            with at(date(2026, 1, 2)):
                totals.append(services.review_reminders_send())
        except Exception as error:  # noqa: BLE001 - the test reports any other failure
            totals.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(isinstance(t, int) for t in totals), totals
    assert sum(totals) == 3
    assert ReviewReminder.objects.count() == 3


# The public summary -----------------------------------------------------------------


def test_the_public_page_sums_up_without_naming_who_is_behind(client, package):
    with at(R1_OPENS):
        report(package, "Betoncentrale Noord", ReviewStatus.UITGEVOERD)
        report(package, "Puinbreker Stad", ReviewStatus.OP_SCHEMA)
        report(package, "Bouwbedrijf Dijkstra", ReviewStatus.VERTRAAGD, "Het bestek was al gegund.")

    with at(date(2026, 2, 1)):
        page = client.get(package.get_absolute_url())

    html = page.content.decode()
    section = html[
        html.index('id="jaarlijkse-voortgang"') : html.index(
            "</h3>", html.index('id="jaarlijkse-voortgang"')
        )
        + 600
    ]
    assertContains(page, "2 van 3 organisaties op schema")
    assertContains(page, "1 met vertraging")
    assert "Bouwbedrijf Dijkstra" not in section
    assertNotContains(page, "Het bestek was al gegund.")
    assertNotContains(page, "Vertraagd")


def test_before_the_first_round_the_public_page_says_when_it_is(client, package):
    with at(date(2025, 6, 1)):
        page = client.get(package.get_absolute_url())

    assertContains(page, "De ondertekenaars melden ronde 1 uiterlijk 15 januari 2026.")
    assertNotContains(page, "organisaties op schema")


def test_the_package_page_with_the_summary_takes_as_many_queries_for_many_signatories(
    client, council
):
    counts = []
    for n in (2, 12):
        with at(date(2025, 1, 5)):
            package = open_package(council, starts_on=STARTS_ON)
            signed = [signer(council, [G.VRAAG]) for _ in range(n)]
            for user, organisation in signed:
                sign_for(package, user, organisation)
        Package.objects.filter(pk=package.pk).update(status=Package.Status.LOPEND)
        package.refresh_from_db()
        with at(R1_OPENS):
            for user, organisation in signed[::2]:
                services.commitment_review_report(
                    commitment=package.signatures.get(organisation=organisation).commitments.get(),
                    status=ReviewStatus.OP_SCHEMA,
                    note="",
                    by=user,
                )
        with at(date(2026, 2, 1)):
            client.get(package.get_absolute_url())
            with CaptureQueriesContext(connection) as queries:
                page = client.get(package.get_absolute_url())
        assert page.context["review_summary"]["on_schedule"] == n // 2
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_package_page_shows_a_signatory_its_own_round_and_links_it(client, package):
    user, _commitment = commitment_of(package, "Puinbreker Stad")

    with at(date(2026, 1, 20)):
        client.force_login(user)
        page = client.get(package.get_absolute_url())

    assertContains(page, "Jaarlijkse melding ronde 1: uiterlijk 15 januari 2026.")
    assertContains(page, "te laat, 0 van 1 gemeld")
    assertContains(page, f'href="{signature_url(package, "Puinbreker Stad")}"')

"""The audit log of sensitive actions (issue 12, point 13).

Each kind of action leaves exactly one entry: who, when, what and in which council. The
council's log page is for its kernteam and secretariat; the admin shows every entry to
superusers only; entries are pruned after the retention period.
"""

from datetime import date, timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from actionpackages import services as package_services
from actionpackages.models import Invitation, Package
from ketenoverleg import audit, documents, phases
from ketenoverleg import services as core_services
from ketenoverleg.models import AuditEntry, Ketenoverleg, Phase, Role
from ketenoverleg.tasks import audit_log_prune
from ketenstatistiek import services as statistics_services
from ketenstatistiek.models import Period
from meetings import services as meeting_services
from meetings.models import Dispatch
from members import services as member_services
from members.models import BoardFunction, ContributionRate, MembershipStatus, Seat
from startup import services as startup_services
from tests.actionpackages.factories import PackageFactory, open_package
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.ketenoverleg.test_views import council_form_data
from tests.ketenstatistiek.factories import QuestionFactory
from tests.meetings.factories import MinutesFactory, days_from_now
from tests.members.factories import BoardAppointmentFactory, MembershipFactory, member_of
from tests.startup.factories import ContactPersonFactory, MailingListFactory

pytestmark = pytest.mark.django_db

A = AuditEntry.Action
ALL_CHECKS = {
    "check_in_chain": True,
    "check_geledingen": True,
    "check_goal": True,
    "check_intention": True,
}


@pytest.fixture(autouse=True)
def _no_weasyprint(monkeypatch):
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")


# One entry per sensitive action ---------------------------------------------------------
# Each case does the action as ``by`` in ``council`` and returns the object it is about
# and a word the summary must contain.


def _role_assigned(council, by, client):
    person = UserFactory(first_name="Fenna", last_name="Bakker")
    assignment = core_services.role_assign(
        council=council, user=person, role=Role.KETENSECRETARIS, starts_on=date(2025, 1, 1), by=by
    )
    return assignment, "Fenna Bakker is Ketensecretaris vanaf 01-01-2025"


def _role_ended(council, by, client):
    assignment = user_with_role(council, Role.KETENSECRETARIS).role_assignments.get()
    core_services.role_end(assignment=assignment, ends_on=date(2025, 6, 30), by=by)
    return assignment, "tot en met 30-06-2025"


def _board_appointed(council, by, client):
    person = UserFactory(first_name="Joost", last_name="Mulder")
    membership = MembershipFactory(council=council, organisation__representative=person)
    appointment = member_services.board_appoint(
        council=council,
        seat=Seat.AANBOD,
        user=person,
        membership=membership,
        starts_on=date(2025, 1, 1),
        appointed_by_alv_on=date(2024, 12, 12),
        by=by,
    )
    return appointment, "Joost Mulder benoemd op de zetel Aanbod"


def _board_reappointed(council, by, client):
    first = BoardAppointmentFactory(council=council)
    AuditEntry.objects.all().delete()  # the factory wrote no entry, but be certain
    appointment = member_services.board_reappoint(
        appointment=first, appointed_by_alv_on=date(2025, 5, 1), by=by
    )
    return appointment, "(termijn 2)"


def _board_stepped_down(council, by, client):
    appointment = BoardAppointmentFactory(council=council)
    member_services.board_step_down(appointment=appointment, on=timezone.localdate(), by=by)
    return appointment, "treedt af"


def _function_appointed(council, by, client):
    seat = BoardAppointmentFactory(
        council=council, user__first_name="Ineke", user__last_name="Smit"
    )
    term = member_services.function_appoint(
        council=council,
        function=BoardFunction.PENNINGMEESTER,
        user=seat.user,
        starts_on=timezone.localdate(),
        decided_on=timezone.localdate(),
        by=by,
    )
    return term, "Ineke Smit is Penningmeester vanaf"


def _function_ended(council, by, client):
    seat = BoardAppointmentFactory(council=council, user__first_name="Kees", user__last_name="Bos")
    term = member_services.function_appoint(
        council=council,
        function=BoardFunction.PENNINGMEESTER,
        user=seat.user,
        starts_on=timezone.localdate(),
        decided_on=timezone.localdate(),
        by=by,
    )
    AuditEntry.objects.all().delete()
    member_services.function_end(term=term, on=timezone.localdate(), by=by)
    return term, "Kees Bos is geen Penningmeester meer"


def _roster_set(council, by, client):
    BoardAppointmentFactory(council=council, starts_on=date(2025, 1, 1))
    member_services.roster_generate(council=council, first_year=2026, by=by)
    return council, "eerste aftreedjaar 2026"


def _admitted(council, by, client):
    membership = MembershipFactory(
        council=council, status=MembershipStatus.AANGEVRAAGD, organisation__name="Puinbreker Zuid"
    )
    member_services.membership_admit(membership=membership, checks=ALL_CHECKS, reason="", by=by)
    return membership, "Puinbreker Zuid is als lid toegelaten"


def _refused(council, by, client):
    membership = MembershipFactory(
        council=council, status=MembershipStatus.AANGEVRAAGD, organisation__name="Boekhandel Oost"
    )
    member_services.membership_refuse(
        membership=membership, checks={}, reason="Geen deel van de keten.", referred_to=None, by=by
    )
    return membership, "De aanmelding van Boekhandel Oost is afgewezen"


def _appeal_decided(council, by, client):
    membership = MembershipFactory(
        council=council, status=MembershipStatus.IN_BEROEP, organisation__name="Sloperij West"
    )
    member_services.appeal_decide(
        membership=membership, admit=True, decision="Toch passend.", by=by
    )
    return membership, "Het beroep van Sloperij West is toegewezen"


def _dispatch_sent(council, by, client):
    member_of(council)
    meeting = MinutesFactory(meeting__council=council, meeting__starts_at=days_from_now(-7)).meeting
    dispatch = meeting_services.dispatch_send(
        meeting=meeting, what=Dispatch.What.MINUTES, audience=Dispatch.Audience.MEMBERS, by=by
    )
    return dispatch, "Verslag van"


def _invitations_sent(council, by, client):
    package = PackageFactory(council=council, status=Package.Status.VASTGESTELD)
    for name in ("Bouwbedrijf Noord", "Aannemer Zuid"):
        Invitation.objects.create(
            package=package, name=name, email=f"info@{name.split()[1].lower()}.nl", geleding="vraag"
        )
    package_services.invitations_send(package=package, by=by)
    return package, "2 uitnodigingen voor"


def _reminders_sent(council, by, client):
    year = timezone.localdate().year
    ContributionRate.objects.create(
        council=council, year=year, amount=Decimal("150"), set_by_alv_on=date(year, 1, 15)
    )
    member_of(council)
    count = member_services.reminders_send(council=council, year=year, by=by)
    assert count >= 1
    return None, f"{count} herinneringen voor de contributie van {year}"


def _statute_adopted(council, by, client):
    statute = core_services.statute_new_version(council=council, by=by)
    core_services.statute_adopt(statute=statute, adopted_on=date(2025, 3, 1), by=by)
    return statute, "Versie 1 vastgesteld door de ALV op 01-03-2025"


def _council_updated(council, by, client):
    client.force_login(by)
    response = client.post(
        reverse("council_edit", args=[council.slug]),
        council_form_data(council, goal="Betongranulaat in elke aanbesteding.", area="Groningen"),
    )
    assert response.status_code == HTTPStatus.FOUND
    return council, "algemene doelstelling"


def _data_exported(council, by, client):
    client.force_login(by)
    assert client.post(reverse("mydata:my_data_export")).status_code == HTTPStatus.OK
    return by, f"Account {by.pk} heeft de eigen gegevens gedownload"


def _data_erased(council, by, client):
    client.force_login(by)
    client.post(reverse("mydata:my_data_erase"), {"confirm": by.email})
    return by, f"Account {by.pk}: persoonsgegevens gewist"


def _phase_changed(council, by, client):
    back = phases.previous_phase(council.phase)
    core_services.council_phase_change(council=council, to_phase=back, by=by, note="Opnieuw.")
    return council, f"naar {Phase(back).label}"


def _council_published(council, by, client):
    Ketenoverleg.objects.filter(pk=council.pk).update(phase=Phase.VERKENNING, published_at=None)
    core_services.council_publish(council=council, by=by)
    return council, "openbare lijsten"


def _dispatch_resent(council, by, client):
    member_of(council)
    meeting = MinutesFactory(meeting__council=council, meeting__starts_at=days_from_now(-7)).meeting
    dispatch = meeting_services.dispatch_send(
        meeting=meeting, what=Dispatch.What.MINUTES, audience=Dispatch.Audience.MEMBERS, by=by
    )
    AuditEntry.objects.all().delete()  # the first send has its own case
    member_of(council)  # admitted since: the resend reaches them
    meeting_services.dispatch_resend(
        dispatch=dispatch, reason="Nieuw lid", to_all=False, token="t1", by=by
    )
    return dispatch, "opnieuw naar 1 personen (Alle leden): Nieuw lid"


def _mailing_sent(council, by, client):
    contact = ContactPersonFactory(party__council=council, email="ellen@kolk.nl")
    mailing_list = MailingListFactory(council=council, recipients=[contact])
    assert startup_services.mailing_list_send(mailing_list=mailing_list, by=by) == 1
    return mailing_list, "naar 1 contactpersonen"


def _contact_erased(council, by, client):
    contact = ContactPersonFactory(party__council=council, name="Ellen Vos")
    startup_services.contact_erase(contact=contact, by=by)
    return contact.party, "gewist (op verzoek)"


def _package_proposed(council, by, client):
    CouncilFactory(parent=council)
    package = open_package(council)
    AuditEntry.objects.all().delete()
    assert package_services.package_propose(package=package, message="", by=by) == 1
    return package, "voorgesteld aan 1 lokale"


def _statistics_requested(council, by, client):
    period = QuestionFactory(period__council=council, period__name="2025").period
    Period.objects.filter(pk=period.pk).update(status=Period.Status.CONCEPT)
    member_of(council)
    statistics_services.period_open(period=Period.objects.get(pk=period.pk), by=by)
    return period, "Ketenstatistiek 2025: "


def _statistics_published(council, by, client):
    question = QuestionFactory(period__council=council, period__name="2025")
    statistics_services.period_close(period=question.period, by=by)
    statistics_services.period_publish(period=question.period, by=by)
    return question.period, "Ketenstatistiek 2025 gepubliceerd"


CASES = {
    A.COUNCIL_PHASE_CHANGED: (_phase_changed, True),
    A.COUNCIL_PUBLISHED: (_council_published, True),
    A.DISPATCH_RESENT: (_dispatch_resent, True),
    A.MAILING_SENT: (_mailing_sent, True),
    A.CONTACT_ERASED: (_contact_erased, True),
    A.PACKAGE_PROPOSED: (_package_proposed, True),
    A.STATISTICS_REQUESTED: (_statistics_requested, True),
    A.STATISTICS_PUBLISHED: (_statistics_published, True),
    A.ROLE_ASSIGNED: (_role_assigned, True),
    A.ROLE_ENDED: (_role_ended, True),
    A.BOARD_APPOINTED: (_board_appointed, True),
    A.BOARD_REAPPOINTED: (_board_reappointed, True),
    A.BOARD_STEPPED_DOWN: (_board_stepped_down, True),
    A.ROSTER_SET: (_roster_set, True),
    A.FUNCTION_APPOINTED: (_function_appointed, True),
    A.FUNCTION_ENDED: (_function_ended, True),
    A.MEMBER_ADMITTED: (_admitted, True),
    A.MEMBER_REFUSED: (_refused, True),
    A.APPEAL_DECIDED: (_appeal_decided, True),
    A.DISPATCH_SENT: (_dispatch_sent, True),
    A.INVITATIONS_SENT: (_invitations_sent, True),
    A.REMINDERS_SENT: (_reminders_sent, True),
    A.STATUTE_ADOPTED: (_statute_adopted, True),
    A.COUNCIL_UPDATED: (_council_updated, True),
    # A person's own data belongs to no council: only superusers see these.
    A.DATA_EXPORTED: (_data_exported, False),
    A.DATA_ERASED: (_data_erased, False),
}


def test_every_kind_of_action_has_a_case():
    assert set(CASES) == set(A)


@pytest.mark.parametrize("action", CASES)
def test_each_sensitive_action_leaves_exactly_one_entry(action, client):
    council = CouncilFactory()
    by = user_with_role(council, Role.SECRETARIS)
    do, in_council = CASES[action]

    target, words = do(council, by, client)

    entry = AuditEntry.objects.get()
    assert entry.action == action
    assert entry.actor == by
    assert entry.council == (council if in_council else None)
    assert timezone.now() - entry.at < timedelta(minutes=1)
    if target is not None:
        assert (entry.content_type.model_class(), entry.object_id) == (type(target), target.pk)
        assert entry.object_repr
    assert words in entry.text
    assert "%(" not in entry.text


def test_an_action_that_is_refused_leaves_no_entry():
    council = CouncilFactory()
    by = user_with_role(council, Role.SECRETARIS)
    person = UserFactory()
    core_services.role_assign(
        council=council, user=person, role=Role.KETENSECRETARIS, starts_on=date(2025, 1, 1), by=by
    )

    with pytest.raises(ValidationError):
        core_services.role_assign(
            council=council,
            user=person,
            role=Role.KETENSECRETARIS,
            starts_on=date(2025, 2, 1),
            by=by,
        )

    assert AuditEntry.objects.count() == 1


def test_saving_the_council_unchanged_leaves_no_entry(client):
    council = CouncilFactory()
    client.force_login(user_with_role(council, Role.SECRETARIS))

    client.post(reverse("council_edit", args=[council.slug]), council_form_data(council))

    assert not AuditEntry.objects.exists()


def test_appointing_an_elected_nominee_is_one_entry():
    council = CouncilFactory()
    by = user_with_role(council, Role.SECRETARIS)
    candidate = member_of(council)
    election = member_services.election_open(
        council=council, geleding=Seat.AANBOD, closes_on=timezone.localdate(), by=by
    )
    membership = candidate.representations.get().organisation.memberships.get()
    member_services.candidacy_create(
        election=election, membership=membership, user=candidate, statement="Ik doe mee."
    )
    member_services.election_close(election=election, by=by)

    member_services.election_appoint(
        election=election,
        starts_on=timezone.localdate(),
        appointed_by_alv_on=timezone.localdate(),
        by=by,
    )

    assert list(AuditEntry.objects.values_list("action", flat=True)) == [A.BOARD_APPOINTED]


def test_the_summary_is_read_in_the_readers_language():
    council = CouncilFactory()
    audit.record(
        action=A.REMINDERS_SENT,
        by=None,
        council=council,
        summary="%(count)s herinneringen voor de contributie van %(year)s",
        count=4,
        year=2025,
    )
    entry = AuditEntry.objects.get()

    with translation.override("en"):
        assert entry.text == "4 reminders for the contributie of 2025"
        assert entry.get_action_display() == "Contributie reminders sent"
    assert entry.text == "4 herinneringen voor de contributie van 2025"


# The log page ----------------------------------------------------------------------------


def log_url(council) -> str:
    return reverse("audit_log", kwargs={"slug": council.slug})


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anoniem", HTTPStatus.FOUND),
        ("buitenstaander", HTTPStatus.FORBIDDEN),
        ("lid", HTTPStatus.FORBIDDEN),
        ("secretaris elders", HTTPStatus.FORBIDDEN),
        ("kernteamlid met zetel", HTTPStatus.OK),
        (Role.VOORZITTER, HTTPStatus.OK),
        (Role.SECRETARIS, HTTPStatus.OK),
        (Role.PENNINGMEESTER, HTTPStatus.OK),
        (Role.KETENSECRETARIS, HTTPStatus.OK),
        ("kwartiermaker van het programma", HTTPStatus.OK),
        ("superuser", HTTPStatus.OK),
    ],
)
def test_the_log_is_for_the_councils_kernteam_and_secretariat(client, who, expected):
    council = CouncilFactory()
    users = {
        "buitenstaander": UserFactory,
        "lid": lambda: member_of(council),
        "secretaris elders": lambda: user_with_role(CouncilFactory(), Role.SECRETARIS),
        "kernteamlid met zetel": lambda: BoardAppointmentFactory(council=council).user,
        "kwartiermaker van het programma": lambda: user_with_role(None, Role.KWARTIERMAKER),
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
    }
    if who != "anoniem":
        client.force_login(users[who]() if who in users else user_with_role(council, who))

    response = client.get(log_url(council))

    assert response.status_code == expected
    if who == "anoniem":
        assert response["Location"].startswith(reverse("account_login"))


def test_the_log_shows_this_councils_entries_newest_first_and_no_others(client):
    council, other = CouncilFactory(), CouncilFactory()
    secretary = user_with_role(council, Role.SECRETARIS)
    secretary.first_name, secretary.last_name = "Sanne", "de Vries"
    secretary.save()
    for year in (2024, 2025):
        audit.record(
            action=A.REMINDERS_SENT,
            by=secretary,
            council=council,
            summary="%(count)s herinneringen voor de contributie van %(year)s",
            count=3,
            year=year,
        )
    audit.record(
        action=A.ROLE_ASSIGNED, by=None, council=other, summary="Geheim van %(who)s", who="elders"
    )
    audit.record(action=A.DATA_ERASED, by=None, council=None, summary="Account 7 gewist")
    client.force_login(secretary)

    page = client.get(log_url(council))

    text = page.content.decode()
    assert text.index("contributie van 2025") < text.index("contributie van 2024")
    assertContains(page, "Sanne de Vries", count=2)
    assertContains(page, "Contributieherinneringen verstuurd", count=2)
    assertNotContains(page, "Geheim van elders")
    assertNotContains(page, "Account 7 gewist")


def test_the_log_is_linked_from_the_councils_navigation_for_those_who_may_read_it(client):
    council = CouncilFactory()
    client.force_login(user_with_role(council, Role.SECRETARIS))
    assertContains(client.get(reverse("council_detail", args=[council.slug])), log_url(council))

    client.force_login(member_of(council))
    assertNotContains(client.get(reverse("council_detail", args=[council.slug])), log_url(council))


def test_the_log_page_needs_the_same_queries_for_many_entries(client):
    council = CouncilFactory()
    secretary = user_with_role(council, Role.SECRETARIS)
    client.force_login(secretary)

    def add(n):
        for _ in range(n):
            audit.record(
                action=A.ROLE_ASSIGNED,
                by=UserFactory(),
                council=council,
                summary="%(person)s is %(role)s",
                person="Iemand",
                role="Voorzitter",
            )

    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(log_url(council)).status_code == HTTPStatus.OK
    add(30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(log_url(council)).status_code == HTTPStatus.OK

    assert len(many) == len(few)


def test_the_log_pages_after_fifty_entries(client):
    council = CouncilFactory()
    client.force_login(user_with_role(council, Role.SECRETARIS))
    for i in range(51):
        audit.record(action=A.ROLE_ENDED, by=None, council=council, summary="Regel %(i)s", i=i)

    first = client.get(log_url(council))
    second = client.get(log_url(council), {"page": 2})

    assert len(first.context["entries"]) == 50
    assertContains(second, "Regel 0")
    assert client.get(log_url(council), {"page": 9}).status_code == HTTPStatus.NOT_FOUND


# The admin: superusers read everything, nobody writes. ----------------------------------


def test_superusers_read_the_whole_log_in_the_admin(client):
    audit.record(action=A.DATA_ERASED, by=None, council=None, summary="Account 7 gewist")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    page = client.get(reverse("admin:ketenoverleg_auditentry_changelist"))

    assertContains(page, "Account 7 gewist")
    entry = AuditEntry.objects.get()
    assert (
        client.post(
            reverse("admin:ketenoverleg_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert (
        client.get(reverse("admin:ketenoverleg_auditentry_add")).status_code == HTTPStatus.FORBIDDEN
    )
    assert AuditEntry.objects.exists()


def test_staff_without_superuser_rights_do_not_see_the_log(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    client.force_login(staff)

    response = client.get(reverse("admin:ketenoverleg_auditentry_changelist"))

    assert response.status_code == HTTPStatus.FORBIDDEN


# Retention ------------------------------------------------------------------------------


def test_entries_past_the_retention_period_are_pruned_by_the_daily_task(settings):
    settings.AUDIT_LOG_RETENTION_DAYS = 30
    now = timezone.now()
    for days in (31, 29, 1):
        entry = audit.record(action=A.ROLE_ENDED, by=None, council=None, summary=f"{days} dagen")
        AuditEntry.objects.filter(pk=entry.pk).update(at=now - timedelta(days=days))

    assert audit_log_prune.delay().get() == 1

    assert sorted(AuditEntry.objects.values_list("summary", flat=True)) == ["1 dagen", "29 dagen"]


def test_the_prune_task_runs_daily_from_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["audit-log-prune"]

    assert schedule["task"] == audit_log_prune.name
    assert schedule["schedule"] == 24 * 3600

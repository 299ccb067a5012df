"""A package with 500 signatories, a trendlijst with 30 indicators and a list of 40
packages take as many queries as small ones."""

from datetime import timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionpackages.models import Commitment, Measurement, Package, Signature
from ketenoverleg.models import Role
from members.models import Membership, MembershipGeleding, MembershipStatus, Organisation
from tests.actionpackages.factories import (
    GELEDINGEN,
    IndicatorFactory,
    PackageFactory,
    open_package,
)
from tests.actionpackages.helpers import url
from tests.factories import CouncilFactory, user_with_role

pytestmark = pytest.mark.django_db

S = Package.Status


def count_queries(client, page_url, *, shows: str = "") -> int:
    client.get(page_url)  # warm caches (session, content types) outside the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url)
    assert response.status_code == HTTPStatus.OK
    assert shows in response.content.decode()
    return len(queries)


@pytest.fixture
def few_and_many(db):
    return CouncilFactory(slug="weinig"), CouncilFactory(slug="veel")


def add_signatories(package: Package, n: int) -> None:
    """``n`` admitted members that signed, each in one geleding, some in two (bulk, fast)."""
    version = package.current_version
    actions = {a.geleding: a for a in package.actions.all()}
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Ondertekenaar {i:04d}", place="Groningen", email=f"o{i}@x.nl")
        for i in range(n)
    )
    memberships = Membership.objects.bulk_create(
        Membership(organisation=o, council=package.council, status=MembershipStatus.TOEGELATEN)
        for o in organisations
    )
    geledingen = {
        m.pk: [GELEDINGEN[i % 6]] + ([GELEDINGEN[(i + 1) % 6]] if i % 3 == 0 else [])
        for i, m in enumerate(memberships)
    }
    MembershipGeleding.objects.bulk_create(
        MembershipGeleding(membership=m, geleding=g) for m in memberships for g in geledingen[m.pk]
    )
    signatures = Signature.objects.bulk_create(
        Signature(
            package=package,
            version=version,
            organisation=o,
            signer_name=f"Contactpersoon {i}",
            text_sha256=version.sha256,
        )
        for i, o in enumerate(organisations)
    )
    Commitment.objects.bulk_create(
        Commitment(signature=s, action=actions[g])
        for s, m in zip(signatures, memberships, strict=True)
        for g in geledingen[m.pk]
    )


@pytest.mark.parametrize("role", [None, Role.SECRETARIS])
def test_the_package_page(client, few_and_many, role):
    counts = []
    for council, n in zip(few_and_many, (10, 500), strict=True):
        package = open_package(council)
        add_signatories(package, n)
        indicator = IndicatorFactory(package=package)
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                measured_on=timezone.localdate() - timedelta(days=30 * q),
                value=Decimal(q),
            )
            for q in range(1, 5)
        )
        if role:
            client.force_login(user_with_role(council, role))
        last = f"Ondertekenaar {n - 1:04d}"
        counts.append(count_queries(client, package.get_absolute_url(), shows=last))

    assert Signature.objects.filter(package__council=few_and_many[1]).count() == 500
    assert counts[0] == counts[1]


def test_the_package_page_shows_a_bounded_number_of_signatures(client, council):
    from actionpackages.views import SHOWN_SIGNATURES

    package = open_package(council)
    add_signatories(package, SHOWN_SIGNATURES + 25)

    page = client.get(package.get_absolute_url()).content.decode()

    assert page.count("Ondertekenaar 0") == SHOWN_SIGNATURES
    assert f"Alle {SHOWN_SIGNATURES + 25} ondertekenaars" in page
    assert url("signatories", council, pk=package.pk) in page


@pytest.mark.parametrize("role", [None, Role.SECRETARIS])
def test_the_signatories_page(client, few_and_many, role):
    counts = []
    for council, n in zip(few_and_many, (10, 500), strict=True):
        package = open_package(council)
        add_signatories(package, n)
        if role:
            client.force_login(user_with_role(council, role))
        counts.append(
            count_queries(
                client, url("signatories", council, pk=package.pk), shows="Ondertekenaar 0000"
            )
        )

    assert counts[0] == counts[1]


def test_the_signatories_page_is_paginated(client, council):
    from actionpackages.views import SIGNATORIES_PER_PAGE

    package = open_package(council)
    add_signatories(package, SIGNATORIES_PER_PAGE + 3)
    pages_url = url("signatories", council, pk=package.pk)

    first = client.get(pages_url).content.decode()
    second = client.get(pages_url, {"page": 2}).content.decode()
    beyond = client.get(pages_url, {"page": "999"}).content.decode()
    nonsense = client.get(pages_url, {"page": "x" * 200})

    assert first.count("Ondertekenaar 0") == SIGNATORIES_PER_PAGE
    assert second.count("Ondertekenaar 0") == 3
    assert f"Ondertekenaar {SIGNATORIES_PER_PAGE + 2:04d}" in second
    assert beyond.count("Ondertekenaar 0") == 3  # past the end: the last page
    assert nonsense.status_code == HTTPStatus.OK


def test_the_signatories_of_a_package_not_yet_public_are_not_shown(client, council):
    package = PackageFactory(council=council, status=S.CONCEPT)

    response = client.get(url("signatories", council, pk=package.pk))

    assert response.status_code in {HTTPStatus.NOT_FOUND, HTTPStatus.FOUND}
    assert "Ondertekenaars" not in response.content.decode()


def add_indicators(council, n: int) -> None:
    """``n`` indicators on a running package, each with 8 quarterly measurements."""
    package = PackageFactory(council=council, status=S.LOPEND)
    hidden = PackageFactory(council=council, status=S.CONCEPT)
    today = timezone.localdate()
    indicators = [IndicatorFactory(package=package if i % 3 else hidden) for i in range(n)]
    Measurement.objects.bulk_create(
        Measurement(
            indicator=indicator,
            measured_on=today - timedelta(days=91 * q),
            value=Decimal(4 + q),
            source="Opgave",
        )
        for indicator in indicators
        for q in range(8)
    )


@pytest.mark.parametrize("role", [None, Role.KETENSECRETARIS])
def test_the_trendlijst(client, few_and_many, role):
    counts = []
    for council, n in zip(few_and_many, (3, 30), strict=True):
        add_indicators(council, n)
        if role:
            client.force_login(user_with_role(council, role))
        counts.append(count_queries(client, url("trendlijst", council)))

    assert counts[0] == counts[1]


def add_packages(council, n: int) -> None:
    statuses = S.values
    for i in range(n):
        package = PackageFactory(council=council, status=statuses[i % len(statuses)])
        if package.is_public:
            package.starts_on = timezone.localdate()
            package.save()


@pytest.mark.parametrize("role", [None, Role.SECRETARIS])
def test_the_package_list(client, few_and_many, role):
    counts = []
    for council, n in zip(few_and_many, (5, 40), strict=True):
        add_packages(council, n)
        if role:
            client.force_login(user_with_role(council, role))
        counts.append(count_queries(client, url("list", council)))

    assert counts[0] == counts[1]


def test_the_trendlijst_computes_the_series_of_the_page_shown_only(client, council, monkeypatch):
    from actionpackages import selectors
    from actionpackages.views import TrendlijstView

    package = PackageFactory(council=council, status=S.LOPEND)
    for _ in range(TrendlijstView.paginate_by + 5):
        IndicatorFactory(package=package)
    computed = []
    real = selectors.indicator_series
    monkeypatch.setattr(selectors, "indicator_series", lambda i: computed.append(i.pk) or real(i))

    response = client.get(url("trendlijst", council))

    assert response.status_code == HTTPStatus.OK
    assert len(computed) == TrendlijstView.paginate_by
    computed.clear()
    client.get(url("trendlijst", council), {"page": 2})
    assert len(computed) == 5

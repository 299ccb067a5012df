"""Contributie: the amount due, payments, reminders."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from ketenoverleg.models import Role
from members import services
from members.models import (
    ContributionPayment,
    ContributionRate,
    ContributionReminder,
    Membership,
    MembershipStatus,
    Organisation,
)
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import MembershipFactory

YEAR = 2025


def rate(council, amount, kind="", year=YEAR):
    return ContributionRate.objects.create(
        council=council,
        year=year,
        member_kind=kind,
        amount=Decimal(amount),
        set_by_alv_on=date(year - 1, 11, 20),
    )


@pytest.mark.parametrize(
    ("kind", "year", "due"),
    [
        (Organisation.Kind.INSTELLING, YEAR, Decimal("25.00")),
        (Organisation.Kind.BEDRIJF, YEAR, Decimal("100.00")),
        (Organisation.Kind.PERSOON, YEAR, Decimal("100.00")),
        (Organisation.Kind.INSTELLING, YEAR + 1, None),
    ],
    ids=["kind-rate", "general-rate", "general-for-person", "year-without-rate"],
)
def test_contribution_due_prefers_the_rate_for_the_kind(council, kind, year, due):
    rates = [rate(council, "25.00", Organisation.Kind.INSTELLING), rate(council, "100.00")]
    membership = MembershipFactory(council=council, organisation__kind=kind)

    assert services.contribution_due(membership, year, rates) == due


def test_kind_rate_wins_whatever_the_order(council):
    rates = [rate(council, "100.00"), rate(council, "25.00", Organisation.Kind.INSTELLING)]
    membership = MembershipFactory(council=council, organisation__kind="instelling")

    assert services.contribution_due(membership, YEAR, rates) == Decimal("25.00")


def _pay(membership, amount, year=YEAR):
    return services.payment_record(
        membership=membership,
        year=year,
        amount=Decimal(amount),
        paid_on=date(YEAR, 3, 1),
        by=None,
    )


def test_one_payment_per_year(council):
    membership = MembershipFactory(council=council)
    _pay(membership, "100.00")

    with pytest.raises(ValidationError) as refused:
        _pay(membership, "100.00")

    assert "year" in refused.value.message_dict
    _pay(membership, "100.00", year=YEAR + 1)
    assert list(membership.payments.values_list("year", flat=True)) == [YEAR, YEAR + 1]


@pytest.mark.parametrize("amount", ["0", "0.00", "-25.00"])
def test_payment_must_be_positive(council, amount):
    membership = MembershipFactory(council=council)

    with pytest.raises(ValidationError) as refused:
        _pay(membership, amount)

    assert "amount" in refused.value.message_dict
    assert not ContributionPayment.objects.exists()


def test_reminders_go_only_to_unpaid_admitted_members(council, django_capture_on_commit_callbacks):
    rate(council, "100.00")
    rate(council, "40.00", Organisation.Kind.NETWERK)
    treasurer = user_with_role(council, Role.PENNINGMEESTER)
    # The penningmeester sits in the kernteam for a member organisation, which has paid.
    _pay(Membership.objects.get(organisation__representatives__user=treasurer), "100.00")

    def member(**kwargs):
        user = UserFactory()
        return user, MembershipFactory(council=council, organisation__representative=user, **kwargs)

    unpaid_user, unpaid = member(organisation__kind=Organisation.Kind.NETWERK)
    _, paid = member()
    _pay(paid, "100.00")
    _, paid_last_year = member()
    _pay(paid_last_year, "100.00", year=YEAR - 1)
    member(status=MembershipStatus.AANGEVRAAGD)
    member(status=MembershipStatus.OPGEZEGD)
    member(status=MembershipStatus.VOLGER)
    MembershipFactory(council=CouncilFactory(), organisation__representative=UserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send(council=council, year=YEAR, by=treasurer)

    assert sent == 2
    assert set(ContributionReminder.objects.values_list("membership", "year", "sent_by")) == {
        (unpaid.pk, YEAR, treasurer.pk),
        (paid_last_year.pk, YEAR, treasurer.pk),
    }
    assert len(mail.outbox) == 2
    [to_unpaid] = [m for m in mail.outbox if m.to == [unpaid_user.email]]
    assert to_unpaid.subject == f"Herinnering: contributie {YEAR} van Betonketenoverleg Groningen"
    assert "€ 40,00" in to_unpaid.body


def test_reminders_refused_while_no_rate_is_set(council, django_capture_on_commit_callbacks):
    MembershipFactory(council=council, organisation__representative=UserFactory())
    rate(council, "100.00", year=YEAR - 1)

    no_rate = f"voor {YEAR} nog geen contributie"
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match=no_rate),
    ):
        services.reminders_send(council=council, year=YEAR, by=None)

    assert not ContributionReminder.objects.exists()
    assert mail.outbox == []

"""Individual figures are encrypted at rest: what a database dump alone reveals."""

from decimal import Decimal
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from ketenstatistiek import crypto
from ketenstatistiek.models import Submission
from tests.ketenstatistiek.factories import QuestionFactory, add_figure, member_organisation


def test_a_sealed_figure_opens_only_for_its_own_question_and_organisation():
    token = crypto.seal(question_id=7, organisation_id=11, value=Decimal("987654.321"))

    assert crypto.unseal(token, question_id=7, organisation_id=11) == Decimal("987654.321")
    with pytest.raises(crypto.SealError):
        crypto.unseal(token, question_id=7, organisation_id=12)
    with pytest.raises(crypto.SealError):
        crypto.unseal(token, question_id=8, organisation_id=11)


def test_tokens_do_not_show_the_value_or_its_length():
    small = crypto.seal(question_id=1, organisation_id=1, value=Decimal("1"))
    large = crypto.seal(question_id=1, organisation_id=1, value=Decimal("99999999999.999"))

    assert len(small) == len(large)
    assert "99999" not in large and "1" not in small[:0]
    assert crypto.seal(question_id=1, organisation_id=1, value=Decimal("1")) != small  # random IV


def test_another_key_cannot_open_a_token(settings):
    token = crypto.seal(question_id=1, organisation_id=2, value=Decimal("5"))
    settings.KETENSTATISTIEK_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(crypto.SealError):
        crypto.unseal(token, question_id=1, organisation_id=2)


def test_keys_rotate_without_losing_a_figure(settings, db):
    question = QuestionFactory()
    organisation = member_organisation(question.period.council, ["aanbod"])
    add_figure(question, organisation, "aanbod", "123.456")
    old_key = crypto.configured_keys()[0]
    settings.KETENSTATISTIEK_KEYS = [Fernet.generate_key().decode(), old_key]

    out = StringIO()
    call_command("ketenstatistiek_rotate_keys", stdout=out)
    assert "1 figures re-encrypted" in out.getvalue()

    settings.KETENSTATISTIEK_KEYS = settings.KETENSTATISTIEK_KEYS[:1]  # the old key is gone
    submission = Submission.objects.get()
    assert crypto.unseal(
        submission.sealed, question_id=question.pk, organisation_id=organisation.pk
    ) == Decimal("123.456")


def test_production_without_a_key_refuses_instead_of_using_the_development_key(settings):
    settings.PRODUCTION = True
    settings.KETENSTATISTIEK_KEYS = []

    with pytest.raises(ImproperlyConfigured, match="KETENSTATISTIEK_KEYS"):
        crypto.seal(question_id=1, organisation_id=1, value=Decimal("1"))


def test_production_without_a_key_fails_the_system_check(settings):
    from ketenstatistiek.checks import keys_configured

    settings.PRODUCTION = True
    settings.KETENSTATISTIEK_KEYS = []
    assert [e.id for e in keys_configured(None)] == ["ketenstatistiek.E001"]
    settings.KETENSTATISTIEK_KEYS = [Fernet.generate_key().decode()]
    assert keys_configured(None) == []


@pytest.mark.django_db
def test_the_database_holds_no_figure_in_clear():
    question = QuestionFactory()
    organisation = member_organisation(question.period.council, ["aanbod"])
    add_figure(question, organisation, "aanbod", "987654.321")

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM ketenstatistiek_submission")
        rows = cursor.fetchall()
    dump = repr(rows)
    assert "987654" not in dump
    assert "987654" not in str(Submission.objects.get())

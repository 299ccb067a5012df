"""Dates are typed as dag-maand-jaar in a text field: a mistyped date comes back as it
was typed, with a message that names the expected format; ISO dates still work."""

from datetime import date, datetime
from http import HTTPStatus

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from ketenoverleg.forms import DATE_INVALID, DATETIME_INVALID, DateField, DateTimeField
from ketenoverleg.models import Role
from tests.factories import user_with_role


class Form(forms.Form):
    day = DateField(label="Dag")
    moment = DateTimeField(label="Moment", required=False)


@pytest.mark.parametrize("typed", ["31-12-2026", "2026-12-31", "31/12/2026", "31.12.2026"])
def test_a_date_is_read_in_the_usual_ways(typed):
    form = Form({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2026, 12, 31)


@pytest.mark.parametrize("typed", ["31-12-2026 14:30", "2026-12-31T14:30", "2026-12-31 14:30"])
def test_a_moment_is_read_in_the_usual_ways(typed):
    form = Form({"day": "1-1-2026", "moment": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["moment"].replace(tzinfo=None) == datetime(2026, 12, 31, 14, 30)


@pytest.mark.parametrize("typed", ["31-02-2026", "morgen", "2026-13-01", "12-31-2026"])
def test_a_mistyped_date_is_kept_and_the_message_names_the_format(typed):
    form = Form({"day": typed, "moment": "vandaag"})
    assert not form.is_valid()
    assert form.errors["day"] == [str(DATE_INVALID)]
    assert form.errors["moment"] == [str(DATETIME_INVALID)]
    html = str(form["day"])
    assert 'type="text"' in html
    assert f'value="{typed}"' in html
    assert "31-12-2026" in str(DATE_INVALID)


def test_a_date_is_shown_as_dag_maand_jaar_with_a_hint():
    form = Form(initial={"day": date(2026, 3, 5)})
    assert 'value="05-03-2026"' in str(form["day"])
    assert "Dag-maand-jaar" in str(form.fields["day"].help_text)


def test_the_meeting_form_keeps_a_mistyped_start(client, council):
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))
    response = client.post(
        reverse("meetings:create", kwargs={"slug": council.slug}),
        {
            "kind": "kernteam",
            "title": "Kernteam maart",
            "starts_at": "31-02-2027 15:00",
            "ends_at": "01-03-2027 17:00",
            "location": "Stadhuis",
            "invitees": "kernteam",
        },
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'value="31-02-2027 15:00"' in html
    assert 'href="#id_starts_at"' in html
    assert "dag-maand-jaar uu:mm" in html


def test_english_readers_type_dates_the_same_way(settings):
    with translation.override("en"):
        plain = forms.DateField()
        assert plain.clean("31-12-2026") == date(2026, 12, 31)
        assert plain.clean("2026-12-31") == date(2026, 12, 31)
        with pytest.raises(forms.ValidationError) as refused:
            plain.clean("12/31/2026")
        assert "day-month-year" in refused.value.messages[0]

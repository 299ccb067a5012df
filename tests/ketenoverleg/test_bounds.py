"""Bounds on what a form accepts: dates between 1900 and 2100, and free text no longer
than its use needs (issue 12, found 8)."""

import importlib
import inspect
from http import HTTPStatus

import django_filters
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionpackages.models import Signature
from ketenoverleg.forms import DateField, DateTimeField, ModelMultipleChoiceField
from ketenoverleg.models import Geleding, Role
from meetings.models import Meeting
from members.models import Membership, WorkGroup
from tests.actionpackages.factories import open_package, signer
from tests.factories import UserFactory, user_with_role
from tests.members.factories import BoardAppointmentFactory

FORM_MODULES = [
    "ketenoverleg.forms",
    "members.forms",
    "meetings.forms",
    "projects.forms",
    "actionpackages.forms",
    "members.filters",
    "meetings.filters",
    "projects.filters",
]


def form_classes():
    """Every form, formset and filter form the apps define."""
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if not inspect.isclass(value):
                continue
            if issubclass(value, forms.BaseFormSet) and hasattr(value, "form"):
                yield f"{name}.{attribute}", value.form
            elif value.__module__ != name:
                continue
            elif issubclass(value, forms.BaseForm):
                yield f"{name}.{attribute}", value
            elif issubclass(value, django_filters.FilterSet):
                fields = {n: f.field_class(**f.extra) for n, f in value.base_filters.items()}
                yield f"{name}.{attribute}", type(attribute, (forms.Form,), fields)


@pytest.mark.parametrize(("name", "form_class"), list(form_classes()))
def test_every_date_and_multiple_choice_field_is_the_bounded_one(name, form_class):
    """Dates keep to 1900-2100; a choice of several refuses ids too big for a column."""
    for field_name, field in form_class.base_fields.items():
        if isinstance(field, forms.DateTimeField):
            assert isinstance(field, DateTimeField), f"{name}.{field_name}"
        elif isinstance(field, forms.DateField):
            assert isinstance(field, DateField), f"{name}.{field_name}"
        elif isinstance(field, forms.ModelMultipleChoiceField):
            assert isinstance(field, ModelMultipleChoiceField), f"{name}.{field_name}"


@pytest.mark.parametrize(("name", "form_class"), list(form_classes()))
def test_every_free_text_field_has_a_maximum_length(name, form_class):
    for field_name, field in form_class.base_fields.items():
        if type(field) is forms.CharField:
            assert field.max_length, f"{name}.{field_name} takes text of any length"


def meeting_data(**changes):
    return {
        "kind": "kernteam",
        "title": "Kernteam",
        "starts_at": "2026-03-01T10:00",
        "ends_at": "2026-03-01T12:00",
        "location": "Stadhuis",
        "invitees": "kernteam",
    } | changes


@pytest.mark.django_db
@pytest.mark.parametrize("starts_at", ["0001-01-01T00:00", "9999-12-31T23:59", "1899-12-31T10:00"])
def test_a_meeting_in_an_impossible_year_is_refused_at_the_field(client, council, starts_at):
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.post(
        reverse("meetings:create", kwargs={"slug": council.slug}),
        meeting_data(starts_at=starts_at),
    )

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["starts_at"] == ["Kies een datum tussen 1900 en 2100."]
    assert not Meeting.objects.exists()


HUGE = "99999999999999999999"
ORGANISATION = {
    "org-name": "Betonbedrijf Noord",
    "org-kind": "bedrijf",
    "org-place": "Groningen",
    "org-intention_text": "Wij bouwen met granulaatbeton.",
}


@pytest.mark.django_db
def test_a_signature_for_ids_that_cannot_exist_is_refused_at_the_fields(client, council):
    package = open_package(council)
    user, _organisation = signer(council, [Geleding.AANBOD])
    client.force_login(user)

    response = client.post(
        reverse("actionpackages:sign", kwargs={"slug": council.slug, "pk": package.pk}),
        {"organisation": HUGE, "actions": [HUGE], "confirm": "on"},
    )

    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert set(errors) == {"organisation", "actions"}
    assert not Signature.objects.exists()


@pytest.mark.django_db
def test_a_work_group_with_a_member_that_cannot_exist_is_refused_at_the_field(client, council):
    client.force_login(user_with_role(council, Role.SECRETARIS))
    pin = BoardAppointmentFactory(council=council).user

    response = client.post(
        reverse("members:work_group_create", kwargs={"slug": council.slug}),
        {"name": "Werkgroep", "kind": "werkgroep", "members": [HUGE], "linking_pins": [pin.pk]},
    )

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["form"].errors) == ["members"]
    assert not WorkGroup.objects.exists()


@pytest.mark.django_db
def test_a_motivation_of_100000_characters_is_refused_at_the_field(client, council):
    client.force_login(UserFactory())

    response = client.post(
        reverse("members:apply", kwargs={"slug": council.slug}),
        {
            "geledingen": ["aanbod"],
            "supports_goal": "on",
            "listing_consent": "on",
            "motivation": "x" * 100_000,
            **ORGANISATION,
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["motivation"] == [
        "Zorg dat deze waarde niet meer dan 4000 tekens bevat (het zijn er nu 100000)."
    ]
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_the_model_refuses_too_long_text_as_well(council):
    council.goal = "x" * 4_001

    with pytest.raises(ValidationError) as error:
        council.full_clean()

    assert list(error.value.message_dict) == ["goal"]

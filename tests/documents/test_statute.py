"""The statute: a model text filled in per council, versions, adoption and editing."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ketenoverleg import services
from ketenoverleg.models import Ketenoverleg, Role, Statute
from tests.documents.factories import StatuteArticleFactory, StatuteFactory
from tests.factories import CouncilFactory, user_with_role
from tests.members.factories import ANONYMOUS, KERNTEAMLID, MEMBER, OUTSIDER, person

ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.fixture
def secretaris(council):
    return user_with_role(council, Role.SECRETARIS)


def statute_text(statute: Statute) -> str:
    return "\n".join(f"{a.title}\n{a.body}" for a in statute.articles.all())


# The model statute --------------------------------------------------------------------


def test_model_statute_for_an_association_names_kvk_number_and_seat(db):
    council = CouncilFactory(
        name="Vereniging Hout Drenthe",
        organisation_form=Ketenoverleg.OrganisationForm.VERENIGING,
        penvoerder="",
        kvk_number="12345678",
        registered_seat="Assen",
    )
    statute = services.statute_new_version(
        council=council, by=user_with_role(council, Role.SECRETARIS)
    )

    text = statute_text(statute)
    assert "Het ketenoverleg draagt de naam Vereniging Hout Drenthe." in text
    assert "Kamer van Koophandel onder nummer 12345678" in text
    assert "statutaire zetel in Assen" in text
    assert "penvoerder" not in text


def test_model_statute_for_an_informal_council_names_the_penvoerder(council, secretaris):
    statute = services.statute_new_version(council=council, by=secretaris)

    text = statute_text(statute)
    assert "Gemeente Groningen treedt op als penvoerder" in text
    assert "Kamer van Koophandel" not in text
    assert "statutaire zetel" not in text


def test_model_statute_has_seventeen_articles_numbered_in_order(council, secretaris):
    statute = services.statute_new_version(council=council, by=secretaris)

    articles = list(statute.articles.all())
    assert statute.version == 1
    assert not statute.is_adopted
    assert [a.number for a in articles] == list(range(1, 18))
    assert articles[0].title == "Naam"
    assert articles[-1].title == "Wijziging van het statuut"


def test_second_concept_is_refused_while_one_is_open(council, secretaris):
    services.statute_new_version(council=council, by=secretaris)

    with pytest.raises(ValidationError, match="Er is al een conceptversie"):
        services.statute_new_version(council=council, by=secretaris)

    assert council.statutes.count() == 1


# Adoption and new versions -----------------------------------------------------------


def test_adoption_records_the_date_of_the_alv(council, secretaris):
    statute = services.statute_new_version(council=council, by=secretaris)

    services.statute_adopt(statute=statute, adopted_on=date(2025, 4, 2), by=secretaris)

    statute.refresh_from_db()
    assert statute.adopted_on == date(2025, 4, 2)
    assert statute.is_adopted


def test_adoption_in_the_future_is_refused_on_the_date(council, secretaris):
    statute = services.statute_new_version(council=council, by=secretaris)

    with pytest.raises(ValidationError) as refused:
        services.statute_adopt(
            statute=statute, adopted_on=timezone.localdate() + timedelta(days=1), by=secretaris
        )

    assert "adopted_on" in refused.value.error_dict
    statute.refresh_from_db()
    assert statute.adopted_on is None


def test_second_adoption_is_refused(council, secretaris):
    statute = services.statute_new_version(council=council, by=secretaris)
    services.statute_adopt(statute=statute, adopted_on=date(2025, 4, 2), by=secretaris)

    with pytest.raises(ValidationError, match="al vastgesteld"):
        services.statute_adopt(statute=statute, adopted_on=date(2025, 5, 1), by=secretaris)

    statute.refresh_from_db()
    assert statute.adopted_on == date(2025, 4, 2)


def test_statute_without_articles_cannot_be_adopted(council, secretaris):
    statute = StatuteFactory(council=council)

    with pytest.raises(ValidationError, match="zonder artikelen"):
        services.statute_adopt(statute=statute, adopted_on=date(2025, 4, 2), by=secretaris)


def test_new_version_after_adoption_copies_the_articles(client, council, secretaris):
    first = services.statute_new_version(council=council, by=secretaris)
    first.articles.filter(number=2).update(body="Een eigen doel, door de ALV gekozen.")
    services.statute_adopt(statute=first, adopted_on=date(2025, 4, 2), by=secretaris)

    second = services.statute_new_version(council=council, by=secretaris)

    assert second.version == 2
    assert not second.is_adopted
    assert statute_text(second) == statute_text(first)
    assert second.articles.get(number=2).body == "Een eigen doel, door de ALV gekozen."
    client.force_login(secretaris)
    response = client.get(reverse("statute_list", kwargs={"slug": council.slug}))
    assertContains(response, "Versie 1")
    assertContains(response, "2 april 2025")
    assertContains(response, "Versie 2")


# Views --------------------------------------------------------------------------------


@pytest.fixture
def versions(council):
    """Version 1 adopted, version 2 a concept."""
    adopted = StatuteFactory(council=council, version=1, adopted_on=date(2024, 3, 14))
    StatuteArticleFactory(statute=adopted, number=1, title="Naam")
    concept = StatuteFactory(council=council, version=2)
    for number, title in enumerate(["Naam", "Doel", "Werkgebied"], start=1):
        StatuteArticleFactory(statute=concept, number=number, title=title, body=f"Over {title}.")
    return adopted, concept


def list_url(council) -> str:
    return reverse("statute_list", kwargs={"slug": council.slug})


def edit_url(statute) -> str:
    return reverse(
        "statute_edit", kwargs={"slug": statute.council.slug, "version": statute.version}
    )


def detail_url(statute) -> str:
    return statute.get_absolute_url()


def login_as(client, council, who):
    user = person(council, who)
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("who", "sees_concept"),
    [
        (ANONYMOUS, False),
        (OUTSIDER, False),
        (MEMBER, False),
        (KERNTEAMLID, False),
        (Role.SECRETARIS, True),
        (Role.KETENSECRETARIS, True),
        (Role.VOORZITTER, True),
    ],
)
def test_statute_list_shows_concepts_only_to_the_secretariat(
    client, council, versions, who, sees_concept
):
    adopted, concept = versions
    login_as(client, council, who)

    response = client.get(list_url(council))
    concept_page = client.get(detail_url(concept))

    assertContains(response, detail_url(adopted))
    assertContains(response, "14 maart 2024")
    if sees_concept:
        assertContains(response, detail_url(concept))
        assert concept_page.status_code == HTTPStatus.OK
    else:
        assertNotContains(response, detail_url(concept))
        assertNotContains(response, "concept")
        assert concept_page.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        (ANONYMOUS, False),
        (OUTSIDER, False),
        (MEMBER, False),
        (KERNTEAMLID, False),
        (Role.KERNTEAMLID, False),
        (Role.SECRETARIS, True),
        (Role.KETENSECRETARIS, True),
        (Role.VOORZITTER, True),
    ],
)
def test_who_may_start_a_new_version(client, council, who, allowed):
    login_as(client, council, who)

    response = client.post(list_url(council))

    if allowed:
        statute = council.statutes.get()
        assertRedirects(response, edit_url(statute))
        assert statute.articles.count() == 17
    else:
        assert not council.statutes.exists()
        if who == ANONYMOUS:
            assert response.status_code == HTTPStatus.FOUND
            assert response.url.startswith(reverse("account_login"))
        else:
            assert response.status_code == HTTPStatus.FORBIDDEN


def test_new_version_while_a_concept_is_open_shows_why(client, council, versions, secretaris):
    client.force_login(secretaris)

    response = client.post(list_url(council), follow=True)

    assertContains(response, "Er is al een conceptversie")
    assert council.statutes.count() == 2


def formset_data(response, **changes) -> dict:
    """What the browser posts back from the edit page, with ``changes`` per field name."""
    formset = response.context["formset"]
    data = {
        f"{formset.management_form.prefix}-{name}": value
        for name, value in formset.management_form.initial.items()
    }
    for form in formset.initial_forms:
        for field in form:
            value = field.value()
            if value is not None and value is not False:
                data[field.html_name] = value
    data.update(changes)
    return data


def test_edit_saves_changed_text(client, council, versions, secretaris):
    _, concept = versions
    client.force_login(secretaris)
    page = client.get(edit_url(concept))

    response = client.post(
        edit_url(concept),
        formset_data(page, **{"articles-1-body": "Een scherper geformuleerd doel."}),
    )

    assertRedirects(response, detail_url(concept))
    assert concept.articles.get(number=2).body == "Een scherper geformuleerd doel."
    assertContains(client.get(detail_url(concept)), "Een scherper geformuleerd doel.")


def test_edit_can_swap_two_article_numbers(client, council, versions, secretaris):
    _, concept = versions
    client.force_login(secretaris)
    page = client.get(edit_url(concept))

    response = client.post(
        edit_url(concept), formset_data(page, **{"articles-0-number": 2, "articles-1-number": 1})
    )

    assertRedirects(response, detail_url(concept))
    assert [a.title for a in concept.articles.all()] == ["Doel", "Naam", "Werkgebied"]


def post_duplicate_numbers(client, concept):
    page = client.get(edit_url(concept))
    return client.post(
        edit_url(concept),
        formset_data(page, **{"articles-2-number": 1, "articles-2-body": "Nieuwe tekst."}),
    )


def test_edit_with_duplicate_numbers_saves_nothing(client, council, versions, secretaris):
    _, concept = versions
    client.force_login(secretaris)

    response = post_duplicate_numbers(client, concept)

    assert response.status_code == HTTPStatus.OK
    assertContains(response, 'class="form-errors" role="alert"')
    assert [a.number for a in concept.articles.all()] == [1, 2, 3]
    assert concept.articles.get(number=3).body == "Over Werkgebied."


def test_edit_with_duplicate_numbers_says_so_in_plain_dutch(client, council, versions, secretaris):
    _, concept = versions
    client.force_login(secretaris)

    response = post_duplicate_numbers(client, concept)

    assertContains(response, "Twee artikelen hebben hetzelfde nummer.")
    assertNotContains(response, "gegevens voor number")


def test_edit_works_for_articles_with_large_ids(client, council, versions, secretaris):
    _, concept = versions
    StatuteArticleFactory(pk=30_000, statute=concept, number=4, title="Slotbepaling")
    client.force_login(secretaris)
    page = client.get(edit_url(concept))

    response = client.post(
        edit_url(concept), formset_data(page, **{"articles-3-body": "Dit statuut geldt direct."})
    )

    assertRedirects(response, detail_url(concept))
    assert concept.articles.get(number=4).body == "Dit statuut geldt direct."


def test_edit_can_add_and_delete_articles(client, council, versions, secretaris):
    _, concept = versions
    client.force_login(secretaris)
    page = client.get(edit_url(concept))
    data = formset_data(
        page,
        **{
            "articles-2-DELETE": "on",
            "articles-TOTAL_FORMS": 4,
            "articles-3-number": 3,
            "articles-3-title": "Ledenraad",
            "articles-3-body": "Er is een ledenraad.",
        },
    )

    response = client.post(edit_url(concept), data)

    assertRedirects(response, detail_url(concept))
    assert [a.title for a in concept.articles.all()] == ["Naam", "Doel", "Ledenraad"]


def test_adopted_version_cannot_be_edited(client, council, versions, secretaris):
    adopted, _ = versions
    client.force_login(secretaris)

    response = client.get(edit_url(adopted))
    posted = client.post(edit_url(adopted), {})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert posted.status_code == HTTPStatus.FORBIDDEN
    assert adopted.articles.get().title == "Naam"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, HTTPStatus.FOUND),
        (OUTSIDER, HTTPStatus.FORBIDDEN),
        (MEMBER, HTTPStatus.FORBIDDEN),
        (KERNTEAMLID, HTTPStatus.FORBIDDEN),
        (Role.KERNTEAMLID, HTTPStatus.FORBIDDEN),
        (Role.SECRETARIS, HTTPStatus.FOUND),
        (Role.KETENSECRETARIS, HTTPStatus.FOUND),
        (Role.VOORZITTER, HTTPStatus.FOUND),
    ],
)
def test_who_may_edit_a_concept(client, council, versions, secretaris, who, expected):
    _, concept = versions
    client.force_login(secretaris)
    data = formset_data(client.get(edit_url(concept)), **{"articles-0-title": "Naam en zetel"})
    client.logout()
    user = login_as(client, council, who)

    response = client.post(edit_url(concept), data)

    assert response.status_code == expected
    saved = concept.articles.get(number=1).title == "Naam en zetel"
    assert saved is (user is not None and expected == HTTPStatus.FOUND)
    if who == ANONYMOUS:
        assert response.url.startswith(reverse("account_login"))


def test_adoption_through_the_page(client, council, versions, secretaris):
    _, concept = versions
    client.force_login(secretaris)

    response = client.post(detail_url(concept), {"adopted_on": "2025-04-02"})

    assertRedirects(response, detail_url(concept))
    concept.refresh_from_db()
    assert concept.adopted_on == date(2025, 4, 2)
    assertNotContains(client.get(detail_url(concept)), edit_url(concept))


def test_adoption_in_the_future_shows_the_error_on_the_date_field(
    client, council, versions, secretaris
):
    _, concept = versions
    client.force_login(secretaris)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(detail_url(concept), {"adopted_on": tomorrow.isoformat()})

    assert response.status_code == HTTPStatus.OK
    assert response.context["adopt_form"].errors["adopted_on"] == [
        "De ALV kan niet in de toekomst hebben besloten."
    ]
    concept.refresh_from_db()
    assert concept.adopted_on is None

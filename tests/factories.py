"""Shared factory_boy factories; later apps add theirs here."""

from datetime import date

import factory
from allauth.account.models import EmailAddress

from ketenoverleg.models import Ketenoverleg, Role, RoleAssignment, User
from ketenoverleg.signals import council_created

PASSWORD = "een-lang-testwachtwoord"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@voorbeeld.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary address, as allauth requires before login."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ketenoverleg
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ketenoverleg {n}")
    slug = factory.Sequence(lambda n: f"overleg-{n}")
    product_category = "Beton"
    area = "Gemeente Groningen"
    goal = "De betonketen in Groningen samen verduurzamen."
    organisation_form = Ketenoverleg.OrganisationForm.INFORMEEL
    penvoerder = "Gemeente Groningen"
    contact_email = factory.LazyAttribute(lambda o: f"info@{o.slug}.nl")
    founded_on = date(2010, 5, 12)

    @factory.post_generation
    def set_up(self, create, extracted, **kwargs):
        """What services.council_create gives a council: the apps above the core add
        the default criteria and the standard agenda. ``set_up=False`` leaves it bare."""
        if create and extracted is not False:
            council_created.send(sender=Ketenoverleg, council=self, by=None)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Role.LID
    starts_on = date(2024, 1, 1)


def user_with_role(council: Ketenoverleg | None, role: str) -> User:
    user = UserFactory()
    RoleAssignmentFactory(user=user, council=council, role=role)
    return user

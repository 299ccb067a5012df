"""The membership state machine: apply, assess, appeal, end, follow; personal data."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from ketenoverleg.mail import queue_email
from ketenoverleg.models import Geleding, OutgoingEmail, Role, RoleAssignment
from ketenoverleg.roles import roles_for
from members import services
from members.models import (
    BoardAppointment,
    Membership,
    MembershipEvent,
    MembershipGeleding,
    MembershipStatus,
    Organisation,
    Representative,
)
from tests.factories import PASSWORD, CouncilFactory, UserFactory, user_with_role
from tests.members.factories import (
    BoardAppointmentFactory,
    MembershipFactory,
    OrganisationFactory,
)

S = MembershipStatus
ALL_CHECKS = {
    "check_in_chain": True,
    "check_geledingen": True,
    "check_goal": True,
    "check_intention": True,
}


def new_organisation(**changes) -> Organisation:
    fields = {
        "name": "Mortelcentrale Noord",
        "kind": Organisation.Kind.BEDRIJF,
        "place": "Groningen",
        "email": "info@mortelnoord.nl",
        "kvk_number": "12345678",
        "intention_url": "https://mortelnoord.nl/duurzaam",
    }
    return Organisation(**{**fields, **changes})


def apply(council, user, organisation=None, **changes) -> Membership:
    kwargs = {
        "council": council,
        "user": user,
        "organisation": organisation or new_organisation(),
        "geledingen": [Geleding.AANBOD],
        "supports_goal": True,
        "listing_consent": True,
        "motivation": "Wij leveren mortel in de stad.",
    }
    return services.membership_apply(**{**kwargs, **changes})


def saved_rows() -> dict[str, int]:
    models = [Organisation, Representative, Membership, MembershipGeleding, MembershipEvent]
    return {model.__name__: model.objects.count() for model in models}


def applied(council, **kwargs) -> Membership:
    """An application waiting for the kernteam, with a contact person."""
    return MembershipFactory(
        council=council,
        status=S.AANGEVRAAGD,
        organisation__representative=UserFactory(),
        **kwargs,
    )


# Applying ---------------------------------------------------------------------------


def test_application_is_recorded_with_consent_and_announced(
    council, django_capture_on_commit_callbacks
):
    secretary = user_with_role(council, Role.SECRETARIS)
    applicant = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        membership = apply(council, applicant, geledingen=[Geleding.RECYCLING, Geleding.AANBOD])

    membership.refresh_from_db()
    assert membership.status == S.AANGEVRAAGD
    assert membership.geledingen == ["aanbod", "recycling"]
    assert membership.listing_consent is True
    assert membership.listing_consent_text == services.LISTING_CONSENT_TEXT
    assert membership.listing_consent_at is not None
    assert membership.applied_by == applicant
    assert list(membership.organisation.users.all()) == [applicant]
    event = membership.events.get()
    assert (event.from_status, event.to_status, event.by) == ("", S.AANGEVRAAGD, applicant)
    subjects = {tuple(message.to): message.subject for message in mail.outbox}
    assert subjects == {
        (applicant.email,): "Uw aanmelding bij Betonketenoverleg Groningen is ontvangen",
        (secretary.email,): "Nieuwe aanmelding: Mortelcentrale Noord",
    }


def test_application_without_a_kernteam_goes_to_the_council_address(
    council, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply(council, UserFactory())

    assert [council.contact_email] in [message.to for message in mail.outbox]


@pytest.mark.parametrize(
    ("field", "changes", "organisation_changes"),
    [
        ("geledingen", {"geledingen": []}, {}),
        ("supports_goal", {"supports_goal": False}, {}),
        ("listing_consent", {"listing_consent": False}, {}),
        ("intention_text", {}, {"intention_url": "", "intention_text": ""}),
        ("kvk_number", {}, {"kvk_number": "1234567a"}),
    ],
    ids=["no-geleding", "goal-not-supported", "no-listing-consent", "no-intention", "bad-kvk"],
)
def test_bad_application_is_refused_naming_the_field_and_saves_nothing(
    council, django_capture_on_commit_callbacks, field, changes, organisation_changes
):
    before = saved_rows()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as refused,
    ):
        apply(council, UserFactory(), new_organisation(**organisation_changes), **changes)

    assert field in refused.value.message_dict
    assert saved_rows() == before
    assert mail.outbox == []


@pytest.mark.parametrize("status", [S.AANGEVRAAGD, S.TOEGELATEN, S.AFGEWEZEN, S.IN_BEROEP])
def test_second_application_by_the_same_organisation_is_refused(council, status):
    user = UserFactory()
    first = MembershipFactory(council=council, status=status, organisation__representative=user)
    before = saved_rows()

    with pytest.raises(ValidationError) as refused:
        apply(council, user, first.organisation, geledingen=[Geleding.VRAAG])

    assert "organisation" in refused.value.message_dict
    assert saved_rows() == before
    first.refresh_from_db()
    assert (first.status, first.geledingen) == (status, ["aanbod"])


def test_the_same_organisation_may_apply_to_another_council(council):
    user = UserFactory()
    first = MembershipFactory(council=council, organisation__representative=user)

    second = apply(CouncilFactory(), user, first.organisation)

    assert second.status == S.AANGEVRAAGD
    assert first.organisation.memberships.count() == 2


def test_a_former_member_may_apply_again(council):
    user = UserFactory()
    former = MembershipFactory(
        council=council, status=S.OPGEZEGD, organisation__representative=user
    )

    again = apply(council, user, former.organisation)

    assert again.pk != former.pk
    assert again.status == S.AANGEVRAAGD


def test_a_follower_applies_on_the_same_membership(council):
    user = UserFactory()
    follower = services.membership_follow(council=council, user=user)
    organisation = follower.organisation
    organisation.place = "Haren"
    organisation.intention_text = "Ik geef les over circulair bouwen."

    membership = apply(council, user, organisation, geledingen=[Geleding.KENNIS])

    assert membership.pk == follower.pk
    membership.refresh_from_db()
    assert (membership.status, membership.geledingen) == (S.AANGEVRAAGD, ["kennis"])
    assert [(e.from_status, e.to_status) for e in membership.events.all()] == [
        ("", S.VOLGER),
        (S.VOLGER, S.AANGEVRAAGD),
    ]


# Assessment -------------------------------------------------------------------------


@pytest.mark.parametrize("missing", sorted(ALL_CHECKS))
def test_admission_requires_all_four_checks(council, missing):
    membership = applied(council)

    with pytest.raises(ValidationError):
        services.membership_admit(
            membership=membership,
            checks={**ALL_CHECKS, missing: False},
            reason="",
            by=user_with_role(council, Role.SECRETARIS),
        )

    membership.refresh_from_db()
    assert membership.status == S.AANGEVRAAGD
    assert roles_for(membership.organisation.users.get(), council) == frozenset()


def test_admission_makes_the_applicant_a_member(council, django_capture_on_commit_callbacks):
    membership = applied(council)
    applicant = membership.organisation.users.get()
    reviewer = user_with_role(council, Role.SECRETARIS)

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_admit(
            membership=membership, checks=ALL_CHECKS, reason="Welkom!", by=reviewer
        )

    membership.refresh_from_db()
    assert membership.status == S.TOEGELATEN
    assert membership.decided_at is not None
    assert membership.events.get().by == reviewer
    assert Role.LID in roles_for(applicant, council)
    [message] = mail.outbox
    assert message.to == [applicant.email]
    assert message.subject == "Welkom als lid van Betonketenoverleg Groningen"
    assert "Welkom!" in message.body


@pytest.mark.parametrize("reason", ["", "   "])
def test_refusal_requires_a_reason(council, reason):
    membership = applied(council)

    with pytest.raises(ValidationError) as refused:
        services.membership_refuse(
            membership=membership,
            checks={},
            reason=reason,
            referred_to=None,
            by=user_with_role(council, Role.SECRETARIS),
        )

    assert "reason" in refused.value.message_dict
    membership.refresh_from_db()
    assert membership.status == S.AANGEVRAAGD


def test_refusal_may_refer_to_another_council(council, django_capture_on_commit_callbacks):
    membership = applied(council)
    print_chain = CouncilFactory(name="Printketenoverleg Groningen")

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_refuse(
            membership=membership,
            checks={"check_goal": True},
            reason="Een boekwinkel hoort niet in de betonketen.",
            referred_to=print_chain,
            by=user_with_role(council, Role.SECRETARIS),
        )

    membership.refresh_from_db()
    assert membership.status == S.AFGEWEZEN
    assert membership.referred_to == print_chain
    assert membership.can_appeal
    [message] = mail.outbox
    assert "Printketenoverleg Groningen" in message.body
    assert "boekwinkel" in message.body


def test_refusal_cannot_refer_to_the_same_council(council):
    membership = applied(council)

    with pytest.raises(ValidationError) as refused:
        services.membership_refuse(
            membership=membership,
            checks={},
            reason="Past niet.",
            referred_to=council,
            by=user_with_role(council, Role.SECRETARIS),
        )

    assert "referred_to" in refused.value.message_dict
    membership.refresh_from_db()
    assert (membership.status, membership.referred_to) == (S.AANGEVRAAGD, None)


def _refused(council) -> Membership:
    membership = applied(council)
    return services.membership_refuse(
        membership=membership,
        checks={},
        reason="Niet actief in het werkgebied.",
        referred_to=None,
        by=user_with_role(council, Role.SECRETARIS),
    )


def test_appeal_goes_to_the_kernteam_and_can_be_lodged_once(
    council, django_capture_on_commit_callbacks
):
    membership = _refused(council)
    applicant = membership.organisation.users.get()
    chair = BoardAppointmentFactory(council=council).user

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_appeal(
            membership=membership, reason="Wij hebben een vestiging in Haren.", by=applicant
        )
    membership.refresh_from_db()
    assert membership.status == S.IN_BEROEP
    [message] = mail.outbox
    assert chair.email in message.to
    assert applicant.email not in message.to
    assert "Haren" in message.body

    services.appeal_decide(membership=membership, admit=False, decision="Ongegrond.", by=chair)
    membership.refresh_from_db()
    assert membership.status == S.AFGEWEZEN
    assert not membership.can_appeal

    with pytest.raises(ValidationError, match="al eens beroep"):
        services.membership_appeal(membership=membership, reason="Nog eens.", by=applicant)
    membership.refresh_from_db()
    assert (membership.status, membership.appeal_reason) == (
        S.AFGEWEZEN,
        "Wij hebben een vestiging in Haren.",
    )


@pytest.mark.parametrize(("admit", "status"), [(True, S.TOEGELATEN), (False, S.AFGEWEZEN)])
def test_appeal_decision(council, django_capture_on_commit_callbacks, admit, status):
    membership = _refused(council)
    applicant = membership.organisation.users.get()
    services.membership_appeal(membership=membership, reason="Onterecht.", by=applicant)

    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_decide(
            membership=membership,
            admit=admit,
            decision="Na hoor en wederhoor.",
            by=user_with_role(council, Role.VOORZITTER),
        )

    membership.refresh_from_db()
    assert membership.status == status
    assert membership.appeal_decision == "Na hoor en wederhoor."
    assert (Role.LID in roles_for(applicant, council)) is admit
    [message] = mail.outbox
    assert message.subject == "Uitspraak in uw beroep bij Betonketenoverleg Groningen"


def test_appeal_decision_needs_a_motivation(council):
    membership = _refused(council)
    services.membership_appeal(
        membership=membership, reason="Onterecht.", by=membership.organisation.users.get()
    )

    with pytest.raises(ValidationError) as refused:
        services.appeal_decide(
            membership=membership,
            admit=True,
            decision=" ",
            by=user_with_role(council, "voorzitter"),
        )

    assert "decision" in refused.value.message_dict
    membership.refresh_from_db()
    assert membership.status == S.IN_BEROEP


def _admit(membership, by):
    services.membership_admit(membership=membership, checks=ALL_CHECKS, reason="", by=by)


def _refuse(membership, by):
    services.membership_refuse(
        membership=membership, checks={}, reason="Nee.", referred_to=None, by=by
    )


def _appeal(membership, by):
    services.membership_appeal(membership=membership, reason="Onterecht.", by=by)


def _decide(membership, by):
    services.appeal_decide(membership=membership, admit=True, decision="Gegrond.", by=by)


def _end(membership, by):
    services.membership_end(membership=membership, by=by)


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (S.TOEGELATEN, _admit),
        (S.TOEGELATEN, _refuse),
        (S.AFGEWEZEN, _admit),
        (S.AANGEVRAAGD, _appeal),
        (S.TOEGELATEN, _appeal),
        (S.AANGEVRAAGD, _decide),
        (S.AFGEWEZEN, _decide),
        (S.AFGEWEZEN, _end),
        (S.OPGEZEGD, _end),
        (S.VOLGER, _admit),
    ],
    ids=lambda v: v.__name__.strip("_") if callable(v) else str(v),
)
def test_steps_out_of_order_are_refused(council, status, step):
    membership = MembershipFactory(council=council, status=status)

    with pytest.raises(ValidationError):
        step(membership, user_with_role(council, Role.SECRETARIS))

    membership.refresh_from_db()
    assert membership.status == status
    assert not membership.events.exists()


# Ending and following ---------------------------------------------------------------


def test_ending_membership_leaves_list_and_kernteam_but_keeps_history(
    council, django_capture_on_commit_callbacks
):
    seat = BoardAppointmentFactory(council=council)
    member = seat.membership
    MembershipEvent.objects.create(membership=member, to_status=S.TOEGELATEN, note="Toegelaten.")

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_end(membership=member, by=seat.user, note="Wij stoppen.")

    member.refresh_from_db()
    assert member.status == S.OPGEZEGD
    assert member.listing_consent is False
    assert member.ended_at is not None
    assert [(e.from_status, e.to_status) for e in member.events.all()] == [
        ("", S.TOEGELATEN),
        (S.TOEGELATEN, S.OPGEZEGD),
    ]
    assert member not in Membership.objects.public()
    seat.refresh_from_db()
    assert seat.ended_early_on == timezone.localdate()
    assert "Aanbod" in BoardAppointment.objects.vacant_seats(council)
    assert roles_for(seat.user, council) == frozenset()
    [message] = mail.outbox
    assert message.subject == "Uw lidmaatschap van Betonketenoverleg Groningen is beëindigd"


def test_ending_membership_also_ends_an_agreed_next_term(council):
    seat = BoardAppointmentFactory(council=council)
    next_term = services.board_reappoint(
        appointment=seat, appointed_by_alv_on=timezone.localdate(), by=None
    )

    services.membership_end(membership=seat.membership, by=seat.user)

    next_term.refresh_from_db()
    on_next_term = next_term.starts_on + timedelta(days=1)
    assert not BoardAppointment.objects.active(on_next_term).filter(user=seat.user).exists()


def test_following_creates_a_follower_without_a_vote(council):
    user = UserFactory(first_name="Anna", last_name="Bakker")

    follower = services.membership_follow(council=council, user=user)

    assert follower.status == S.VOLGER
    assert follower.organisation.kind == Organisation.Kind.PERSOON
    assert follower.organisation.name == "Anna Bakker"
    assert roles_for(user, council) == frozenset()
    with pytest.raises(ValidationError, match="volgt dit ketenoverleg al"):
        services.membership_follow(council=council, user=user)
    assert Membership.objects.filter(council=council).count() == 1


def test_a_follower_can_stop_following(council):
    follower = services.membership_follow(council=council, user=UserFactory())

    services.membership_end(membership=follower, by=None)

    follower.refresh_from_db()
    assert follower.status == S.OPGEZEGD


# Personal data ----------------------------------------------------------------------


def test_export_holds_the_users_organisations_and_membership_history(council):
    user = UserFactory(email="anna@mortelnoord.nl")
    membership = apply(council, user)
    _admit(membership, user_with_role(council, Role.SECRETARIS))
    OrganisationFactory(name="Niet van Anna")

    data = json.loads(json.dumps(services.personal_data_export(user=user)))

    assert data["user"]["email"] == "anna@mortelnoord.nl"
    [organisation] = data["organisations"]
    assert organisation["name"] == "Mortelcentrale Noord"
    assert organisation["kvk_number"] == "12345678"
    [exported] = organisation["memberships"]
    assert exported["council"] == "Betonketenoverleg Groningen"
    assert exported["status"] == "toegelaten"
    assert exported["geledingen"] == ["aanbod"]
    assert exported["listing_consent_text"] == services.LISTING_CONSENT_TEXT
    assert [(h["from"], h["to"]) for h in exported["history"]] == [
        ("", "aangevraagd"),
        ("aangevraagd", "toegelaten"),
    ]


def test_erasure_anonymises_the_person_and_keeps_company_names(client, council):
    user = UserFactory(email="jan@voorbeeld.nl", first_name="Jan", last_name="Jansen")
    assert client.login(email="jan@voorbeeld.nl", password=PASSWORD)
    client.logout()
    own = MembershipFactory(
        council=council,
        organisation__kind=Organisation.Kind.PERSOON,
        organisation__name="Jan Jansen",
        organisation__representative=user,
    )
    company = MembershipFactory(
        council=council, organisation__name="Jansen Beton B.V.", organisation__representative=user
    )
    role = RoleAssignment.objects.create(user=user, council=council, role=Role.SECRETARIS)
    role_mail = {"template": "ketenoverleg/email/role_assigned", "context": {"assignment": role}}
    queue_email(to=["jan@voorbeeld.nl"], key="alone", **role_mail)
    queue_email(to=["jan@voorbeeld.nl", "piet@voorbeeld.nl"], key="two", **role_mail)

    services.personal_data_erase(user=user)

    assert not OutgoingEmail.objects.filter(key="alone").exists()
    assert OutgoingEmail.objects.get(key="two").to == ["piet@voorbeeld.nl"]

    user.refresh_from_db()
    assert user.email == f"gewist-{user.pk}@invalid.invalid"
    assert (user.first_name, user.last_name, user.is_active) == ("", "", False)
    assert not user.has_usable_password()
    assert not client.login(email="jan@voorbeeld.nl", password=PASSWORD)
    own.refresh_from_db()
    own.organisation.refresh_from_db()
    assert own.organisation.name == "Geanonimiseerd lid"
    assert (own.organisation.email, own.organisation.phone, own.organisation.place) == ("", "", "")
    assert own.status == S.OPGEZEGD
    company.refresh_from_db()
    assert company.organisation.name == "Jansen Beton B.V."
    assert company.status == S.TOEGELATEN
    assert not Representative.objects.filter(user=user).exists()
    role.refresh_from_db()
    assert role.ends_on == timezone.localdate()
    assert services.personal_data_export(user=user)["organisations"] == []


@pytest.mark.parametrize("status", [S.AFGEWEZEN, S.IN_BEROEP])
def test_erasure_works_for_a_refused_natural_person(council, status):
    user = UserFactory()
    MembershipFactory(
        council=council,
        status=status,
        organisation__kind=Organisation.Kind.PERSOON,
        organisation__representative=user,
    )

    services.personal_data_erase(user=user)

    user.refresh_from_db()
    assert user.is_active is False

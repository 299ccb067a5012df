"""allauth's security-key forms (WebAuthn) in formal Dutch, with a bounded name.

allauth reports every failed key ceremony as its "incorrect_code", whose message speaks
of an app's code; here it speaks of the key. A missing or mangled credential (a hand-made
post, or a browser that refused) is a form error, never a 500.
"""

from allauth.mfa.webauthn import forms as webauthn_forms
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NAME_MAX = 100

KEY_NOT_ACCEPTED = _(
    "Uw sleutel werd niet herkend, of het verzoek was verlopen. Kies opnieuw de knop en "
    "volg de aanwijzingen van uw browser."
)
NO_ANSWER = _(
    "Er kwam geen antwoord van een sleutel. Kies de knop en volg de aanwijzingen van uw browser."
)


# A key's answer is a few hundred characters; a registration with a long certificate
# chain a few thousand.
CREDENTIAL_MAX = 20_000


class CredentialField(forms.JSONField):
    """The key's answer as the browser posts it: JSON of a bounded size (deeply nested
    brackets would otherwise exhaust the parser's recursion), never shown again."""

    widget = forms.HiddenInput
    default_error_messages = {"required": NO_ANSWER, "invalid": KEY_NOT_ACCEPTED}

    def to_python(self, value):
        if isinstance(value, str) and len(value) > CREDENTIAL_MAX:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return super().to_python(value)
        except RecursionError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def bound_data(self, data, initial):
        return None

    def prepare_value(self, value):
        # An answer counts once (its challenge is spent): a page shown again starts empty.
        return ""


def _credential_field() -> CredentialField:
    return CredentialField()


def _name_field(required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("Naam van de sleutel"),
        max_length=NAME_MAX,
        required=required,
        help_text=_("Waaraan u de sleutel later herkent, bijvoorbeeld «YubiKey» of «Telefoon»."),
    )


class _KeyMessages:
    """Put the key's own message where allauth would speak of an app's code, and turn
    fido2 choking on a credential that is JSON but no credential into that message."""

    def add_error(self, field, error):
        if isinstance(error, ValidationError) and getattr(error, "code", None) == "incorrect_code":
            error = ValidationError(KEY_NOT_ACCEPTED, code="incorrect_code")
        super().add_error(field, error)

    def _clean_fields(self):
        try:
            super()._clean_fields()
        except (AttributeError, KeyError, TypeError, ValueError):
            self.add_error(None, KEY_NOT_ACCEPTED)

    def _clean_form(self):
        try:
            super()._clean_form()
        except (AttributeError, KeyError, TypeError, ValueError):
            self.add_error(None, KEY_NOT_ACCEPTED)


class AddWebAuthnForm(_KeyMessages, webauthn_forms.AddWebAuthnForm):
    name = _name_field(required=False)
    credential = _credential_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "passwordless" in self.fields:
            self.fields["passwordless"].label = _("Ook inloggen zonder wachtwoord (passkey)")
            self.fields["passwordless"].help_text = _(
                "Dan logt u met alleen deze sleutel in. Uw browser vraagt daarbij om uw "
                "vingerafdruk, gezicht of pincode."
            )


class EditWebAuthnForm(webauthn_forms.EditWebAuthnForm):
    name = _name_field(required=True)


class AuthenticateWebAuthnForm(_KeyMessages, webauthn_forms.AuthenticateWebAuthnForm):
    credential = _credential_field()


class ReauthenticateWebAuthnForm(_KeyMessages, webauthn_forms.ReauthenticateWebAuthnForm):
    credential = _credential_field()


class LoginWebAuthnForm(_KeyMessages, webauthn_forms.LoginWebAuthnForm):
    credential = _credential_field()

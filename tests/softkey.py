"""A security key in software, for tests of the WebAuthn pages without a browser.

It answers the options the site hands the browser (allauth's ``js_data``) the way a
real key does: a new ES256 key pair with "none" attestation on registration, a signed
assertion on authentication, both bound to the challenge and to the origin
http://localhost (browsers and fido2 allow WebAuthn on localhost without https, so the
test client must ask for that host).
"""

import json
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import sha256, websafe_decode, websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

HOST = "localhost"
ORIGIN = f"http://{HOST}"


class SoftKey:
    def __init__(self, *, rp_id: str = HOST, origin: str = ORIGIN):
        self.rp_id = rp_id
        self.origin = origin
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.user_handle = b""
        self.counter = 0

    def _client_data(self, kind: str, options: dict) -> CollectedClientData:
        return CollectedClientData.create(
            type=kind, challenge=websafe_decode(options["challenge"]), origin=self.origin
        )

    def register(self, creation_options: dict, *, resident: bool = False) -> str:
        """The credential (as the form posts it) for ``creation_options["publicKey"]``."""
        options = creation_options["publicKey"]
        self.user_handle = websafe_decode(options["user"]["id"])
        credential = AttestedCredentialData.create(
            b"\0" * 16,
            self.credential_id,
            ES256.from_cryptography_key(self.private_key.public_key()),
        )
        flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV | AuthenticatorData.FLAG.AT
        auth_data = AuthenticatorData.create(sha256(self.rp_id.encode()), flags, 0, credential)
        client_data = self._client_data("webauthn.create", options)
        return json.dumps(
            {
                "id": websafe_encode(self.credential_id),
                "rawId": websafe_encode(self.credential_id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": websafe_encode(client_data),
                    "attestationObject": websafe_encode(
                        AttestationObject.create("none", auth_data, {})
                    ),
                },
                "clientExtensionResults": {"credProps": {"rk": resident}},
            }
        )

    def assertion(self, request_options: dict) -> str:
        """The signed answer (as the form posts it) to ``request_options["publicKey"]``."""
        options = request_options["publicKey"]
        self.counter += 1
        flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV
        auth_data = AuthenticatorData.create(sha256(self.rp_id.encode()), flags, self.counter)
        client_data = self._client_data("webauthn.get", options)
        signature = self.private_key.sign(
            bytes(auth_data) + client_data.hash, ec.ECDSA(hashes.SHA256())
        )
        return json.dumps(
            {
                "id": websafe_encode(self.credential_id),
                "rawId": websafe_encode(self.credential_id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": websafe_encode(client_data),
                    "authenticatorData": websafe_encode(auth_data),
                    "signature": websafe_encode(signature),
                    "userHandle": websafe_encode(self.user_handle),
                },
                "clientExtensionResults": {},
            }
        )

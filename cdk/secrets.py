"""The JWT signing key: a Secrets Manager secret generated at deploy time.

Its value is `{"kid": "<stage>-1", "secret": "<64 random characters>"}`, the
single-key form `courtside.domain.tokens.parse_key_set` accepts. To rotate, put
`{"keys": [{"kid": "<new>", "secret": "<new>"}, {"kid": "<stage>-1", ...}]}` (newest
first) in the secret; the functions pick it up within their secret cache time, and the
old entry can go after one token lifetime. Only the `auth` and `authorizer` functions
may read it (`grant_read` in the stack).
"""

from __future__ import annotations

import json

from aws_cdk import RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from cdk.nag import acknowledge

KEY_LENGTH = 64


class JwtSigningKey(Construct):
    """A generated HS256 key set, readable only by what the stack grants."""

    def __init__(self, scope: Construct, construct_id: str, *, stage: str) -> None:
        super().__init__(scope, construct_id)
        self.secret = secretsmanager.Secret(
            self,
            "Secret",
            description=f"Courtside {stage}: JWT signing keys (newest first)",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                secret_string_template=json.dumps({"kid": f"{stage}-1"}),
                generate_string_key="secret",
                password_length=KEY_LENGTH,
                exclude_punctuation=True,
            ),
            removal_policy=RemovalPolicy.DESTROY,
        )
        acknowledge(
            self.secret,
            (
                "AwsSolutions-SMG4",
                "Signing keys rotate by putting a new key in front of the set (tokens "
                "signed with the old one stay valid until they expire); a rotation "
                "function replacing the value would log everyone out. See README.",
            ),
        )

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let one function read the key set (only auth and authorizer are granted)."""
        return self.secret.grant_read(grantee)

"""What the test provider says about a person: the claims the tests gave it for them."""

from typing import Any

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator

# The application whose ID tokens name another service as their audience: a provider
# mis-set, or a token meant for someone else, which the relying party must refuse.
WRONG_AUDIENCE = "wrong-audience"


class PeopleValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever the scopes (amr has no scope)

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        claims = dict(settings.PEOPLE[request.user.username]["claims"])
        if request.client is not None and request.client.name == WRONG_AUDIENCE:
            claims["aud"] = "another-service"
        return claims

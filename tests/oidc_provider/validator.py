from oauth2_provider.oauth2_validators import OAuth2Validator

from . import UNVERIFIED_GROUP


class Validator(OAuth2Validator):
    """The claims an organisation's directory gives: e-mail (verified or not), name, groups."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "groups": "profile"}

    def get_additional_claims(self, request):
        user = request.user
        groups = list(user.groups.values_list("name", flat=True))
        return {
            "email": user.email,
            "email_verified": UNVERIFIED_GROUP not in groups,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "groups": [name for name in groups if name != UNVERIFIED_GROUP],
        }

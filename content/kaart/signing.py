"""Personal links for providers: "kloppen uw gegevens nog?".

A link carries one organisation and one purpose, signed with the project's secret key
(:mod:`django.core.signing`, with its own salt) and a timestamp, so that it

* cannot be altered (another organisation, another purpose: the signature no longer fits),
* expires (``SOCIALE_KAART_PROVIDER_LINK_DAYS``, 30 days by default),
* only reaches the entries of that one organisation (the views check each entry against it),
* can be revoked: a coordinator revokes every link of one organisation issued so far
  (``Organisation.provider_links_revoked_at``; the link carries its moment of issue).
"""

import datetime

from django.conf import settings
from django.core import signing
from django.utils import timezone

SALT = "kaart.provider-check"
PURPOSE = "provider-check"


class InvalidProviderLink(Exception):
    """The link was altered, is for something else, has expired or was revoked (``reason``:
    ``"invalid"``, ``"expired"`` or ``"revoked"``)."""

    def __init__(self, reason="invalid"):
        super().__init__(reason)
        self.reason = reason

    @property
    def expired(self):
        return self.reason == "expired"


def link_lifetime():
    return datetime.timedelta(days=getattr(settings, "SOCIALE_KAART_PROVIDER_LINK_DAYS", 30))


def make_provider_token(organisation):
    """A signed token for one organisation's check page."""
    issued = int(timezone.now().timestamp() * 1000)  # milliseconds: a revocation right after still counts
    return signing.dumps({"org": organisation.pk, "purpose": PURPOSE, "at": issued}, salt=SALT)


def read_provider_token(token):
    """``(organisation id, moment of issue in milliseconds)`` of a token; raises
    :class:`InvalidProviderLink`. Links from before revocation existed count as issued at 0."""
    try:
        data = signing.loads(token, salt=SALT, max_age=link_lifetime())
    except signing.SignatureExpired:
        raise InvalidProviderLink("expired") from None
    except signing.BadSignature:
        raise InvalidProviderLink() from None
    if not isinstance(data, dict) or data.get("purpose") != PURPOSE or not isinstance(data.get("org"), int):
        raise InvalidProviderLink()
    issued = data.get("at", 0)
    return data["org"], issued if isinstance(issued, int) else 0


def check_not_revoked(token_data_issued_at, organisation):
    """Raise :class:`InvalidProviderLink` (``"revoked"``) for a link issued before the
    organisation's links were revoked."""
    revoked = organisation.provider_links_revoked_at
    if revoked is not None and token_data_issued_at <= revoked.timestamp() * 1000:
        raise InvalidProviderLink("revoked")

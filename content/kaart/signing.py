"""Personal links for providers: "kloppen uw gegevens nog?".

A link carries one organisation and one purpose, signed with the project's secret key
(:mod:`django.core.signing`, with its own salt) and a timestamp, so that it

* cannot be altered (another organisation, another purpose: the signature no longer fits),
* expires (``SOCIALE_KAART_PROVIDER_LINK_DAYS``, 30 days by default),
* only reaches the entries of that one organisation (the views check each entry against it).
"""

import datetime

from django.conf import settings
from django.core import signing

SALT = "kaart.provider-check"
PURPOSE = "provider-check"


class InvalidProviderLink(Exception):
    """The link was altered, is for something else, or has expired (``expired`` says which)."""

    def __init__(self, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def link_lifetime():
    return datetime.timedelta(days=getattr(settings, "SOCIALE_KAART_PROVIDER_LINK_DAYS", 30))


def make_provider_token(organisation):
    """A signed token for one organisation's check page."""
    return signing.dumps({"org": organisation.pk, "purpose": PURPOSE}, salt=SALT)


def read_provider_token(token):
    """The organisation id in a token; raises :class:`InvalidProviderLink`."""
    try:
        data = signing.loads(token, salt=SALT, max_age=link_lifetime())
    except signing.SignatureExpired:
        raise InvalidProviderLink(expired=True) from None
    except signing.BadSignature:
        raise InvalidProviderLink() from None
    if not isinstance(data, dict) or data.get("purpose") != PURPOSE or not isinstance(data.get("org"), int):
        raise InvalidProviderLink()
    return data["org"]

"""Outgoing mail, logged: the ``leergang.mail`` logger records every mail sent (its kind and the
ids of the users it went to; never an address, a name or the text) and every failure with its
traceback.

``EMAIL_BACKEND`` is :class:`LoggingEmailBackend`, which hands the mail to the backend in
``LEERGANG_EMAIL_BACKEND`` (SMTP in production, the console in ``make run``). Code that sends a
mail says what kind it is with ``with mail_kind("reminder"): ...``; Django's own mails (password
reset, errors to ``ADMINS``) are logged too, as the kind the caller set or "other".
"""

from __future__ import annotations

import contextlib
import contextvars
import logging

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import Q

logger = logging.getLogger("leergang.mail")

_kind = contextvars.ContextVar("leergang_mail_kind", default="other")


@contextlib.contextmanager
def mail_kind(kind: str):
    """Mails sent inside this block are logged as ``kind``."""
    token = _kind.set(kind)
    try:
        yield
    finally:
        _kind.reset(token)


def _recipients(message):
    """(sorted user ids, number of addresses that are nobody's account) of one message."""
    from django.contrib.auth import get_user_model

    addresses = {a.strip().lower() for a in message.recipients() if a and a.strip()}
    if not addresses:
        return [], 0
    match = Q()
    for address in addresses:
        match |= Q(email__iexact=address)
    users = list(get_user_model().objects.filter(match).values_list("pk", "email"))
    known = {email.strip().lower() for _pk, email in users}
    return sorted(pk for pk, _email in users), len(addresses - known)


class LoggingEmailBackend(BaseEmailBackend):
    """Sends through ``settings.LEERGANG_EMAIL_BACKEND`` and logs each message."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.inner = get_connection(settings.LEERGANG_EMAIL_BACKEND, fail_silently=fail_silently, **kwargs)

    def open(self):
        return self.inner.open()

    def close(self):
        return self.inner.close()

    def send_messages(self, email_messages):
        messages = list(email_messages or [])
        if not messages:
            return 0
        kind = _kind.get()
        recipients = [_recipients(message) for message in messages]
        try:
            sent = self.inner.send_messages(messages)
        except Exception:
            for user_ids, external in recipients:
                logger.exception("mail failed kind=%s user_ids=%s external=%d", kind, user_ids, external)
            raise
        sent = sent or 0
        for index, (user_ids, external) in enumerate(recipients):
            if index < sent:
                logger.info("mail sent kind=%s user_ids=%s external=%d", kind, user_ids, external)
            else:
                logger.error("mail not sent kind=%s user_ids=%s external=%d", kind, user_ids, external)
        return sent

"""Logging helpers for ``LOGGING`` (production): every line says which request and whose, by
id only, never a name or an e-mail address."""

import logging


class RequestContextFilter(logging.Filter):
    """Adds ``request_path`` and ``user_id`` to every record ("-" outside a request).

    The user is taken only when the request already loaded it (no database query from a log
    line, which may be about the database being down)."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_path = getattr(request, "path", "-") if request is not None else "-"
        user = getattr(request, "_cached_user", None) if request is not None else None
        record.user_id = user.pk if user is not None and user.is_authenticated else "-"
        return True

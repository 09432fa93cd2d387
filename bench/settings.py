"""Production settings plus the benchmark app: what `make bench` serves and loads.

Everything else (DEBUG off, the Redis cache, PostgreSQL, the security middleware, two-step
verification for the admin) is production's, from the environment the runner sets."""

import os

from leergang.settings.production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405

# A benchmark never mails anyone (publishing, reminders): mails stay in memory.
LEERGANG_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# collectstatic of the run goes to its own temporary directory, not the checkout's.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405

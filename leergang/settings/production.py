"""Production settings: everything secret or site-specific comes from the environment."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production needs a long random secret in the SECRET_KEY "
        "environment variable, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=600, conn_health_checks=True)}
    # Behind PgBouncer in transaction pooling mode (docs/deploy.md): a server connection serves
    # whichever client transaction comes next, so Django keeps no connection of its own open
    # between requests and opens no server-side cursors (they would outlive the transaction).
    if os.environ.get("DATABASE_POOLER", "").lower() == "pgbouncer":
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

# The cache: Redis (REDIS_URL, e.g. redis://redis:6379/0), shared by every app server, holds
# the rendered lesson bodies, the site structure and each person's progress facts
# (modules.progress_cache, modules/templatetags/lesson_body.py). Keys carry a prefix, so one
# Redis can serve more sites; a key lives a day unless its code says otherwise; a Redis that does
# not answer within a second fails the request at once instead of holding a worker (see
# docs/architecture.md, "Caches"). Without REDIS_URL each process keeps its own local-memory
# cache (fine for one process; more processes would each cache apart).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "leergang.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "leergang"),
            "TIMEOUT": int(os.environ.get("CACHE_TIMEOUT", 60 * 60 * 24)),
            "OPTIONS": {
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
                "retry_on_timeout": False,
                "health_check_interval": 30,
            },
        }
    }
    # Sessions: read from Redis, written through to the database ("cached_db"): no session query
    # on a request whose session is in the cache, and no one is logged out when Redis restarts
    # or evicts keys (the database keeps every session).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded images and documents on S3-compatible object storage when MEDIA_S3_BUCKET is set
# (needs the "s3" extra, django-storages with boto3; docs/deploy.md). The credentials come from
# boto3's own environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the instance
# role, never from here. Files are private: links to them are signed and expire.
if os.environ.get("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MEDIA_S3_BUCKET"],
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Search on OpenSearch or Elasticsearch when SEARCH_URL is set (one or more addresses,
# separated by commas); Wagtail's database backend (base settings) otherwise. SEARCH_BACKEND
# names Wagtail's backend module for the cluster's version. After switching: update_index.
SEARCH_BACKENDS = ("opensearch2", "opensearch3", "elasticsearch7", "elasticsearch8", "elasticsearch9")
if os.environ.get("SEARCH_URL"):
    _search_backend = os.environ.get("SEARCH_BACKEND", "opensearch2")
    if _search_backend not in SEARCH_BACKENDS:
        raise ImproperlyConfigured(f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}.")
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"wagtail.search.backends.{_search_backend}",
            "URLS": [url.strip() for url in os.environ["SEARCH_URL"].split(",") if url.strip()],
            "INDEX": os.environ.get("SEARCH_INDEX", "leergang"),
            "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", 5)),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }

# sent through leergang.mail.LoggingEmailBackend (base), which logs every mail
LEERGANG_EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
SOCIALE_KAART_CONTACT_EMAIL = os.environ.get("SOCIALE_KAART_CONTACT_EMAIL", "")
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else ""
).rstrip("/")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes over plain HTTP inside the network
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Wagtail's live preview shows the page in a same-origin iframe, so SAMEORIGIN (not DENY) is
# deliberate; framing by other sites stays blocked.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Errors go to stdout (the platform collects it), with the traceback of every 500, the request
# path and the user's id (no names or e-mail addresses). ADMINS ("Name <address>, ...") also get
# a mail for every 500 when set.
ADMINS = [
    (admin.split("<")[0].strip(), admin.split("<")[-1].rstrip("> ").strip())
    for admin in os.environ.get("ADMINS", "").split(",")
    if admin.strip()
]
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "leergang.log.RequestContextFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s path=%(request_path)s user=%(user_id)s %(message)s"
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["request_context"],
        },
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {
            "handlers": ["stdout", *(["mail_admins"] if ADMINS else [])],
            "level": "WARNING",
            "propagate": False,
        },
        "django.security": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        "leergang.mail": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
LEERGANG_REQUIRE_2FA = True  # coördinatoren and beheerders need a second factor for /admin/

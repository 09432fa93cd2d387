from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-leergang-toegang"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
LEERGANG_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
SOCIALE_KAART_CONTACT_EMAIL = "sociale-kaart@gemeente-zoetermeer.example.nl"

# A DATABASE_URL (e.g. the throwaway PostgreSQL of `make test`) overrides the SQLite default.
import os  # noqa: E402

if os.environ.get("DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.config(conn_max_age=0)}

"""Settings shared by every environment. Environment-specific files import from here."""

import datetime
import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "leergang",
    "content",
    "content.kaart",
    "modules",
    "quizzes",
    "practice",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "leergang.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "modules.middleware.SiteFromStructureMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "leergang.twofactor.AdminTwoFactorMiddleware",
    "leergang.middleware.LoginRequiredMiddleware",
    "leergang.middleware.SecurityHeadersMiddleware",
    "leergang.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "leergang.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "leergang.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "leergang.menu.menu",
            ],
        },
    },
]

WSGI_APPLICATION = "leergang.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
        # Write-ahead log: readers do not wait for the writer, and a commit needs no sync of the
        # whole file (safe against corruption; a power cut may lose the last commit). Makes
        # `make run`'s migrate and demo data about ten seconds faster. Production: PostgreSQL.
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
    }
}

# One process (make run, the tests): the local-memory cache. Room for every person's progress
# facts (modules.progress_cache) and the site structure together: Django's default of 300
# entries would cull the structure as soon as a few hundred people are cached, and rebuild it.
# Production with more than one process sets REDIS_URL (leergang/settings/production.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

AUTH_USER_MODEL = "leergang.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username, or
# from one address, logging in is refused (even with the right password) for AXES_COOLOFF_TIME;
# a beheerder unlocks earlier under Settings → "Locked logins". Covers every login that goes
# through django.contrib.auth.authenticate: the site, the Wagtail admin, /_util/login/.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "leergang.auth.PasswordBackend",  # ModelBackend; refuses OIDC-only staff and people who left
]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LEERGANG_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per person, per address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "leergang.views.login_locked_out"
AXES_VERBOSE = False
AXES_WHITELIST_CALLABLE = "leergang.oidc.is_organisation_sign_in"
LEERGANG_PASSWORD_RESET_MAILS_PER_HOUR = int(os.environ.get("LEERGANG_PASSWORD_RESET_MAILS_PER_HOUR", "3"))

# Months after someone left before `bewaartermijn` erases their learning data (AVG).
LEERGANG_RETENTION_MONTHS = int(os.environ.get("LEERGANG_RETENTION_MONTHS", "24"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# The NL Design System CSS the pages use is static/vendor/nlds.css, selected from the npm
# packages (package.json) by `make css` (scripts/build_css.py) and committed: no npm to serve.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Leergang Toegang"
WAGTAILADMIN_USER_LOGIN_FORM = "leergang.forms.AdminLoginForm"
# The one public address of the site: every link in every e-mail starts with it (admin links,
# reminders, the sociale kaart's mails, password reset), and `demo_data` sets the Wagtail Site
# record (page links in the review mails) from it. Set it to where people open the site.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# One e-mail per review event: the review task's mail reaches its groups (coördinatoren and
# beheerders); with superusers included, a beheerder got the workflow's mail besides.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # Wagtail's database backend, plus prefix search for the sociale kaart (content/search.py)
        "BACKEND": "content.search_backend",
        "SEARCH_CONFIG": "dutch",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = False
# Approving the "Leerstof review" publishes, though reviewers hold no publish permission.
WAGTAIL_FINISH_WORKFLOW_ACTION = "modules.workflows.publish_approved"

# Every mail goes through the logging backend (leergang.mail) to LEERGANG_EMAIL_BACKEND.
EMAIL_BACKEND = "leergang.mail.LoggingEmailBackend"
LEERGANG_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = "Leergang Toegang <leergang@zoetermeer.example>"
# Where providers (no account) can reach the coordinator of the sociale kaart; shown on their
# pages when set. Empty: they are told to contact the gemeente or reply to the e-mail.
SOCIALE_KAART_CONTACT_EMAIL = ""

SESSION_COOKIE_HTTPONLY = True
# Idle timeout: a session ends after LEERGANG_SESSION_IDLE_HOURS without a request
# (leergang.middleware.SessionIdleTimeoutMiddleware moves the expiry on).
SESSION_COOKIE_AGE = int(float(os.environ.get("LEERGANG_SESSION_IDLE_HOURS", "8")) * 3600)
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "leergang.views.csrf_failure"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Hosts whose video embeds a lesson may show (Content-Security-Policy frame-src).
LEERGANG_EMBED_HOSTS = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]

# Sign-in with the organisation's account (OpenID Connect, mozilla-django-oidc): active only when
# the provider is configured in the environment (docs/accounts.md, with the values for Entra ID).
# Partners outside the organisation's directory keep their password accounts.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
# People are matched by their e-mail address, only when the provider says it is verified.
OIDC_EMAIL_VERIFIED_CLAIM = os.environ.get("OIDC_EMAIL_VERIFIED_CLAIM", "email_verified")
# Unknown people are refused unless this is on; then they get an account (role Medewerker).
OIDC_CREATE_USERS = os.environ.get("OIDC_CREATE_USERS", "").lower() in ("1", "true", "yes", "on")
# A claim (e.g. "groups" or "department") whose value names the person's team; OIDC_TEAM_MAPPING
# ("value=Team name;other value=Other team") translates values, else the value is the team's name.
OIDC_TEAM_CLAIM = os.environ.get("OIDC_TEAM_CLAIM", "")
OIDC_TEAM_MAPPING = os.environ.get("OIDC_TEAM_MAPPING", "")
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "login"
LEERGANG_OIDC_BACKEND = "leergang.oidc.OrganisationAccountBackend"
if OIDC_RP_CLIENT_ID and OIDC_OP_AUTHORIZATION_ENDPOINT:
    AUTHENTICATION_BACKENDS.append(LEERGANG_OIDC_BACKEND)

# Two-step verification (django-otp) for password sign-ins that reach the Wagtail admin
# (coördinatoren, beheerders); on in production, off in development and the demo.
LEERGANG_REQUIRE_2FA = False
OTP_TOTP_ISSUER = "Leergang Toegang"

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
            ],
        },
    },
]

WSGI_APPLICATION = "leergang.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
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
    "leergang.backends.StaffBackend",  # ModelBackend, without the people who have left
]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LEERGANG_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per person, per address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "leergang.views.login_locked_out"
AXES_VERBOSE = False
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
STATICFILES_DIRS = [BASE_DIR / "static"]
# NL Design System CSS, installed by `npm ci` (see package.json), served as our own static files.
NODE_MODULES_DIR = BASE_DIR / "node_modules"
for _prefix, _package in [
    ("vendor/utrecht", "@utrecht/component-library-css/dist"),
    ("vendor/voorbeeld", "@nl-design-system-unstable/voorbeeld-design-tokens/dist"),
]:
    if (NODE_MODULES_DIR / _package).exists():
        STATICFILES_DIRS.append((_prefix, NODE_MODULES_DIR / _package))
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
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
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

"""Carepanel's settings: one module, driven by environment variables.

CAREPANEL_MODE picks between the demo (the default: runs on a laptop with nothing
configured) and production (refuses to start without the secret and host names it
needs). Every variable is documented in .env.example and the README.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def env_str(name: str, default: str | None = None) -> str:
    """The variable's value; without a default, a missing or empty variable is fatal."""
    value = os.environ.get(name, "")
    if value:
        return value
    if default is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name} must be 1, true, yes or on, or 0, false, no or off."
    )


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; without a default, a missing or empty list is fatal."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    if items:
        return items
    if default is None:
        raise ImproperlyConfigured(
            f"Set the environment variable {name} to a comma-separated list."
        )
    return list(default)


CAREPANEL_MODE = env_str("CAREPANEL_MODE", "demo")
if CAREPANEL_MODE not in {"demo", "production"}:
    raise ImproperlyConfigured(
        "The environment variable CAREPANEL_MODE must be demo or production."
    )
PRODUCTION = CAREPANEL_MODE == "production"

# Where the demo keeps its database and secret key; CAREPANEL_VAR_DIR moves them, so
# that the tests and a read-only checkout can keep them elsewhere.
VAR_DIR = Path(env_str("CAREPANEL_VAR_DIR", str(BASE_DIR / "var")))


def _demo_secret_key() -> str:
    """A random key made on first run and kept, so that demo sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"secret_key.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(get_random_secret_key())
        # link() never replaces a file: when two processes start at once, the first key
        # written wins and both read it back.
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text(encoding="ascii").strip()


DEBUG = env_bool("DJANGO_DEBUG", False)

if PRODUCTION:
    if DEBUG:
        # Debug pages show request data and settings: never for special-category data.
        raise ImproperlyConfigured(
            "The environment variable DJANGO_DEBUG must be off in production."
        )
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
else:
    # The demo serves static files from their packages; an empty STATIC_ROOT keeps
    # WhiteNoise from warning that collectstatic has not been run.
    (VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "") or _demo_secret_key()
    ALLOWED_HOSTS = env_list(
        "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"]
    )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: runserver then serves static files through WhiteNoise, as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "carepanel.core",
    "carepanel.accounts",
    "carepanel.children",
    "carepanel.referrals",
    "carepanel.meetings",
    "carepanel.decisions",
    "carepanel.audit",
    "carepanel.home",
    "carepanel.api",
    "carepanel.demo",
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home:home"
# Every form field is drawn as the GOV.UK Design System draws it (core/forms.py).
FORM_RENDERER = "carepanel.core.forms.GovukFormRenderer"
CSRF_FAILURE_VIEW = "carepanel.core.web.csrf_failure"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "carepanel.api.middleware.json_method_not_allowed",
]

ROOT_URLCONF = "carepanel.urls"
WSGI_APPLICATION = "carepanel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The navigation and its badges: the home app's, above every domain app.
                "carepanel.home.navigation.navigation",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "carepanel.sqlite3"),
            "OPTIONS": {
                # Two people at once must wait for each other, not fail with "database is
                # locked": the write-ahead log lets readers read while one writes; a
                # transaction takes the write lock when it begins (IMMEDIATE), so one that
                # read first never finds the lock gone and fails without waiting; and a
                # writer waits up to 20 seconds for the lock.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploaded papers live outside the web root and are served only through a permission
# check; CAREPANEL_MEDIA_DIR moves them (in production, to a mounted volume).
MEDIA_ROOT = Path(env_str("CAREPANEL_MEDIA_DIR", str(VAR_DIR / "media")))
PAPER_MAX_BYTES = 20 * 1024 * 1024

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# GOV.UK Frontend's compiled CSS asks for its fonts and images at /assets/fonts/… and
# /assets/images/…, so static files live under /assets/ and both packages' assets
# folders sit at its root.
STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("govuk-frontend", NODE_MODULES / "govuk-frontend" / "dist"),
    ("moj-frontend", NODE_MODULES / "@ministryofjustice" / "frontend"),
    NODE_MODULES / "govuk-frontend" / "dist" / "govuk" / "assets",
    NODE_MODULES / "@ministryofjustice" / "frontend" / "moj" / "assets",
    BASE_DIR / "carepanel" / "static",
]
# Serve straight from the folders above, so that nothing needs collectstatic first.
WHITENOISE_USE_FINDERS = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": PRODUCTION,
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Only a registrable domain can join the preload list; on a council's subdomain the
    # flag is inert, and it lets check --deploy run clean.
    SECURE_HSTS_PRELOAD = True
    if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", False):
        # Behind a proxy that ends TLS, requests arrive over HTTP; without this header
        # every request would be redirected to HTTPS again.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # Logs say what happened to which URL, never who: no request bodies or user data.
        "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env_str("CAREPANEL_LOG_LEVEL", "INFO")},
    # Replaces Django's own handlers: one line per event through the root logger, and no
    # e-mailed error reports, which carry the data of the request that failed.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # WeasyPrint's font subsetting logs a line per table of every font it embeds.
        "fontTools": {"level": "WARNING"},
        # WeasyPrint reports each step of every PDF (and parses its CSS on import).
        "weasyprint": {"level": "WARNING"},
    },
}

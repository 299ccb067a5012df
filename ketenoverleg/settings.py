"""Settings for Ketenoverleg, driven by environment variables (12-factor).

Nothing set gives the embedded default: SQLite in the project folder, Celery tasks
run in-process, e-mail printed to the console, DEBUG on. The README lists every
variable; production is ``DJANGO_ENV=production``.
"""

import base64
import json
import os
from pathlib import Path

import environ

from ketenoverleg.config import ConfigError, check_url, env_bool, env_int

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ConfigError(f"DJANGO_ENV must be 'development' or 'production' (got {DJANGO_ENV!r})")
PRODUCTION = DJANGO_ENV == "production"


def _required(name: str) -> str:
    value = env.str(name, default="").strip()
    if not value:
        raise ConfigError(f"{name} is required when DJANGO_ENV=production")
    return value


if PRODUCTION:
    DEBUG = False
    SECRET_KEY = _required("SECRET_KEY")
    ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
else:
    DEBUG = env_bool(os.environ, "DEBUG", default=True)
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-insecure-key-do-not-deploy")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "django_filters",
    "ketenoverleg",
    "members",
    "meetings",
    "projects",
    "ketenstatistiek",
    "exchange",
    "actionpackages",
    "dialogue",
    "library",
    "startup",
    "workshops",
    "alv",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ketenoverleg.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ketenoverleg.second_factor.AdminSecondFactorMiddleware",
    "ketenoverleg.middleware.MyWorkCountMiddleware",
    # Last: sees the user and language; serves anonymous public pages from the cache.
    "ketenoverleg.pagecache.PublicPageCacheMiddleware",
]

if PRODUCTION:
    # Serves the collected static files from the web process (runserver does it in development).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "ketenoverleg.urls"
# `make bench` runs its gunicorn with ROOT_URLCONF=ketenoverleg.bench_urls (the site plus
# a bare view as the yardstick); read only when set, and no other URLconf is accepted.
if os.environ.get("ROOT_URLCONF"):
    ROOT_URLCONF = os.environ["ROOT_URLCONF"]
    if ROOT_URLCONF not in {"ketenoverleg.urls", "ketenoverleg.bench_urls"}:
        raise ConfigError(
            "ROOT_URLCONF may only be ketenoverleg.urls or, for make bench, "
            f"ketenoverleg.bench_urls (got {ROOT_URLCONF!r})"
        )
WSGI_APPLICATION = "ketenoverleg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ketenoverleg.context_processors.my_work",
            ],
        },
    },
]

# Database: SQLite file in the project folder unless DATABASE_URL names PostgreSQL.
DATABASE_URL = env.str("DATABASE_URL", default="")
if PRODUCTION and not DATABASE_URL:
    raise ConfigError("DATABASE_URL is required when DJANGO_ENV=production")
if DATABASE_URL:
    check_url("DATABASE_URL", DATABASE_URL, {"postgres", "postgresql", "sqlite"})
    try:
        DATABASES = {"default": env.db_url_config(DATABASE_URL)}
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL is malformed ({exc})") from None
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", 60 if PRODUCTION else 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "ketenoverleg.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Everyone starts on "Mijn werk": what needs them now, across their councils.
LOGIN_REDIRECT_URL = "my_work"
LOGIN_URL = "account_login"

# django-allauth: log in by e-mail address, verification is mandatory.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Ketenoverleg] "
# Confirming the e-mail address in the browser that signed up logs in and goes on to
# where the visitor was going (the membership application); another browser is sent to
# the login with that destination (the link in the mail carries it).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Our adapters: the login throttle counts wrong passwords per account *and* address,
# and allauth's messages in formal Dutch.
ACCOUNT_ADAPTER = "ketenoverleg.adapters.AccountAdapter"
MFA_ADAPTER = "ketenoverleg.adapters.MFAAdapter"

# Throttling (allauth's rate limits, counted in the shared cache below). A wrong password
# counts against the address it came from and against that account *from that address*
# ("key" is account + IP, see AccountAdapter), so guesses from one address never lock
# the owner out elsewhere. Mail-sending forms are limited per address and per person;
# "apply" and "follow" are the council's public forms (ketenoverleg.ratelimit).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "5/m/ip,20/h/ip",
    "reset_password": "5/m/ip,20/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "apply": "5/m/ip,20/h/ip,5/h/user",
    "follow": "10/m/ip,60/h/ip,10/h/user",
}
# The number of proxies in front of gunicorn that add the client's address to
# X-Forwarded-For (production: the TLS proxy the README asks for). Without it every
# visitor would share the proxy's address and one another's limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int(
    os.environ, "TRUSTED_PROXY_COUNT", default=1 if PRODUCTION else 0
)
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ConfigError("TRUSTED_PROXY_COUNT must be 0 or more")

# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) with recovery
# codes, offered to everyone. TWO_FACTOR_REQUIRED makes the powers that publish or mail
# to all members, change roles or open the admin wait for it (ketenoverleg.second_factor):
# on in production, off in the embedded default so the demo logins keep working.
# Besides the app, a security key or passkey (WebAuthn): the browser and the key do the
# work, no outside service is asked. A passkey also logs in without a password. Browsers
# allow WebAuthn only on https and on http://localhost (so locally: localhost:8000, not
# 127.0.0.1).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Ketenoverleg"
MFA_FORMS = {
    "add_webauthn": "ketenoverleg.mfa_forms.AddWebAuthnForm",
    "edit_webauthn": "ketenoverleg.mfa_forms.EditWebAuthnForm",
    "authenticate_webauthn": "ketenoverleg.mfa_forms.AuthenticateWebAuthnForm",
    "reauthenticate_webauthn": "ketenoverleg.mfa_forms.ReauthenticateWebAuthnForm",
    "login_webauthn": "ketenoverleg.mfa_forms.LoginWebAuthnForm",
}
TWO_FACTOR_REQUIRED = env_bool(os.environ, "TWO_FACTOR_REQUIRED", default=PRODUCTION)

# Internationalisation: Dutch is the product's language, English the second locale.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates are read as dag-maand-jaar (and ISO) in both languages.
FORMAT_MODULE_PATH = ["ketenoverleg.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Static files are served by WhiteNoise; media through STORAGES so that a shared
# store (S3, Azure, ...) can replace the local folder with MEDIA_STORAGE_BACKEND.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
try:
    _media_options = json.loads(env.str("MEDIA_STORAGE_OPTIONS", default="{}"))
except json.JSONDecodeError:
    _media_options = None
if not isinstance(_media_options, dict):
    raise ConfigError("MEDIA_STORAGE_OPTIONS must be a JSON object")
DOCUMENTS_ROOT = Path(env.str("DOCUMENTS_ROOT", default=str(BASE_DIR / "documents")))
try:
    _document_options = json.loads(env.str("DOCUMENT_STORAGE_OPTIONS", default="{}"))
except json.JSONDecodeError:
    _document_options = None
if not isinstance(_document_options, dict):
    raise ConfigError("DOCUMENT_STORAGE_OPTIONS must be a JSON object")
if "DOCUMENT_STORAGE_BACKEND" not in os.environ:
    _document_options = {"location": str(DOCUMENTS_ROOT), "base_url": None, **_document_options}
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "MEDIA_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": _media_options,
    },
    # Rendered PDFs: never under MEDIA_URL; they are served through a view that checks access.
    "documents": {
        "BACKEND": env.str(
            "DOCUMENT_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": _document_options,
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}

# E-mail: the console unless EMAIL_URL says otherwise (smtp://user:pass@host:587, ...).
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
check_url(
    "EMAIL_URL",
    EMAIL_URL,
    {"smtp", "smtps", "smtp+tls", "smtp+ssl", "consolemail", "filemail", "memorymail", "dummymail"},
)
# Sets EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, ... from the URL.
try:
    _email_config = env.email_url_config(EMAIL_URL)
except ValueError as exc:
    raise ConfigError(f"EMAIL_URL is malformed ({exc})") from None
globals().update({k: v for k, v in _email_config.items() if v is not None})
if env.str("EMAIL_FILE_PATH", default=""):
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH")
# The address of the site, for links in e-mails sent by workers (which have no request).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
check_url("SITE_URL", SITE_URL, {"http", "https"})
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ketenoverleg <noreply@ketenoverleg.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# PDFs: a render that takes longer than DOCUMENT_TIME_LIMIT is stopped (Celery kills it
# 30 s later). A document still "rendering" after DOCUMENT_STUCK_AFTER lost its worker:
# the sweep queues it again (a few attempts, then it is marked failed).
DOCUMENT_TIME_LIMIT = env_int(os.environ, "DOCUMENT_TIME_LIMIT", default=120)
DOCUMENT_STUCK_AFTER = DOCUMENT_TIME_LIMIT + 40
DOCUMENT_MAX_ATTEMPTS = 3

# Celery: a real broker when CELERY_BROKER_URL (or REDIS_URL) is set, otherwise the
# tasks run in-process, so background jobs still complete on the embedded default.
_broker_variable = "CELERY_BROKER_URL" if env.str("CELERY_BROKER_URL", default="") else "REDIS_URL"
CELERY_BROKER_URL = env.str(_broker_variable, default="")
if CELERY_BROKER_URL:
    check_url(_broker_variable, CELERY_BROKER_URL, {"redis", "rediss"})
CELERY_RESULT_BACKEND = CELERY_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# In-process (no broker), slow tasks such as a PDF render run in a background thread
# so the request answers at once; the tests switch this off to run them inline.
TASKS_IN_THREAD = env_bool(os.environ, "TASKS_IN_THREAD", default=True)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
# A worker that dies (kill -9, out of memory, a lost machine) leaves its task unacked:
# Redis hands it out again after the visibility timeout, which is minutes (twice the
# longest task), not Redis' default hour. The restore scan runs every 10 s.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_VISIBILITY_TIMEOUT = env_int(
    os.environ,
    "CELERY_VISIBILITY_TIMEOUT",
    # Twice the render limit: with the default limit (120 s) a killed worker's PDF is
    # handed out again after 4 minutes, within the 5 minutes the platform promises.
    default=max(2 * DOCUMENT_TIME_LIMIT, DOCUMENT_STUCK_AFTER + 30),
)
if CELERY_VISIBILITY_TIMEOUT <= DOCUMENT_STUCK_AFTER:
    raise ConfigError(
        "CELERY_VISIBILITY_TIMEOUT must be longer than DOCUMENT_TIME_LIMIT + 40 seconds "
        f"(got {CELERY_VISIBILITY_TIMEOUT})"
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
# After a commit the web process publishes its task with this timeout (seconds) and no
# retries; when the broker is down the work waits in the database for the sweep.
CELERY_PUBLISH_TIMEOUT = 1.0
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "audit-log-prune": {
        "task": "ketenoverleg.tasks.audit_log_prune",
        "schedule": 24 * 3600.0,
    },
    "projects-report-reminders": {
        "task": "projects.tasks.progress_reports_remind",
        "schedule": 24 * 3600.0,
    },
    "exchange-expire-listings": {
        "task": "exchange.tasks.listings_expire",
        "schedule": 24 * 3600.0,
    },
    "library-extraction-sweep": {
        "task": "library.tasks.extraction_sweep",
        "schedule": 300.0,
    },
    # Enqueues whatever is pending (mail, documents, dispatches): after a broker outage,
    # a lost message or a dead worker. Each worker also runs it when it starts.
    "pending-work-sweep": {
        "task": "ketenoverleg.tasks.pending_work_sweep",
        "schedule": 60.0,
    },
    # The weekly digest: each person's Monday 07:00 in their own time zone; hourly, so
    # every time zone is served and a missed run is caught up by the next.
    "notifications-digests": {
        "task": "ketenoverleg.notifications.digests_send",
        "schedule": 3600.0,
    },
    # News is announced to followers and members once its publication time has come.
    "members-news-announce": {
        "task": "members.tasks.news_announce",
        "schedule": 300.0,
    },
    "meetings-action-points-due": {
        "task": "meetings.tasks.action_points_due_remind",
        "schedule": 24 * 3600.0,
    },
    "actionpackages-review-reminders": {
        "task": "actionpackages.tasks.review_reminders_send",
        "schedule": 24 * 3600.0,
    },
    "actionpackages-indicators-measure": {
        "task": "actionpackages.tasks.indicators_measure",
        "schedule": 24 * 3600.0,
    },
    "startup-erase-expired-contacts": {
        "task": "startup.tasks.contacts_erase_expired",
        "schedule": 24 * 3600.0,
    },
    "workshops-clean-up": {
        "task": "workshops.tasks.workshops_clean_up",
        "schedule": 24 * 3600.0,
    },
}
# Pending work whose task was published but has not run after this long is published
# again by the sweep (a message lost with the broker's memory); tasks check the state
# under a lock, so a second message never does the work twice.
OUTBOX_RECHECK_AFTER = CELERY_VISIBILITY_TIMEOUT + 60
# A message that fails to send is tried again by the sweep (after 2, 4, 8, ... minutes),
# this many times in all before it is marked failed.
OUTBOX_MAX_ATTEMPTS = 5

# The cache holds the throttle counters, so every web process must share it: the
# broker's Redis (under its own key prefix) when there is one, otherwise a table in the
# database (created by a migration of the core, see ketenoverleg/migrations).
# Anonymous public pages (ketenoverleg.pagecache) are kept in "pages": the same Redis,
# or this process's memory in the embedded default (the version keys that invalidate
# them stay in "default", which every process shares).
if CELERY_BROKER_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CELERY_BROKER_URL,
            "KEY_PREFIX": "ketenoverleg-cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CELERY_BROKER_URL,
            "KEY_PREFIX": "ketenoverleg-pages",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "ketenoverleg_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ketenoverleg-pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# How long a person's roles in a council are kept between requests at most (0: looked
# up on every request). Every change to what grants a role forgets them at once
# (ketenoverleg.roles); this bounds a change made past the models.
ROLES_KEPT_SECONDS = env_int(os.environ, "ROLES_KEPT_SECONDS", default=300)

# How long a public page is kept at most (0: no page cache). Changes invalidate it at
# once; this bounds what changes with the clock alone.
PAGE_CACHE_SECONDS = env_int(os.environ, "PAGE_CACHE_SECONDS", default=60)

# The audit log of sensitive actions (ketenoverleg.audit) keeps entries this many days;
# a daily beat task removes older ones.
AUDIT_LOG_RETENTION_DAYS = env_int(os.environ, "AUDIT_LOG_RETENTION_DAYS", default=730)
if AUDIT_LOG_RETENTION_DAYS < 1:
    raise ConfigError("AUDIT_LOG_RETENTION_DAYS must be at least 1")

# Content-Security-Policy (django-csp): only the site's own scripts, styles and images,
# no inline code, no framing. Enforced in production, report-only in development (the
# browser console shows what would be blocked).
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if PRODUCTION:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_DIRECTIVES}

# Ketenstatistiek: Fernet keys (comma-separated; the first encrypts, all decrypt) for the
# members' individual figures. Only the web process needs them; a production web process
# without one refuses to start (system check ketenstatistiek.E001). Development falls back
# to a fixed key.
KETENSTATISTIEK_KEYS = [
    k.strip() for k in env.list("KETENSTATISTIEK_KEYS", default=[]) if k.strip()
]
for _key in KETENSTATISTIEK_KEYS:
    try:
        _key_ok = len(base64.urlsafe_b64decode(_key.encode("ascii"))) == 32
    except (ValueError, UnicodeError):
        _key_ok = False
    if not _key_ok:
        raise ConfigError(
            "KETENSTATISTIEK_KEYS must hold Fernet keys (32 bytes, URL-safe base64, 44 characters)"
        )

# Production hardening: `manage.py check --deploy` prints no warnings.
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool(os.environ, "SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int(os.environ, "SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    CSRF_TRUSTED_ORIGINS = [
        origin for origin in env.list("CSRF_TRUSTED_ORIGINS", default=[]) if origin
    ] or [f"https://{h.lstrip('.')}" for h in ALLOWED_HOSTS if h != "*"]
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO").upper()},
    # WeasyPrint reports every rendering step at INFO; keep its warnings only.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
if LOGGING["root"]["level"] not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ConfigError("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")

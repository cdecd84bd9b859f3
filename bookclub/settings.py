"""Bookclub settings: one module, every deployment difference from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment, or a per-machine key kept in .data/ for development."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = BASE_DIR / ".data" / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()

# Where `make run` (manage.py dev_server) serves: HOST and PORT, as `make run PORT=8123`.
SERVE_HOST = os.environ.get("HOST") or "127.0.0.1"
SERVE_PORT = env_int("PORT", 8000)
# Links in emails. In development they follow the served address (a browser cannot open
# 0.0.0.0, which means "every interface", so they say 127.0.0.1 then).
_LINK_HOST = "127.0.0.1" if SERVE_HOST in ("0.0.0.0", "::") else SERVE_HOST
SITE_URL = (
    os.environ.get("SITE_URL")
    or (f"http://{_LINK_HOST}:{SERVE_PORT}" if DEBUG else "http://127.0.0.1:8000")
).rstrip("/")
_DEV_HOSTS = [_LINK_HOST] if DEBUG else []
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ",".join(dict.fromkeys(["127.0.0.1", "localhost", *_DEV_HOSTS]))
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "django_tasks_db",
    "bookclub.accounts",
    "bookclub.clubs",
    "readings",
    "discussions",
    "bookclub.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the request: its size, then its text.
    "bookclub.core.middleware.RequestBodyLimitMiddleware",
    "bookclub.core.middleware.RequestInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "bookclub.accounts.middleware.UserTimezoneMiddleware",
    "bookclub.middleware.RateLimitMiddleware",
]

ROOT_URLCONF = "bookclub.urls"
WSGI_APPLICATION = "bookclub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "discussions.notifications.context.unread_notifications",
            ],
        },
    },
]

# PostgreSQL only: DATABASE_URL, or the embedded server in .data/postgres.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    from bookclub.embedded_postgres import database_settings

    DATABASES = {"default": database_settings()}
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Bookclub runs on PostgreSQL only.")
# Fail fast while PostgreSQL is away: a request gets its 503 page at once instead of waiting.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout",
    env_int("DATABASE_CONNECT_TIMEOUT", 2),  # seconds; libpq's least is 2
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a kept connection is tested before reuse
# psycopg's pool keeps connections warm between requests in each process. A process that
# serves one request at a time (gunicorn's sync workers) may keep its one connection open
# instead: DATABASE_POOL=0 and DATABASE_CONN_MAX_AGE in seconds.
if env_bool("DATABASE_POOL", not DEBUG):
    from bookclub.database import check_connection

    # A request waits at most `timeout` for a connection (a sync worker needs one, ready in
    # milliseconds); a connection the server dropped fails the check and is replaced before
    # use; and the pool stops retrying in the background as soon as a request would have
    # given up, so the first request after PostgreSQL is back connects at once.
    _pool_timeout = float(os.environ.get("DATABASE_POOL_TIMEOUT") or 0.5)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN", 2),
        "max_size": env_int("DATABASE_POOL_MAX", 10),
        "timeout": _pool_timeout,
        "reconnect_timeout": _pool_timeout,
        "check": check_connection,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0)
# Server-side parameters let psycopg prepare the statements a process runs again and again
# (after 5 runs on a connection), so PostgreSQL plans each hot query once per connection.
if env_bool("DATABASE_SERVER_SIDE_BINDING", not DEBUG):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=env_int("DATABASE_PREPARE_THRESHOLD", 5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_settings(url: str) -> dict:
    """Django's CACHES entry for CACHE_URL: redis[s]://… (Django's RedisCache, needs the
    `redis` package), memcached://host:port[,host:port] (PyMemcacheCache, needs `pymemcache`),
    locmem:// (one process only: development), or db:// (the database table `bookclub_cache`)."""
    scheme, _, rest = url.partition("://")
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme in {"memcached", "pymemcache"}:
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": rest.split(","),
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in {"db", ""}:
        # Room for every page of a large club's threads; past it a third is culled.
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest or "bookclub_cache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "50000"))},
        }
    raise ImproperlyConfigured(f"CACHE_URL: unknown scheme {scheme!r}")


# Rate limits count across processes, so the default is the database cache, which every web
# process shares; Redis or memcached (CACHE_URL) take that load off PostgreSQL.
CACHE_URL = os.environ.get("CACHE_URL", "db://bookclub_cache")
CACHES = {"default": cache_settings(CACHE_URL)}
SHARED_MEMORY_CACHE = CACHE_URL.partition("://")[0] in {
    "redis",
    "rediss",
    "memcached",
    "pymemcache",
}

AUTH_USER_MODEL = "accounts.User"
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "bookclub.accounts.forms.SignupExtraForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
# Changing the password ends every session, this one included: whoever else knew it is out.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_MAX_EMAIL_ADDRESSES = 5
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "bookclub.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Bookclub] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# allauth's defaults, except failed logins: 10 a minute per address, and 5 in 5 minutes per
# account *from one address* (bookclub.accounts.adapter adds the address to allauth's key),
# so nobody can lock an owner out from elsewhere. README explains the trade-off.
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("ACCOUNT_RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key"),
}
# Behind the proxy every client would share its address: take the one the proxy saw.
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if env_bool("BEHIND_PROXY", False) else 0

# Mail goes through Django's mail API: SMTP in production, the console while developing.
_MAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND}}
if _MAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": env_int("EMAIL_TIMEOUT", 20),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Bookclub <bookclub@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: the database queue in production (run `manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / ".data" / "media"))
# A body declared larger than this is refused with a 413 before it is read (keep the
# proxy's client_max_body_size the same); form fields beyond these limits get a 400.
REQUEST_MAX_BODY_SIZE = env_int("REQUEST_MAX_BODY_SIZE", 10_485_760)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 262_144)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 200)
# Uploads stay in memory (a whole body fits) until their form has checked them: a cover over
# its limit is refused with a message, never written to a temporary file or to storage.
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BODY_SIZE
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]

# Our own limits ("count/seconds", per account and per address; empty turns one off).
# allauth keeps its own for logins, signups, password resets and confirmation emails.
RATE_LIMITS = {
    action: os.environ.get(f"RATE_LIMIT_{action.upper()}", default)
    for action, default in {
        "post": "20/60",
        "report": "10/600",
        "invite": "30/3600",
        "join": "10/3600",
        "block": "30/3600",
    }.items()
}

# Security. HTTPS is assumed in production; set HTTPS=0 only behind a trusted local proxy.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Database sessions; with Redis or memcached, cached in front of the database. Never
# cached in a per-process cache: another process could serve a session already ended.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SHARED_MEMORY_CACHE
    else "django.contrib.sessions.backends.db"
)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Posts per page of a thread.
DISCUSSIONS_PAGE_SIZE = env_int("DISCUSSIONS_PAGE_SIZE", 20)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

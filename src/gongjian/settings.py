"""Django settings for gongjian.

Every setting comes from the environment (``GONGJIAN_*``) or, for values not set there, from an optional
TOML file named by ``GONGJIAN_CONFIG``. Secrets are never in code. With ``GONGJIAN_ENV=production`` a
missing secret key or host list stops start-up with a message that says what to set.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def _load_config_file() -> dict[str, object]:
    path = os.environ.get("GONGJIAN_CONFIG")
    if not path:
        return {}
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ImproperlyConfigured(f"GONGJIAN_CONFIG={path}: cannot read the configuration file: {exc}") from exc
    # Keys may be written with or without the GONGJIAN_ prefix, in any case.
    return {("GONGJIAN_" + k.upper().removeprefix("GONGJIAN_")): v for k, v in data.items()}


_FILE = _load_config_file()


def setting(name: str, default: object = None) -> object:
    """The value of GONGJIAN_<NAME>: environment first, then the config file, then ``default``."""
    key = "GONGJIAN_" + name
    if key in os.environ:
        return os.environ[key]
    return _FILE.get(key, default)


def setting_bool(name: str, default: bool) -> bool:
    value = setting(name, default)
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def setting_list(name: str) -> list[str]:
    value = setting(name, "")
    if isinstance(value, list):
        return [str(v) for v in value]
    return [v.strip() for v in str(value).split(",") if v.strip()]


ENVIRONMENT = str(setting("ENV", "development")).lower()
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"GONGJIAN_ENV must be development, production or test, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

VAR_DIR = Path(str(setting("VAR_DIR", Path.cwd() / "var"))).resolve()

# --- secrets and hosts -----------------------------------------------------------------------------------
SECRET_KEY = str(setting("SECRET_KEY", ""))
ALLOWED_HOSTS = setting_list("ALLOWED_HOSTS")
if PRODUCTION:
    missing = [n for n, v in (("GONGJIAN_SECRET_KEY", SECRET_KEY), ("GONGJIAN_ALLOWED_HOSTS", ALLOWED_HOSTS)) if not v]
    if missing:
        raise ImproperlyConfigured(
            "Production start-up stopped: set " + " and ".join(missing) + " in the environment or in the file "
            "named by GONGJIAN_CONFIG (see docs/deployment.md)."
        )
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("GONGJIAN_SECRET_KEY must be at least 50 random characters in production.")
else:
    if not SECRET_KEY:
        # Development and test: a random key kept under var/ so sessions survive a restart.
        key_file = VAR_DIR / "secret_key"
        try:
            SECRET_KEY = key_file.read_text().strip()
        except OSError:
            SECRET_KEY = secrets.token_urlsafe(64)
            try:
                VAR_DIR.mkdir(parents=True, exist_ok=True)
                key_file.write_text(SECRET_KEY)
                key_file.chmod(0o600)
            except OSError:
                pass
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]

DEBUG = setting_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("GONGJIAN_DEBUG must not be on in production.")

# --- audit chain --------------------------------------------------------------------------------------------
# The key of the audit log's HMAC chain (core/chain.py), held outside the database: whoever can write the
# database but not read this setting cannot recompute the chain. Required in production; elsewhere derived from
# the secret key. The chain's head is also kept in AUDIT_HEAD_FILE after every committed write.
AUDIT_KEY = str(setting("AUDIT_KEY", ""))
if PRODUCTION and len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured(
        "Production start-up stopped: set GONGJIAN_AUDIT_KEY (at least 32 random characters, different from "
        "GONGJIAN_SECRET_KEY) in the environment or in the file named by GONGJIAN_CONFIG (see docs/deployment.md)."
    )
if not AUDIT_KEY:
    import hashlib
    import hmac

    AUDIT_KEY = hmac.new(SECRET_KEY.encode(), b"gongjian audit chain", hashlib.sha256).hexdigest()
AUDIT_HEAD_FILE = Path(str(setting("AUDIT_HEAD_FILE", VAR_DIR / "audit_head.json")))
# Audit records younger than this many days are never purged (`gongjian audit purge`): the Cybersecurity Law asks
# for six months at least, so a lower value stops the start-up.
AUDIT_RETENTION_DAYS = int(str(setting("AUDIT_RETENTION_DAYS", 180)))
if AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured(
        f"GONGJIAN_AUDIT_RETENTION_DAYS={AUDIT_RETENTION_DAYS}: audit records are kept at least 180 days (six months)."
    )

# --- applications -----------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "gongjian.core",
    "gongjian.org",
    "gongjian.accounts",
    "gongjian.campaigns",
    "gongjian.enterprises",
    "gongjian.buildings",
    "gongjian.indicators",  # after the modules whose data sources its demo's computed indicators read
    "gongjian.pairing",
    "gongjian.problems",
    "gongjian.landuse",
    "gongjian.plantext",
    "gongjian.supervision",
    "gongjian.cadres",
    "gongjian.bulletins",
    "gongjian.cockpit",
    "gongjian.demo",
    "gongjian.synth",  # gongjian generate
    "gongjian.bench",  # gongjian bench
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_bootstrap5",
    "bootstrap",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongjian.accounts.middleware.AccountPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gongjian.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "gongjian.urls"
WSGI_APPLICATION = "gongjian.wsgi.application"

# Django's renderer, with <select> rendered in Python (the option templates dominated list pages' time).
FORM_RENDERER = "gongjian.core.forms_renderer.Renderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongjian.core.context_processors.navigation",
                "gongjian.supervision.context_processors.inbox",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------------------------------------
DATABASE_URL = str(setting("DATABASE_URL", ""))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "gongjian.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cockpit:start"  # each role's own starting point (cockpit/views.py: landing_url_name)
LOGOUT_REDIRECT_URL = "login"

# The password policy of 等保 level 3 (docs/security.md): length, three of four character classes, not common,
# not like the account's names, not one of the last passwords; expiry and forced changes in gongjian.accounts.
GONGJIAN_PASSWORD_MIN_LENGTH = int(str(setting("PASSWORD_MIN_LENGTH", 10)))
GONGJIAN_PASSWORD_MIN_CLASSES = int(str(setting("PASSWORD_MIN_CLASSES", 3)))
GONGJIAN_PASSWORD_HISTORY = int(str(setting("PASSWORD_HISTORY", 5)))
GONGJIAN_PASSWORD_MAX_AGE_DAYS = int(str(setting("PASSWORD_MAX_AGE_DAYS", 90)))  # 0: passwords never expire
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "gongjian.accounts.validators.MinimumLengthValidator"},
    {"NAME": "gongjian.accounts.validators.CharacterClassesValidator"},
    {"NAME": "gongjian.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "gongjian.accounts.validators.CommonPasswordValidator"},
    {"NAME": "gongjian.accounts.validators.PasswordHistoryValidator"},
]

# --- language and time ------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = str(setting("TIME_ZONE", "Asia/Shanghai"))
USE_TZ = True

# --- static and uploaded files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(str(setting("STATIC_ROOT", VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production the app serves assets straight from the installed packages (no collectstatic step).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Uploaded evidence is private: it is stored here and served only through views that check scope.
MEDIA_ROOT = Path(str(setting("MEDIA_ROOT", VAR_DIR / "media")))
UPLOAD_MAX_BYTES = int(str(setting("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# --- sessions and security --------------------------------------------------------------------------------
# Idle timeout 30 minutes, absolute limit 12 hours (NIST SP 800-63B AAL2); gongjian.accounts.middleware ends both.
GONGJIAN_SESSION_IDLE_SECONDS = int(str(setting("SESSION_IDLE_SECONDS", 30 * 60)))
GONGJIAN_SESSION_MAX_SECONDS = int(str(setting("SESSION_MAX_SECONDS", 12 * 3600)))
# One session per account: a new login ends the account's other sessions.
GONGJIAN_SINGLE_SESSION = setting_bool("SINGLE_SESSION", False)
SESSION_COOKIE_AGE = GONGJIAN_SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = setting_bool("SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if setting_bool("BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = setting_list("CSRF_TRUSTED_ORIGINS")
# The number of proxies in front of the app whose X-Forwarded-For may be trusted for the audit IP.
TRUSTED_PROXY_COUNT = int(str(setting("TRUSTED_PROXY_COUNT", 0)))

# --- REST API ---------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gongjian.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "gongjian.core.api_settings.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "gongjian.core.api_settings.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gongjian API",
    "DESCRIPTION": "攻坚 — campaign task lists, reports and supervision. Token authentication: "
    "`Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its browser are for logged-in users and token holders, not the open intranet.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for the 容错免责 criteria wherever a serializer lists them.
    "ENUM_NAME_OVERRIDES": {"CriterionEnum": "gongjian.cadres.choices.Criterion"},
}

BOOTSTRAP5 = {
    "css_url": {"url": "/static/bootstrap/css/bootstrap.min.css"},
    "javascript_url": {"url": "/static/bootstrap/js/bootstrap.bundle.min.js"},
}

# --- e-mail -----------------------------------------------------------------------------------------------
EMAIL_HOST = str(setting("EMAIL_HOST", "127.0.0.1"))
EMAIL_PORT = int(str(setting("EMAIL_PORT", 25)))
DEFAULT_FROM_EMAIL = str(setting("EMAIL_FROM", "gongjian@localhost"))
# Notifications by e-mail (docs/supervision.md): the SMTP account, TLS (STARTTLS, port 587) or SSL (port 465).
EMAIL_HOST_USER = str(setting("EMAIL_USER", ""))
EMAIL_HOST_PASSWORD = str(setting("EMAIL_PASSWORD", ""))
EMAIL_USE_TLS = setting_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = setting_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(str(setting("EMAIL_TIMEOUT", 20)))
# The address of the site as users reach it, for links in e-mails and robot messages (e.g. https://gj.example.gov.cn).
GONGJIAN_SITE_URL = str(setting("SITE_URL", ""))
# Deliveries that failed (an e-mail, a group robot, a webhook) are tried again after a back-off: this many seconds
# after the first failure, doubled after each next one, at most the maximum (docs/supervision.md).
GONGJIAN_DELIVERY_RETRY_SECONDS = float(str(setting("DELIVERY_RETRY_SECONDS", 60)))
GONGJIAN_DELIVERY_RETRY_MAX_SECONDS = float(str(setting("DELIVERY_RETRY_MAX_SECONDS", 6 * 3600)))
# A webhook to another system is tried up to this many times (e-mail and group robots: 3).
GONGJIAN_WEBHOOK_MAX_ATTEMPTS = int(str(setting("WEBHOOK_MAX_ATTEMPTS", 8)))

# --- logging ----------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": str(setting("LOG_LEVEL", "WARNING"))},
}

# --- cache (login failure counters) -----------------------------------------------------------------------
# A file cache under var/ is shared by every worker process of one server. Several servers: point
# GONGJIAN_CACHE_URL at Redis (redis://host:6379/0; needs the redis package) — see docs/deployment.md.
CACHE_URL = str(setting("CACHE_URL", ""))
if CACHE_URL:
    try:
        import redis  # noqa: F401 - Django's Redis cache needs it
    except ImportError as exc:
        raise ImproperlyConfigured(
            "GONGJIAN_CACHE_URL is set but the 'redis' package is not installed: pip install redis"
        ) from exc
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # Django culls a third of the entries at random past MAX_ENTRIES: keep it far above the number of
            # accounts that can be failing at once, so a flood of bad names cannot end real locks early.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}

# --- gongjian ---------------------------------------------------------------------------------------------
# Login failures (gongjian.accounts.lockout): 5 failures of one (account, address) pair within 15 minutes lock
# that pair for 15 minutes; 30 failures from one address within the window lock the address (password spraying).
GONGJIAN_LOGIN_MAX_FAILURES = int(str(setting("LOGIN_MAX_FAILURES", 5)))
GONGJIAN_LOGIN_WINDOW_SECONDS = int(str(setting("LOGIN_WINDOW_SECONDS", 15 * 60)))
GONGJIAN_LOGIN_LOCK_SECONDS = int(str(setting("LOGIN_LOCK_SECONDS", 15 * 60)))
GONGJIAN_LOGIN_IP_MAX_FAILURES = int(str(setting("LOGIN_IP_MAX_FAILURES", 30)))
# Second factor (TOTP): the roles that must use it. Unset: the administrator roles and leaders. A list (roles
# separated by commas) names them; an empty value turns the requirement off (the demo does so).
_mfa_roles = setting("MFA_ROLES", None)
if _mfa_roles is None:
    _mfa_roles = ["sysadmin", "secadmin", "auditadmin", "leader"]
elif not isinstance(_mfa_roles, list):
    _mfa_roles = str(_mfa_roles).split(",")
#: role → whether its holders must use a second factor (a role not named here: no)
GONGJIAN_MFA_REQUIRED = {str(r).strip(): True for r in _mfa_roles if str(r).strip()}
OTP_TOTP_ISSUER = str(setting("OTP_ISSUER", "gongjian"))
# API tokens: the longest life a token may be given, in days.
GONGJIAN_TOKEN_MAX_DAYS = int(str(setting("TOKEN_MAX_DAYS", 90)))
# The Django superuser logs in only through `gongjian breakglass` in production (a one-time, time-limited code).
GONGJIAN_SUPERUSER_LOGIN = setting_bool("SUPERUSER_LOGIN", not PRODUCTION)
GONGJIAN_BREAKGLASS_SECONDS = int(str(setting("BREAKGLASS_SECONDS", 15 * 60)))
GONGJIAN_IMPORT_MAX_ERRORS = int(str(setting("IMPORT_MAX_ERRORS", 10_000)))
GONGJIAN_IMPORT_MAX_ROWS = int(str(setting("IMPORT_MAX_ROWS", 100_000)))
GONGJIAN_IMPORT_MAX_BYTES = int(str(setting("IMPORT_MAX_BYTES", 20 * 1024 * 1024)))
# A sheet packed 100 times or more is refused by its ratio before this; 100 MB of real XML is ~1M filled cells.
GONGJIAN_IMPORT_MAX_UNPACKED_BYTES = int(str(setting("IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)))
# Counted while a sheet is streamed (the stored size may lie): columns read, cells (empty ones too), seconds.
GONGJIAN_IMPORT_MAX_COLUMNS = int(str(setting("IMPORT_MAX_COLUMNS", 200)))
# (openpyxl reads about 100,000 cells a second: 600,000 cells is 30,000 rows of 20 columns, read in ~6 s).
GONGJIAN_IMPORT_MAX_CELLS = int(str(setting("IMPORT_MAX_CELLS", 600_000)))
GONGJIAN_IMPORT_SECONDS = int(str(setting("IMPORT_SECONDS", 15)))
# The same limit for an import run by the background worker, which holds no request.
GONGJIAN_JOB_IMPORT_SECONDS = int(str(setting("JOB_IMPORT_SECONDS", 600)))
# Background jobs (imports, document generation): run by `gongjian worker`. True runs each job in the request
# that starts it instead (the test settings; a machine without a worker).
GONGJIAN_JOBS_IMMEDIATE = setting_bool("JOBS_IMMEDIATE", False)
# How often an idle worker looks for new jobs, in seconds.
GONGJIAN_WORKER_POLL_SECONDS = float(str(setting("WORKER_POLL_SECONDS", 1)))
# A job still marked running this long after it started when a worker starts was left by a worker that was killed.
GONGJIAN_JOB_TIMEOUT_MINUTES = int(str(setting("JOB_TIMEOUT_MINUTES", 180)))
# Pairing: a paired enterprise not visited for this many days shows on the coverage page.
GONGJIAN_VISIT_DAYS = int(str(setting("VISIT_DAYS", 30)))
# Problems: an open problem due within this many days is blue in the warnings run.
GONGJIAN_PROBLEM_BLUE_DAYS = int(str(setting("PROBLEM_BLUE_DAYS", 3)))
SITE_TITLE = _("Gongjian — key-work campaign")

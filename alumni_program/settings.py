"""Settings for Alumni Program: one file, every knob from the environment.

With no environment at all the app runs in its embedded mode: a SQLite file under var/,
Celery tasks executed eagerly in the web process, email printed to the console, DEBUG on.
`DJANGO_ENV=production` refuses to start without SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL and
turns on every security setting `manage.py check --deploy` looks for. README.md lists every
variable.
"""

from __future__ import annotations

import re
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production.")
    return value


def _bool(name: str, default: bool) -> bool:
    raw = env.str(name, default="")
    if raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}.")


def _int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = env.str(name, default="")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {raw!r}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, not {raw!r}.")
    return value


def _float(name: str, default: float) -> float:
    raw = env.str(name, default="")
    if raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}.") from exc
    if value < 0:
        raise ImproperlyConfigured(f"{name} must not be negative, not {raw!r}.")
    return value


if PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
    _database_url = _required("DATABASE_URL")
    DEBUG = _bool("DEBUG", False)
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    _database_url = env.str("DATABASE_URL", default="")
    DEBUG = _bool("DEBUG", True)

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "template_partials",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "core",
    "accounts",
    "people",
    "programs",
    "listening",
    "metrics",
    "recruiting",
    "alumni",
    "bizdev",
    # The project package itself, above every app: it may import them all (demo data command).
    "alumni_program",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A session that skipped its user's second factor is ended before anything sees it.
    "accounts.second_factor.SecondFactorMiddleware",
    # Every API response and every response to a signed-in user: Cache-Control: private, no-store.
    "core.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMfaMiddleware",
]

ROOT_URLCONF = "alumni_program.urls"

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
                "accounts.context_processors.navigation",
                "programs.context_processors.program_flags",
            ],
        },
    },
]

WSGI_APPLICATION = "alumni_program.wsgi.application"

# Database: SQLite file under var/ by default, DATABASE_URL (PostgreSQL) otherwise.
if _database_url:
    try:
        DATABASES = {"default": env.db_url_config(_database_url)}
    except Exception as exc:  # environ raises several types for a malformed URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    if not DATABASES["default"].get("ENGINE"):
        raise ImproperlyConfigured("DATABASE_URL has an unknown database scheme (use postgres:// or sqlite:///).")
    DATABASES["default"]["CONN_MAX_AGE"] = _int("DATABASE_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "db.sqlite3",
        }
    }

# Covering indexes (included columns) are a PostgreSQL optimisation of the ROI report; SQLite, the
# embedded mode, builds the same indexes without them and says so on every start. Not needed there.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Cache: shared Redis in production (allauth's rate limits live here), local memory otherwise.
_cache_url = env.str("CACHE_URL", default="")
if _cache_url:
    CACHES = {"default": env.cache_url_config(_cache_url)}
    if CACHES["default"]["BACKEND"].endswith("RedisCache"):
        CACHES["default"]["BACKEND"] = "accounts.cache.ResilientRedisCache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["alumni_program.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
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

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# Email
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Alumni Program <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# allauth: email login, no open sign-up (invitations only), MFA with TOTP, rate limits on.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "accounts.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Where the client's address comes from, for the per-IP login limits above. Directly exposed:
# REMOTE_ADDR (the default). Behind N proxies that each append to X-Forwarded-For: the N-th
# address from the right (TRUSTED_PROXY_COUNT=N). Behind a proxy that sets one header with the
# client's address (X-Real-IP, CF-Connecting-IP): TRUSTED_CLIENT_IP_HEADER. Without either, every
# client shares the proxy's address and ten bad logins would lock everyone out.
ALLAUTH_TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=10)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="").strip() or None
if ALLAUTH_TRUSTED_CLIENT_IP_HEADER is not None:
    if not re.fullmatch(r"[A-Za-z0-9-]{1,64}", ALLAUTH_TRUSTED_CLIENT_IP_HEADER):
        raise ImproperlyConfigured(
            f"TRUSTED_CLIENT_IP_HEADER must be a header name such as X-Real-IP, "
            f"not {ALLAUTH_TRUSTED_CLIENT_IP_HEADER!r}."
        )
    if ALLAUTH_TRUSTED_PROXY_COUNT:
        raise ImproperlyConfigured("Set TRUSTED_PROXY_COUNT or TRUSTED_CLIENT_IP_HEADER, not both.")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Alumni Program"
# When true, HR leads must enrol TOTP before using the app (accounts.middleware).
MFA_REQUIRED_FOR_HR_LEADS = _bool("MFA_REQUIRED_FOR_HR_LEADS", PRODUCTION)
INVITATION_EXPIRY_DAYS = _int("INVITATION_EXPIRY_DAYS", 7)
# The Django admin is an operators' escape hatch with every table in reach: off in production
# unless asked for. When on, its login is allauth's (second factor and rate limits included).
ADMIN_ENABLED = _bool("ADMIN_ENABLED", not PRODUCTION)

# /healthz remembers the broker's and the workers' answers this long (the worker ping takes up to
# a second and the endpoint is anonymous).
HEALTHZ_CACHE_SECONDS = _int("HEALTHZ_CACHE_SECONDS", 15, minimum=0, maximum=300)

# Celery: Redis broker when CELERY_BROKER_URL is set, eager execution otherwise.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = _int("CELERY_TASK_TIME_LIMIT", 600)
CELERY_TASK_SOFT_TIME_LIMIT = _int("CELERY_TASK_SOFT_TIME_LIMIT", 540)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# Synced into django-celery-beat's tables by the DatabaseScheduler; edit times in the admin.
CELERY_BEAT_SCHEDULE = {
    "policy-reminders": {
        "task": "programs.send_policy_reminders",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
    "listening-purge-conversations": {
        "task": "listening.purge_conversations",
        "schedule": crontab(minute=15, hour=3),
    },
    "listening-resume-stale-runs": {
        "task": "listening.resume_stale_runs",
        "schedule": crontab(minute="*/15"),
    },
    "listening-relevant-digest": {
        "task": "listening.send_relevant_digest",
        "schedule": crontab(minute=0, hour=7),
    },
    "metrics-weekly-digest": {
        "task": "metrics.send_weekly_digests",
        "schedule": crontab(minute=30, hour=7, day_of_week="mon"),
    },
}

# Program figures (metrics). One currency for every amount in the ledger and the reports.
PROGRAM_CURRENCY = env.str("PROGRAM_CURRENCY", default="EUR")
# A report figure resting on fewer cases than this is flagged "too few cases to rely on".
METRICS_MIN_CASES = _int("METRICS_MIN_CASES", 5)
# An assist worth at least this many points is a win on the wins feed.
METRICS_BIG_ASSIST_POINTS = _int("METRICS_BIG_ASSIST_POINTS", 10)

# Listening: outgoing fetches refuse private, loopback and link-local addresses unless allowed
# (tests serve fixtures on loopback). Pacing is the minimum gap between two requests to one host.
LISTENING_ALLOW_PRIVATE_ADDRESSES = _bool("LISTENING_ALLOW_PRIVATE_ADDRESSES", False)
LISTENING_HOST_INTERVAL_SECONDS = _float("LISTENING_HOST_INTERVAL_SECONDS", 1.0)
LISTENING_ALLOWED_NETWORKS = env.list("LISTENING_ALLOWED_NETWORKS", default=[])
LISTENING_HTTP_TIMEOUT_SECONDS = _float("LISTENING_HTTP_TIMEOUT_SECONDS", 20.0)
LISTENING_HTTP_CONNECT_TIMEOUT_SECONDS = _float("LISTENING_HTTP_CONNECT_TIMEOUT_SECONDS", 5.0)
LISTENING_HTTP_MAX_BYTES = _int("LISTENING_HTTP_MAX_BYTES", 5 * 1024 * 1024)
LISTENING_UPLOAD_MAX_BYTES = _int("LISTENING_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
LISTENING_UPLOAD_MAX_ROWS = _int("LISTENING_UPLOAD_MAX_ROWS", 5000)
# A transient fetch error is retried after this many seconds, doubling each time (3 retries).
LISTENING_RETRY_BASE_SECONDS = _float("LISTENING_RETRY_BASE_SECONDS", 30.0)
# Conversations never marked relevant or engaged, and linked to no person, are purged after this.
LISTENING_RETENTION_DAYS = _int("LISTENING_RETENTION_DAYS", 90)

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a request without credentials then gets 401 with WWW-Authenticate.
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the interactive documentation is Swagger UI at /api/docs/ (DRF's browsable
    # API needs inline styles and scripts the CSP refuses).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON with bounds (size, nesting depth, list length): a hostile body is a 400, never a 500.
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.drf.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.filters.BoundedSearchFilter",  # ?search= within bounds, else a 400
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.drf.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Alumni Program API",
    "DESCRIPTION": "Pilots, contributors, sharing policies, playbooks, venues, people and companies.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status", "kind" or "role"; name their enums so the schema is stable.
    "ENUM_NAME_OVERRIDES": {
        "PilotStatusEnum": "programs.models.Pilot.Status",
        "SharingPolicyStatusEnum": "programs.models.SharingPolicy.Status",
        "UserRoleEnum": "accounts.models.Role",
        "MembershipRoleEnum": "programs.models.Membership.Role",
        "VenueKindEnum": "programs.models.Venue.Kind",
        "HireSourceEnum": "metrics.models.HireSource",
        "PersonSourceEnum": "people.models.Person.Source",
        "ListeningPurposeEnum": "listening.models.Purpose",
        "SearchRunStatusEnum": "listening.models.SearchRun.Status",
        "RunSourceStatusEnum": "listening.models.SearchRunSource.Status",
        "ConversationStatusEnum": "listening.models.Conversation.Status",
        "IntroductionPurposeEnum": "metrics.models.IntroductionPurpose",
        "OpeningStatusEnum": "recruiting.models.OpeningStatus",
        "FeedbackStatusEnum": "recruiting.models.FeedbackStatus",
        "CandidateStepEnum": "recruiting.models.Step",
        "CandidateSourceEnum": "recruiting.models.CandidateSource",
        "PostKindEnum": "recruiting.models.PostKind",
        "InterviewOutcomeEnum": "recruiting.models.InterviewOutcome",
        "VideoReactionEnum": "recruiting.models.VideoReaction",
        "GoodwillEnum": "alumni.models.Goodwill",
        "GroupStatusEnum": "alumni.models.GroupStatus",
        "ImportKindEnum": "alumni.models.ImportKind",
        "RecommendationKindEnum": "alumni.models.RecommendationKind",
        "ShareChannelEnum": "alumni.models.ShareChannel",
        "SurveyQuestionKindEnum": "alumni.models.SurveyQuestionKind",
        "SegmentMoveDirectionEnum": "alumni.api.segments.MOVE_DIRECTIONS",
        "AssistDirectionEnum": "metrics.models.AssistDirection",
        # Two choice sets share the field name "stage" since Stage 3: name both.
        "PilotStageEnum": "programs.models.Stage",
        "OpportunityStageEnum": "bizdev.models.OpportunityStage",
        "RequestDirectionEnum": "bizdev.models.RequestDirection",
        "RequestKindEnum": "bizdev.models.RequestKind",
        "RequestAudienceEnum": "bizdev.models.RequestAudience",
        "RequestStatusEnum": "bizdev.models.RequestStatus",
    },
}

# Content Security Policy: nothing from a CDN, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The hash admits the one inline <style> of drf-spectacular's Swagger UI page (0.30).
        "style-src": ["'self'", "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Security: on in production; `manage.py check --deploy` passes with no warning.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads nothing from it; the token travels via hx-headers
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # /healthz is polled by the orchestrator over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

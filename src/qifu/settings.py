"""Django settings for qifu, read from the environment (see README "Configuration")."""

import os
import warnings
from pathlib import Path

import dj_database_url
import django_stubs_ext

# Lets classes such as admin.ModelAdmin[Model] be subscripted at run time, as the type stubs expect.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("QIFU_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("QIFU_INSECURE_DEV_KEY"):
        raise RuntimeError("SECRET_KEY must be set (or DEBUG=1 / QIFU_INSECURE_DEV_KEY=1 for local use)")
    SECRET_KEY = "qifu-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "django_htmx",
    "template_partials",
    "axes",
    "qifu.core",
    "qifu.accounts",
    "qifu.orgs",
    "qifu.enterprises",
    "qifu.demands",
    "qifu.catalog",
    "qifu.applications",
    "qifu.policies",
    "qifu.lifecycle",
    "qifu.projects",
    "qifu.servicedays",
    "qifu.evaluations",
    "qifu.supervision",
    "qifu.knowledge",
    "qifu.dashboard",
]

MIDDLEWARE = [
    "qifu.core.middleware.ContentSecurityPolicyMiddleware",  # first, so that every answer carries it
    "qifu.core.middleware.BodySizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the web process (gunicorn), before sessions and the rest are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "qifu.core.middleware.DomainErrorMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qifu.urls"
WSGI_APPLICATION = "qifu.wsgi.application"

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
                "qifu.core.context_processors.shell",
            ],
        },
    },
]

# Database: SQLite (WAL) under QIFU_DATA_DIR unless DATABASE_URL names another.
DATABASE_URL = os.environ.get("DATABASE_URL") or ""
if not DATABASE_URL:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{DATA_DIR / 'qifu.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets pages read while a write is under way; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue instead of failing on a lock upgrade.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock a username from one address after repeated failures. Locking per (username, address)
# means nobody can lock a real user out by typing its name wrongly from elsewhere, and an office behind one
# NAT address is not locked as a whole. Behind a reverse proxy, REMOTE_ADDR must be the client's address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "qifu.accounts.lockout.lockout_response"  # JSON under /api/, the Chinese page elsewhere
AXES_ENABLE_ADMIN = False  # qifu.accounts.admin shows the attempts in Chinese, with an unlock action
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send X-CSRFToken
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES")
# HTTPS (README "Deployment"): all off by default, so that `make demo` and `make serve` work over plain HTTP on
# 127.0.0.1. Behind a reverse proxy that terminates TLS, SECURE_PROXY_SSL_HEADER=1 trusts its X-Forwarded-Proto
# (the proxy must set it on every request) and QIFU_PROXY_COUNT tells the login lockout how many proxies sit in
# front, so that it counts failures per client address rather than per proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the proxy's and the service manager's health check, over plain HTTP
QIFU_PROXY_COUNT = int(os.environ.get("QIFU_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "qifu.core.proxy.client_ip"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Scripts only from our own static files (no inline script, no event handler attributes, no CDN). Styles allow
# 'unsafe-inline': the templates' style attributes and print pages' <style> blocks, htmx's indicator style and
# Swagger UI's need it. data: images are Bootstrap's form icons and Swagger UI's.
QIFU_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
# whitenoise serves the static files from the web process. With QIFU_STATIC_MANIFEST=1 (`make serve` and deploy/
# set it, and run collectstatic into STATIC_ROOT first) the files carry a content hash in their names and are sent
# compressed and cached for a year; without it (make demo, tests, benchmarks) they are served from the apps'
# folders under their plain names and cached for a minute.
STATIC_MANIFEST = env_bool("QIFU_STATIC_MANIFEST")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "qifu.core.staticstorage.StaticStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# Without collectstatic STATIC_ROOT does not exist and the finders serve the files: nothing to warn about.
warnings.filterwarnings("ignore", message="No directory at")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }

# Background work: Celery on Redis when a broker is set (`celery -A qifu worker` and `celery -A qifu beat`),
# otherwise a queue in the database that `manage.py run_periodic` drains (QIFU_TASKS_INLINE=1: in the caller,
# for tests). The periodic jobs are registered by the apps (core.periodic) and feed both.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE
# A message is acknowledged after its task ran, and given back when the process running it dies (even by SIGKILL);
# each worker process holds one message at a time. core.tasks keeps the Job table as the record of what is done.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis gives an unacknowledged message of a vanished worker to another after this long.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}
QIFU_TASKS_INLINE = env_bool("QIFU_TASKS_INLINE")
QIFU_PERIODIC_SECONDS = int(os.environ.get("QIFU_PERIODIC_SECONDS", "60"))

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "qifu@localhost")

# qifu's own settings.
QIFU_DISTRICT_NAME = os.environ.get("QIFU_DISTRICT_NAME", "揭东区")
# The address people reach the site at: links in emails (e.g. the one-click follow-up) start with it.
QIFU_SITE_URL = os.environ.get("QIFU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
QIFU_API_TOKEN_DAYS = int(os.environ.get("QIFU_API_TOKEN_DAYS", "30"))
QIFU_WARNING_SHARE = float(os.environ.get("QIFU_WARNING_SHARE", "0.2"))  # lights: warn at 20% time left
QIFU_RECTIFY_DAYS = int(os.environ.get("QIFU_RECTIFY_DAYS", "15"))  # a bad review's rectification, in working days
QIFU_RATING_LINK_DAYS = 14  # the one-click rating link of a result notification works this many days
QIFU_CALENDAR_RECHECK_SECONDS = float(os.environ.get("QIFU_CALENDAR_RECHECK_SECONDS", "30"))
QIFU_SERVICE_DAY_WEEKS = int(os.environ.get("QIFU_SERVICE_DAY_WEEKS", "8"))  # sessions planned ahead
QIFU_APPOINTMENT_CAPACITY = int(os.environ.get("QIFU_APPOINTMENT_CAPACITY", "3"))  # bookings per window per half hour
# Supervision's watch of an application's single steps (working days): accepted -> handed over; decided -> delivered
# (行政许可法 Art. 44). The decision itself runs to the item's promised days.
QIFU_HANDOVER_DAYS = int(os.environ.get("QIFU_HANDOVER_DAYS", "1"))
QIFU_DELIVERY_DAYS = int(os.environ.get("QIFU_DELIVERY_DAYS", "10"))
QIFU_VISIT_CADENCE_DAYS = int(os.environ.get("QIFU_VISIT_CADENCE_DAYS", "90"))  # days between visits

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

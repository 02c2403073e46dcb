"""One settings module, driven by environment variables.

DATABASE_URL      default: a SQLite file in var/
SEARCH_BACKEND    whoosh (default: an index folder on this machine) or postgres (in the database)
SEARCH_INDEX_DIR  default: var/search-index (the whoosh backend's folder)
SECRET_KEY        required unless DEBUG is on
DEBUG             "1"/"true" to enable (default off)
ALLOWED_HOSTS     comma-separated (default: localhost names)
CACHE_URL         default: locmem:// (see cache_from_url; several servers: redis://)
SESSION_ENGINE    default: sessions in the database (shared by every server)
MEDIA_STORAGE     filesystem (default: MEDIA_ROOT) or s3 (S3_BUCKET, S3_ENDPOINT_URL, S3_ACCESS_KEY, …)
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


DEBUG = env_flag("DEBUG")
# Behind a TLS-terminating proxy: secure cookies, HSTS, redirect to https (manage.py check --deploy is clean).
HTTPS = env_flag("HTTPS")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-secret-key-do-not-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "captcha",
    "viewflow",
    "viewflow.workflow",
    "jurisdictions",
    "accounts",
    "notifications",
    "filings",
    "search",
    "cleanup",
    "review",
    "review_requests",
    "catalogues",
    "decisions",
    "followups",
    "packages",
    "api",
]

MIDDLEWARE = [
    "config.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.middleware.CleanInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "review.context_processors.task_badge",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # Writers wait for each other (busy timeout) instead of failing at once with "database is locked";
    # WAL lets readers go on while one writer commits.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 30),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the search's statements over many rows crossed its cost threshold, and
    # compiling them took longer (up to 250 ms at 100,000 documents) than running them.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "review:workbench"  # everyone lands on their tasks
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account from one address,
# that pair is locked for AXES_COOLOFF_MINUTES; a right password afterwards is refused too until then.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "accounts.client.client_address"
AXES_VERBOSE = False
# Sessions end after this long without a request (a request renews it, at most once a SESSION_RENEW_SECONDS).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_RENEW_SECONDS = env_int("SESSION_RENEW_SECONDS", 60)
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.db")


def cache_from_url(url: str) -> dict:
    """CACHE_URL: "locmem://" (one process: the default), "redis://host:port/db" (shared by every worker and
    server: the API throttles count across them), or "db://table" (the database; `createcachetable` makes it)."""
    scheme, _, rest = url.partition("://")
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": "guifan"}
    if scheme == "db" and rest:
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest}
    raise ImproperlyConfigured(f"CACHE_URL {url!r}: use locmem://, redis://host:port/db or db://table")


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}
if "CACHE_KEY_PREFIX" in os.environ:  # several installations sharing one Redis
    CACHES["default"]["KEY_PREFIX"] = os.environ["CACHE_KEY_PREFIX"]

LANGUAGE_CODE = "zh-hans"
# The UI is Chinese only: a browser asking for English still gets Chinese dates and Django's own messages.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from here once collectstatic has run
# The app serves its own static files (whitenoise): no CDN, no separate web server needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Content-Security-Policy: everything from this server only. Inline style attributes are allowed (the
# templates use them); scripts only from /static/, no inline script, no frames, forms post here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)

# Where the search index lives: "whoosh" (a folder of this machine) or "postgres" (the register's database,
# one index for every application server; needs DATABASE_URL on PostgreSQL).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "whoosh")
if SEARCH_BACKEND not in ("whoosh", "postgres"):
    raise ImproperlyConfigured("SEARCH_BACKEND must be 'whoosh' or 'postgres'")
if SEARCH_BACKEND == "postgres" and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("SEARCH_BACKEND=postgres needs DATABASE_URL on PostgreSQL")
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "search-index"))
# How committed changes reach the index: "thread" (a worker thread, no request waits) or "inline".
SEARCH_INDEX_UPDATES = os.environ.get("SEARCH_INDEX_UPDATES", "thread")
if SEARCH_INDEX_UPDATES not in ("thread", "inline"):
    raise ImproperlyConfigured("SEARCH_INDEX_UPDATES must be 'thread' or 'inline'")

# Uploads: Word drafts larger than this are refused with a message (bytes).
DOCX_MAX_UPLOAD_BYTES = env_int("DOCX_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# A .docx is a zip; refuse one that would unpack to more than this (zip bombs).
DOCX_MAX_UNPACKED_BYTES = env_int("DOCX_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
# Any text entering the register (typed, uploaded, imported): longer or with more articles is refused.
DOCUMENT_MAX_CHARS = env_int("DOCUMENT_MAX_CHARS", 1_000_000)  # the Civil Code has 113,000
DOCUMENT_MAX_ARTICLES = env_int("DOCUMENT_MAX_ARTICLES", 5_000)  # the Civil Code has 1,260
# Scans and other attachments (PDF, .docx, images).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
# A filing package from another platform (.zip): its size, unpacked size and number of files.
FILING_PACKAGE_MAX_BYTES = env_int("FILING_PACKAGE_MAX_BYTES", 100 * 1024 * 1024)
FILING_PACKAGE_MAX_UNPACKED_BYTES = env_int("FILING_PACKAGE_MAX_UNPACKED_BYTES", 300 * 1024 * 1024)
FILING_PACKAGE_MAX_FILES = env_int("FILING_PACKAGE_MAX_FILES", 200)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: attachments go through a view that checks who asks
# Where uploads are kept: "filesystem" (MEDIA_ROOT; several servers must share that folder) or "s3", a
# bucket of any S3-compatible store (MinIO, a government cloud's OSS) through django-storages. Either
# way the files are read back only through the views that check who asks: no public or signed URLs.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    if not os.environ.get("S3_BUCKET"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL for a store other than AWS)")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "location": os.environ.get("S3_PREFIX", ""),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY") or None,  # None: boto3's own chain (env, role)
            "secret_key": os.environ.get("S3_SECRET_KEY") or None,
            "default_acl": None,  # the bucket's own policy: private unless someone opened it
            "file_overwrite": False,  # a second upload of the same name gets a new name, as on disk
            "querystring_auth": True,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The register's list pages.
DOCUMENTS_PER_PAGE = env_int("DOCUMENTS_PER_PAGE", 30)

# Seconds between two sweeps of the deadline dispatcher (viewflow timers).
DISPATCHER_INTERVAL_SECONDS = env_int("DISPATCHER_INTERVAL_SECONDS", 60)
# Every server may run a dispatcher; one sweeps at a time (PostgreSQL: an advisory lock; SQLite: this file).
DISPATCHER_LOCK_FILE = Path(os.environ.get("DISPATCHER_LOCK_FILE", VAR_DIR / "dispatcher.lock"))

# Logs go to stdout, each line with the request id (X-Request-ID) of the request it belongs to.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django's own loggers write through the same handler once (not also through Django's default console).
    "loggers": {
        "django": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING"), "propagate": False}
    },
}

# Default validity period of a normative document, counted from its effective date (DOMAIN.md §9).
VALIDITY_YEARS_DEFAULT = env_int("VALIDITY_YEARS_DEFAULT", 5)
VALIDITY_YEARS_PROVISIONAL = env_int("VALIDITY_YEARS_PROVISIONAL", 2)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.CleanJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_handler",
}
# /api/v1/ calls per address (not signed in) and per account (signed in or token).
API_THROTTLE = {
    "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
    "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
}

# The OpenAPI 3 schema (/api/v1/schema/) and its documentation page (/api/v1/docs/), assets served locally.
SPECTACULAR_SETTINGS = {
    "TITLE": "规范性文件管理系统 开放接口",
    "DESCRIPTION": "登记簿、检索、征求意见和备案的接口。错误以问题详情（RFC 9457，application/problem+json）返回。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["api.schema.only_v1"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TAGS": [
        {"name": "documents", "description": "登记簿：文件、条文、引用、版本、修改对照表、审查建议"},
        {"name": "search", "description": "全文检索"},
        {"name": "drafts", "description": "公开征求意见"},
        {"name": "captcha", "description": "提意见的验证码"},
        {"name": "review-requests", "description": "审查建议的办理情况"},
        {"name": "submissions", "description": "起草单位提交草稿"},
        {"name": "filings", "description": "备案机关办理收到的备案"},
        {"name": "filing-packages", "description": "外平台备案包的导入"},
        {"name": "gazette", "description": "统一公布的现行有效文件"},
        {"name": "catalogues", "description": "备案登记目录"},
        {"name": "cleanup-results", "description": "清理结果"},
    ],
    "ENUM_NAME_OVERRIDES": {
        "DocumentStatusEnum": "filings.models.Status",
        "DocumentLevelEnum": "filings.models.Level",
        "DraftLevelEnum": "review.forms.LEVEL_CHOICES",
        "ReviewRequestStatusEnum": "review_requests.models.ReviewRequest.Status",
        "FilingStatusEnum": "review.models.Filing.Status",
    },
}

# Expiry alerts: documents whose validity ends within this many months are listed (DOMAIN.md §9).
EXPIRY_ALERT_MONTHS = env_int("EXPIRY_ALERT_MONTHS", 6)
# Cleanup campaigns: calendar days each unit has to decide on its documents.
CLEANUP_DECISION_DAYS = env_int("CLEANUP_DECISION_DAYS", 60)
CLEANUP_AMEND_MONTHS = env_int("CLEANUP_AMEND_MONTHS", 6)  # a 修改 outcome: the new version drafted and published
REEVALUATION_MONTHS_BEFORE = env_int("REEVALUATION_MONTHS_BEFORE", 6)  # before a normative document's term ends
POST_EVALUATION_YEARS = env_int("POST_EVALUATION_YEARS", 3)  # 后评估 of 规章 and major decisions after publication
POST_EVALUATION_REPORT_DAYS = env_int("POST_EVALUATION_REPORT_DAYS", 90)
# A campaign over more documents than this is checked by the dispatcher, with a progress page, not in the request.
CLEANUP_PREPARE_INLINE = env_int("CLEANUP_PREPARE_INLINE", 300)

# The review workflow's time limits (DOMAIN.md; national defaults, a deployment may be stricter).
COMMENT_DAYS_DEFAULT = env_int("COMMENT_DAYS_DEFAULT", 30)  # public comment window, calendar days
COMMENT_DAYS_MIN_STRICT = env_int("COMMENT_DAYS_MIN_STRICT", 30)  # rules and major decisions: shorter needs a reason
COMMENT_MAX_CHARS = env_int("COMMENT_MAX_CHARS", 2000)
COMMENT_RATE_LIMIT_PER_HOUR = env_int("COMMENT_RATE_LIMIT_PER_HOUR", 5)  # per sender and draft
COMMENT_MAX_PER_SENDER = env_int("COMMENT_MAX_PER_SENDER", 20)  # per sender and draft, over the whole window
COMMENT_CHALLENGE_AFTER = env_int("COMMENT_CHALLENGE_AFTER", 2)  # then each comment needs the picture challenge
COMMENT_GROUPS_PER_PAGE = env_int("COMMENT_GROUPS_PER_PAGE", 20)  # on the 处理公众意见 page
# Behind a reverse proxy: how many proxies of ours append to X-Forwarded-For (0: use the socket's address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
EXPERT_ARGUMENT_DAYS = env_int("EXPERT_ARGUMENT_DAYS", 10)  # calendar days for the experts' opinions
EXPERTS_EXCLUDE_OWN_SYSTEM = env_flag("EXPERTS_EXCLUDE_OWN_SYSTEM", True)  # no experts from the drafter's own system
LEGALITY_REVIEW_WORKDAYS = env_int("LEGALITY_REVIEW_WORKDAYS", 15)  # at most (国办发〔2018〕115号)
LEGALITY_REVIEW_MIN_WORKDAYS = env_int("LEGALITY_REVIEW_MIN_WORKDAYS", 5)  # at least, in principle (115号)
LEGALITY_REVIEW_MIN_WORKDAYS_MAJOR = env_int("LEGALITY_REVIEW_MIN_WORKDAYS_MAJOR", 7)  # major decisions (art. 26)
DRAFTER_TASK_WORKDAYS = env_int("DRAFTER_TASK_WORKDAYS", 10)  # handling comments, supplements, amendments
DELIBERATION_WORKDAYS = env_int("DELIBERATION_WORKDAYS", 15)
PUBLICATION_WORKDAYS = env_int("PUBLICATION_WORKDAYS", 5)
EFFECTIVE_MIN_DAYS = env_int("EFFECTIVE_MIN_DAYS", 30)  # after publication, unless a reason is recorded
FILING_DAYS = env_int("FILING_DAYS", 30)  # from publication
# 审查建议: registered within these working days, answered within these days of registration; per address a day.
REVIEW_REQUEST_REGISTER_WORKDAYS = env_int("REVIEW_REQUEST_REGISTER_WORKDAYS", 5)
REVIEW_REQUEST_ANSWER_DAYS = env_int("REVIEW_REQUEST_ANSWER_DAYS", 60)
REVIEW_REQUEST_MAX_PER_DAY = env_int("REVIEW_REQUEST_MAX_PER_DAY", 5)
# The body the 备案报告 is addressed to (主送机关) until filings are routed by the issuer's jurisdiction.
FILING_BODY_NAME = os.environ.get("FILING_BODY_NAME", "某市人民政府")
FILING_REGISTER_DAYS = env_int("FILING_REGISTER_DAYS", 15)  # formal check
FILING_CORRECTION_DAYS = env_int("FILING_CORRECTION_DAYS", 15)  # default deadline of a deferred filing
FILING_REVIEW_MONTHS = env_int("FILING_REVIEW_MONTHS", 2)  # active review, from registration (art. 11)
FILING_EXPLANATION_DAYS = env_int("FILING_EXPLANATION_DAYS", 15)
SELF_CORRECTION_REPORT_DAYS = env_int("SELF_CORRECTION_REPORT_DAYS", 30)
# Deadline cards: yellow this many working days before the due date, red once it has passed.
DEADLINE_YELLOW_WORKDAYS = env_int("DEADLINE_YELLOW_WORKDAYS", 3)

# The picture challenge of public comments (django-simple-captcha: generated here, no outside service).
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10  # minutes

# Notifications by e-mail (each person chooses each / daily digest / none on the 通知 page).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "guifan@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # links in e-mails

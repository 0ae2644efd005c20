"""Settings shared by every environment. What differs per machine comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "accounts",
    "organisation",
    "quizzes",
    "courses",
    "law",
    "followups",
    "certificates",
    "cpd",
    "tracking",
    "teamsessions",
    "xapi",
    "scorm",
    "credentials",
    "lti",
    "lti_tool",
    "demo",
    "wagtailnhsukfrontend",
    "wagtailnhsukfrontend.settings",
    "wagtailmedia",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
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
    "polymorphic",
    "axes",
    "csp",
    "django.contrib.admin",
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
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.BridgeCSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "core.middleware.ErrorPageMiddleware",
    # Last, as django-axes asks, so it sees the final response of a failed login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "tracking.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a small pilot: several people at once. WAL lets readers carry on
    # while one writer writes; a writer waits (busy timeout) instead of failing "database is
    # locked"; IMMEDIATE takes the write lock when a transaction starts, so two transactions never
    # both read, then deadlock upgrading to write (which SQLite answers at once, without waiting).
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
# AutoField, not BigAutoField: the latter makes a pending migration inside a third-party app.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

AUTH_USER_MODEL = "accounts.User"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
# django-axes first (it refuses locked-out sign-ins, and can load users for sessions), then the
# ModelBackend that checks passwords.
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.AdminSignInForm"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.sso.SsoBackend",  # answers only the provider's callback, and only when configured
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Single sign-on (OpenID Connect: Microsoft Entra ID or any provider). Off unless the issuer is
# set; endpoints come from the issuer's discovery document. See docs/single-sign-on.md.
BRIDGE_SSO = {
    "ISSUER": os.environ.get("BRIDGE_SSO_ISSUER", "").rstrip("/"),
    "CLIENT_ID": os.environ.get("BRIDGE_SSO_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("BRIDGE_SSO_CLIENT_SECRET", ""),
    # Entra ID: the tenants (the tid claim) whose staff may sign in; empty allows any.
    "ALLOWED_TENANTS": env_list("BRIDGE_SSO_ALLOWED_TENANTS"),
    "LABEL": os.environ.get("BRIDGE_SSO_LABEL", "Sign in with your NHS account"),
    "SCOPES": os.environ.get("BRIDGE_SSO_SCOPES", "openid email profile"),
    # Which claim holds what. Entra ID puts the ESR employee number where the trust maps it.
    "CLAIMS": {
        "email": os.environ.get("BRIDGE_SSO_CLAIM_EMAIL", "email"),
        "given_name": os.environ.get("BRIDGE_SSO_CLAIM_GIVEN_NAME", "given_name"),
        "family_name": os.environ.get("BRIDGE_SSO_CLAIM_FAMILY_NAME", "family_name"),
        "employee_number": os.environ.get("BRIDGE_SSO_CLAIM_EMPLOYEE_NUMBER", "employee_number"),
        "groups": os.environ.get("BRIDGE_SSO_CLAIM_GROUPS", "groups"),
        "tenant": os.environ.get("BRIDGE_SSO_CLAIM_TENANT", "tid"),
    },
    # "claim": trust the address when email_verified is true; "provider": the provider only
    # issues addresses it owns (a trust's own Entra tenant), so every address is verified.
    "EMAIL_VERIFIED": os.environ.get("BRIDGE_SSO_EMAIL_VERIFIED", "claim"),
    # Provider group → Bridge role group, as "group-id=Trainers,other-id=L&D managers".
    "GROUP_ROLES": dict(
        item.split("=", 1) for item in env_list("BRIDGE_SSO_GROUP_ROLES") if "=" in item
    ),
    "TIMEOUT": 10,
}
# xAPI: statements to the trust's learning record store (its xAPI endpoint, ending /xAPI or
# similar; "statements" is added). Empty: no outbox rows are written.
BRIDGE_XAPI = {
    "ENDPOINT": os.environ.get("BRIDGE_XAPI_ENDPOINT", ""),
    "USERNAME": os.environ.get("BRIDGE_XAPI_USERNAME", ""),
    "PASSWORD": os.environ.get("BRIDGE_XAPI_PASSWORD", ""),
    "TIMEOUT": 5,
}
# Local passwords: switched off, only superusers (a way in when the provider is down) may use one.
BRIDGE_LOCAL_PASSWORDS = env_bool("BRIDGE_LOCAL_PASSWORDS", True)
# mozilla-django-oidc, which runs the authorization code flow (accounts.sso configures the rest).
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # kept for signing out at the provider too
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
OIDC_TIMEOUT = 10
LOGIN_URL = "accounts:login"
# Restricted pages and documents send people to the service's own sign-in page.
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/sign-in/"
LOGIN_REDIRECT_URL = "courses:my_training"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "lms" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Certificates and documents live outside MEDIA_ROOT so no URL reaches them; views check access.
PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", BASE_DIR / "private"))

STORAGES = {
    # Public media (images, films), with documents routed to private storage (core.storage).
    "default": {"BACKEND": "core.storage.MediaStorage"},
    "public_media": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "lms.storage.StaticStorage"},
}
# S3-compatible object storage, switched on by setting a bucket: public media in one prefix,
# certificates in a private one that is only ever read through Bridge's own views.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    _s3 = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "file_overwrite": False,
    }
    STORAGES["public_media"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "location": "media", "querystring_auth": False},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Wagtail
WAGTAIL_SITE_NAME = "Bridge"
# No avatars from a third party: it would send a hash of every staff address off the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# One password reset for everyone, the service's own: it also confirms the address and lifts a
# pause on the account. Addresses change only through an admin (and are then unconfirmed).
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "vtt", "txt", "docx", "odt"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_IMAGE_FORM_BASE = "courses.image_forms.SafeImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILMEDIA = {"MEDIA_MODEL": "wagtailmedia.Media"}
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Bridge
BASE_URL = WAGTAILADMIN_BASE_URL
# How long a link to confirm an e-mail address works, and a password-reset link (seconds).
BRIDGE_EMAIL_VERIFY_SECONDS = 3 * 24 * 3600
PASSWORD_RESET_TIMEOUT = 2 * 3600
# Only these e-mail domains may self-register ("*" allows any; empty closes registration).
BRIDGE_REGISTRATION_DOMAINS = env_list("BRIDGE_REGISTRATION_DOMAINS", "nhs.net,nhs.uk")

# E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Bridge <no-reply@localhost>")

# Celery: certificates render off the request path. Eager unless a broker is configured.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", os.environ.get("REDIS_URL", ""))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
# A course's legal review finishes by publishing with its "law as at" set from the legal sign-off
# (law.workflows.finish); every other workflow finishes as Wagtail's own does.
WAGTAIL_FINISH_WORKFLOW_ACTION = "law.workflows.finish"

CELERY_BEAT_SCHEDULE = {
    "send-training-reminders": {
        "task": "tracking.tasks.send_reminders",
        "schedule": 60 * 60 * 24,  # daily; reminders are recorded, so extra runs send nothing twice
    },
    "rebuild-compliance-table": {
        "task": "tracking.tasks.rebuild_compliance",
        "schedule": 60 * 60 * 24,
    },
    "apply-law-changes": {
        "task": "law.tasks.apply_law_changes",
        "schedule": 60 * 60 * 24,  # each change applies once, on or after its day
    },
    "send-follow-ups": {
        "task": "followups.tasks.send_followups",
        "schedule": 60 * 60 * 24,  # each invitation and reminder is sent once
    },
    "deliver-xapi-statements": {
        "task": "xapi.tasks.deliver_statements",
        "schedule": 60,  # the outbox, retried with backoff; nothing queued without an LRS
    },
    "report-lti-outcomes": {
        "task": "lti.tasks.report_failed",
        "schedule": 60 * 10,  # results a platform did not take, tried again
    },
    "close-ended-team-sessions": {
        "task": "teamsessions.tasks.close_ended_sessions",
        "schedule": 60 * 30,  # registers left open give their hours a couple of hours later
    },
}
# ESR's nightly "staff in post" file lands in this folder (SFTP, a mounted share); empty: no
# nightly import. Each new .csv or .xlsx is imported once (``manage.py esr_import``'s rules).
BRIDGE_ESR_DROP_FOLDER = os.environ.get("BRIDGE_ESR_DROP_FOLDER", "")
if BRIDGE_ESR_DROP_FOLDER:
    CELERY_BEAT_SCHEDULE["import-esr-drop-folder"] = {
        "task": "organisation.tasks.import_drop_folder",
        "schedule": 60 * 60 * 24,
    }

# django-axes: lock an account + address pair after repeated failed logins.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Lockouts and rate limits key on the real client behind this many trusted proxies (0: none, so
# X-Forwarded-For is ignored). See core.ratelimit.client_address.
BRIDGE_TRUSTED_PROXIES = int(os.environ.get("BRIDGE_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_address"
# Failed sign-ins for one account from any address, per hour, before password sign-in to it
# pauses. The owner can still get in at once by resetting their password from their e-mail.
BRIDGE_ACCOUNT_FAILURE_LIMIT = 20

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views relax it to SAMEORIGIN for themselves
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The NHS.UK frontend's Frutiger web fonts come from the NHS assets host; a trust that serves
# them itself sets BRIDGE_FONT_SOURCES (comma-separated origins, empty for the site only).
BRIDGE_FONT_SOURCES = env_list("BRIDGE_FONT_SOURCES", "https://assets.nhs.uk")
_CSP_COMMON = {
    "default-src": ["'self'"],
    "font-src": ["'self'", *BRIDGE_FONT_SOURCES],
    "img-src": ["'self'", "data:"],
    "media-src": ["'self'"],
    "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    # 'self', not 'none': Wagtail's live preview frames the page from the admin.
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
# The service's pages: scripts only from the site, or inline with the request's nonce
# ({{ request.csp_nonce }}); never 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
    }
}
# The admin home's check for a newer Wagtail would call out to the internet from the browser,
# which the admin's policy (rightly) blocks; upgrades go through the lock file instead.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The Wagtail admin (under BRIDGE_ADMIN_PATH_PREFIX) needs inline scripts and styles.
BRIDGE_ADMIN_PATH_PREFIX = "/admin/"
BRIDGE_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
    }
}
# Browser features no page or embedded player of Bridge needs; fullscreen for the film players.
BRIDGE_PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "fullscreen": ["self", '"https://www.youtube-nocookie.com"', '"https://player.vimeo.com"'],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "serial": [],
    "usb": [],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"bridge.audit": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

LANGUAGES = [("en-gb", _("English"))]

# Portable credentials (Open Badges 3.0): the issuer's address (its did:web; always HTTPS, the
# site's own by default) and, for the trust's own signing key, a PEM file (Ed25519). Without one,
# a key is made on first use and kept in the database.
BRIDGE_CREDENTIAL_ISSUER_URL = os.environ.get("BRIDGE_CREDENTIAL_ISSUER_URL", "")
BRIDGE_CREDENTIAL_KEY_FILE = os.environ.get("BRIDGE_CREDENTIAL_KEY_FILE", "")

"""Settings shared by every environment.

Everything that differs between machines is read from the environment in the block at the top,
with defaults that make a fresh clone run on SQLite, local media and a local-memory cache.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"  # git-ignored: SQLite database, media, collected static files


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


# --- Environment ---------------------------------------------------------------------------
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'vitrine.sqlite3'}")
REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds. A Redis that is down or frozen costs a request at most this, then the site serves uncached.
REDIS_CONNECT_TIMEOUT = float(os.environ.get("REDIS_CONNECT_TIMEOUT") or "0.25")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT") or "0.5")
REDIS_OUTAGE_PAUSE = float(os.environ.get("REDIS_OUTAGE_PAUSE") or "5")  # after a failure, skip Redis this long
# Seconds. A database that accepts connections but never answers must not hang a request (or a command).
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT") or "3")
# Seconds, web requests only (vitrine_cms/wsgi.py): migrations and management commands may run longer.
DATABASE_STATEMENT_TIMEOUT = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT") or "15")
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(VAR_DIR / "media"))
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(VAR_DIR / "static"))
BACKUP_DIR = os.environ.get("BACKUP_DIR", str(VAR_DIR / "backups"))  # manage.py backup writes here
# Spreadsheets and photos uploaded in the admin, between the check and the import (cases/importer/uploads.py);
# empty = the system's temporary directory. Several web containers need a shared volume here.
CASE_IMPORT_STAGING_DIR = os.environ.get("CASE_IMPORT_STAGING_DIR", "")
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Where the public site (and its API) answers, e.g. https://www.devitrine.be: the OpenAPI document's server.
PUBLIC_BASE_URL = (os.environ.get("PUBLIC_BASE_URL") or WAGTAILADMIN_BASE_URL).rstrip("/")
API_CONTACT_EMAIL = os.environ.get("API_CONTACT_EMAIL", "")  # named as the API's contact in the OpenAPI document
API_CORS_ORIGINS = env_list("API_CORS_ORIGINS")  # e.g. https://www.vlaio.be
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "300"))  # seconds, for browsers and CDNs
# Sites that may show our embeddable case lists in an <iframe> (CSP frame-ancestors of /embed/ only), as origins:
# e.g. https://www.vlaio.be. Every other page keeps X-Frame-Options: DENY and frame-ancestors 'none'.
EMBED_ORIGINS = env_list("EMBED_ORIGINS")
# Whole pages for anonymous readers; publishing invalidates at once, the timeout bounds scheduled expiry.
READER_PAGE_CACHE_TIMEOUT = int(os.environ.get("READER_PAGE_CACHE_TIMEOUT", "900"))
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap-bijdragers")
API_SERVER_CACHE_TIMEOUT = int(os.environ.get("API_SERVER_CACHE_TIMEOUT", "3600"))  # seconds, invalidated on publish
# Each web process keeps its own copy of the most asked-for cached answers and pages (home/near_cache.py), so a hit
# needs no Redis read. Only with Redis: the local-memory cache of a setup without it is in the process already.
NEAR_CACHE_BYTES = int(os.environ.get("NEAR_CACHE_BYTES") or (16 * 1024 * 1024 if REDIS_URL else 0))
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "600/minute")  # per client IP; empty = no limit
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))  # failed logins per user, and per IP
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))  # after the last failure
# Forms anyone may post (profile, page passwords, password reset): posts per client IP; empty = no limit.
PUBLIC_FORM_RATE = os.environ.get("PUBLIC_FORM_RATE", "20/minute")
PUBLIC_FORM_MAX_FIELDS = int(os.environ.get("PUBLIC_FORM_MAX_FIELDS") or "50")  # the admin keeps 10 000
# Outgoing mail (password resets, workflow notifications): SMTP when EMAIL_HOST is set, else the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or "587")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # TLS from the first byte, usually port 465
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)  # STARTTLS, usually port 587; never both
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT") or "10")  # seconds; a hung server must not hang a request
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "De Vitrine <noreply@localhost>"
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL  # sender of error mails to ADMINS
# Lower case: django-csp 4 refuses settings named like its old CSP_* ones.
csp_report_only = env_bool("CSP_REPORT_ONLY", False)  # report violations without blocking, to try a change
csp_report_uri = os.environ.get("CSP_REPORT_URI", "")  # where browsers POST violation reports; empty = none
# Where background tasks (image renditions after a publish) run: "database" queues them for `manage.py db_worker`,
# "immediate" runs them in the process that enqueues them, right after its commit (dev and test default).
BACKGROUND_TASKS = os.environ.get("BACKGROUND_TASKS", "database")
# Webhooks (webhooks/): seconds to connect and to wait for each read of a receiver's answer; whether receivers
# may be on loopback, private or link-local addresses (true only where the receiver is inside the network).
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT") or "5")
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
# Headless preview (preview/): the VLAIO site's preview page, `{token}` replaced by a signed token (else `token=` is
# added); empty = the mode "Voorbeeld op vlaio.be" is not offered. A token works this many seconds.
HEADLESS_PREVIEW_URL = os.environ.get("HEADLESS_PREVIEW_URL", "")
HEADLESS_PREVIEW_MAX_AGE = int(os.environ.get("HEADLESS_PREVIEW_MAX_AGE") or "3600")
# Submitter data of the public form (intake/) is deleted this many days after the editors' decision.
INTAKE_RETENTION_DAYS = int(os.environ.get("INTAKE_RETENTION_DAYS") or "90")
# Days an e-mailed follow-up link (followups/) stays valid; it works once.
FOLLOW_UP_TOKEN_DAYS = int(os.environ.get("FOLLOW_UP_TOKEN_DAYS") or "30")
# The public form: seconds a person needs at least (faster posts are treated as a script), the largest photo in
# bytes and in pixels (width x height), and how long photos of a failed post wait for the corrected one.
INTAKE_MIN_FILL_SECONDS = int(os.environ.get("INTAKE_MIN_FILL_SECONDS") or "15")
INTAKE_MAX_PHOTO_BYTES = int(os.environ.get("INTAKE_MAX_PHOTO_BYTES") or str(10 * 1024 * 1024))
INTAKE_MAX_PHOTO_PIXELS = int(os.environ.get("INTAKE_MAX_PHOTO_PIXELS") or "40000000")
INTAKE_UPLOAD_HOURS = int(os.environ.get("INTAKE_UPLOAD_HOURS") or "24")
# A CDN in front of the site (cdn/): a publish purges the changed URLs of the reader site and the API.
# Empty = no purging; "http" sends PURGE requests to FRONTEND_CACHE_LOCATION (Varnish, nginx, Fastly, …).
FRONTEND_CACHE_BACKEND = os.environ.get("FRONTEND_CACHE_BACKEND", "").strip().lower()
FRONTEND_CACHE_LOCATION = os.environ.get("FRONTEND_CACHE_LOCATION", "")  # http: e.g. http://varnish:6081
FRONTEND_CACHE_TIMEOUT = float(os.environ.get("FRONTEND_CACHE_TIMEOUT") or "10")  # http: seconds per PURGE
CLOUDFLARE_ZONE_ID = os.environ.get("CLOUDFLARE_ZONE_ID", "")
CLOUDFLARE_BEARER_TOKEN = os.environ.get("CLOUDFLARE_BEARER_TOKEN", "")  # an API token with Cache Purge permission
CLOUDFLARE_EMAIL = os.environ.get("CLOUDFLARE_EMAIL", "")  # or the older e-mail and global API key
CLOUDFLARE_API_KEY = os.environ.get("CLOUDFLARE_API_KEY", "")
CLOUDFRONT_DISTRIBUTION_ID = os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", "")  # credentials: AWS_ACCESS_KEY_ID, …
# --------------------------------------------------------------------------------------------

# An origin is scheme://host[:port] and nothing else: anything more would be pasted into the CSP header as is.
for _embed_origin in EMBED_ORIGINS:
    if not re.fullmatch(r"https?://[A-Za-z0-9.*-]+(:(\d+|\*))?", _embed_origin):
        raise ImproperlyConfigured(f"EMBED_ORIGINS: {_embed_origin!r} is not an origin such as https://www.vlaio.be")

INSTALLED_APPS = [
    "home",
    "themes",
    "cases",
    "sync",  # the change log behind the API's changes/ (a client's copy of the catalogue stays exact)
    "api",
    "reader",
    "webhooks",
    "preview",
    "cdn",
    "intake",  # the public "Voorbeeld voorstellen" form and what it collects, kept apart from the pages
    "followups",  # "Een jaar later": the initiator's e-mailed follow-up form and what it collects
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
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
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_countries",  # loads its translations: country names in nl, en and fr
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # /health/ and /health/live: before host checks, the https redirect, sessions and caches (home/health.py).
    "home.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "home.csp.PathPolicyCSPMiddleware",  # outside the page cache, so cached pages get a header too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Cache hits, answered inside the header-adding layers above and before everything below (api/middleware.py,
    # reader/page_cache.py): a hit needs no session, user, messages or DRF dispatch.
    "api.middleware.ApiCacheHitMiddleware",
    "reader.page_cache.PageCacheHitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(), then the admin's two-factor steps (home/two_factor.py).
    "django_otp.middleware.OTPMiddleware",
    "home.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After the security headers, before any view or CSRF check reads a body (home/public_forms.py).
    "home.public_forms.PublicFormGuardMiddleware",
    # After the guard above, so a flood of posts is refused before its bodies are parsed here.
    "home.middleware.NulCharacterMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Deep page URLs routed with the site and home page this process holds (home/serving.py).
    "home.serving.ReaderRouteMiddleware",
    "reader.page_cache.PageCacheMiddleware",
    # Turns a refused login (see AUTHENTICATION_BACKENDS) into the lockout page; last, as axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vitrine_cms.urls"

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
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_menu",
                "reader.context_processors.reader_profile",
            ],
        },
    },
]

WSGI_APPLICATION = "vitrine_cms.wsgi.application"

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
    # Set by vitrine_cms/wsgi.py before the settings load, so only web processes get these. Parallel query is
    # off for them: a request's queries read a few thousand narrow catalogue rows, and on a busy two-core server
    # the parallel workers PostgreSQL started for facets made them 28 % slower (issue 11's profile).
    if env_bool("VITRINE_WEB_PROCESS"):
        _web_options = ["-c max_parallel_workers_per_gather=0"]
        if DATABASE_STATEMENT_TIMEOUT:
            _web_options.append(f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}")
        _db_options["options"] = " ".join(_web_options)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_cache(url: str, *, outage_pause: float | None = None) -> dict:
    """The cache on Redis at `url`. Down or frozen, it answers "not cached" within the timeouts, never an error,
    and after a failure it leaves Redis alone for REDIS_OUTAGE_PAUSE seconds (vitrine_cms/redis_cache.py)."""
    return {
        "BACKEND": "vitrine_cms.redis_cache.PausingRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "vitrine",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": REDIS_CONNECT_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_TIMEOUT,
            "OUTAGE_PAUSE": REDIS_OUTAGE_PAUSE if outage_pause is None else outage_pause,
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
    # A Redis outage must degrade to uncached pages, not to errors.
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Without EMAIL_HOST, mail is printed to the log, so a missing configuration shows there, not as an error.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)

# --- Login lockout (django-axes): brute force on /admin/ and /django-admin/ ------------------------
# The axes backend goes first: it refuses a locked-out user or IP before any password is checked, so
# neither the right password nor a password reset lets anyone in until the cool-off ends or a
# Beheerder unlocks (Rapporten → Inlogblokkades, or manage.py axes_reset_username / axes_reset_ip).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
# Either alone locks: one user guessed from many places, or many users guessed from one place.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Tries during a lockout do not extend it, so "try again in N minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed login, kept for the Beheerder's log
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "home.login_security.lockout_response"
# The same proxy trust as the API's throttling (API_NUM_PROXIES): X-Forwarded-For is ignored unless
# proxies are declared, so a forged header can neither dodge the IP lockout nor lock out someone else.
AXES_CLIENT_IP_CALLABLE = "home.login_security.client_ip"
AXES_VERBOSE = False  # no start-up banner in every management command
AXES_ENABLE_ADMIN = True  # the lists in /django-admin/ for superusers; Beheerders use the Wagtail views

# --- Two-factor authentication for the admin (django-otp; home/two_factor.py) ------------------------
# On in production: anyone may opt in, these groups must. dev.py, test.py and browser.py switch it off
# unless ADMIN_2FA is set. A lost phone: a Beheerder runs `manage.py reset_2fa USERNAME`.
ADMIN_2FA = env_bool("ADMIN_2FA", True)
ADMIN_2FA_REQUIRED_GROUPS = ["Eindredacteur", "Beheerder"]
OTP_TOTP_ISSUER = "Vitrine CMS"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# --- Content-Security-Policy (django-csp; home/csp.py picks the policy by path) ------------------
def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Images may come from the bucket or its domain; home/csp.py adds the tile server of MAP_TILE_URL.
_media_origins = [
    _origin(f"https://{AWS_S3_CUSTOM_DOMAIN}") if AWS_S3_CUSTOM_DOMAIN else "",
    _origin(AWS_S3_ENDPOINT_URL or "") if AWS_STORAGE_BUCKET_NAME else "",
    f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com" if AWS_STORAGE_BUCKET_NAME else "",
]
_img_src = [SELF, "data:", *filter(None, _media_origins)]
_report = {"report-uri": [csp_report_uri]} if csp_report_uri else {}
# Readers: only our own scripts and styles; inline script only with the request's nonce.
# Videos are iframes of the two privacy-friendly players, made only when a reader clicks play.
_reader_policy = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF],
    "img-src": _img_src,
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "media-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
    **_report,
}
# Wagtail's admin uses inline styles and scripts, blob: previews and its own preview iframe;
# the Django admin likewise. Still no plugins, no foreign scripts, no framing by other sites.
_admin_policy = {
    **_reader_policy,
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [*_img_src, "blob:"],
    "frame-src": [SELF, *_reader_policy["frame-src"]],
    "frame-ancestors": [SELF],
}
# Swagger UI (drf-spectacular-sidecar, served by us) starts from an inline script and inline <style>.
_api_docs_policy = {**_reader_policy, "script-src": [SELF, UNSAFE_INLINE], "style-src": [SELF, UNSAFE_INLINE]}
CSP_PATH_POLICIES = {"/admin/": _admin_policy, "/django-admin/": _admin_policy, "/api/v1/docs/": _api_docs_policy}
# CSP_REPORT_ONLY=1 sends the same policies as Content-Security-Policy-Report-Only instead.
CONTENT_SECURITY_POLICY = None if csp_report_only else {"DIRECTIVES": _reader_policy}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _reader_policy} if csp_report_only else None

# --- Languages: Dutch is the source, English and French are translations --------------------
LANGUAGE_CODE = "nl"
# Names in the admin's language ("Engels" in the Dutch admin, as in "Publiceer in het Engels"); the reader
# site's language menu and the account settings name each language in itself.
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels")), ("fr", _("Frans"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
# Translations start as drafts: by default wagtail-localize publishes a fresh translation
# (still in Dutch) whenever the source is live.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Static and media -----------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # whitenoise's hashed and compressed files, each URL worked out once per process (home/static_storage.py).
    "staticfiles": {"BACKEND": "home.static_storage.StaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "De Vitrine"
# Per-language stemming on PostgreSQL, SQLite FTS5 elsewhere (see home/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "home.search_backend"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
# Wagtail's default, set here because home.images.image_check counts it over all frames of an animation
# (Wagtail itself counts one frame per file with Pillow).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 128_000_000
# Upload, edit, multiple-upload and chooser forms: the whole file is decoded before it is accepted.
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.ImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt"]
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls home: the machines have no internet
# No avatars from gravatar.com: every admin page would tell a third party who is logged in.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_FINDERS = []  # no oEmbed fetches; video blocks build their own embed URLs
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None


# --- CDN purge (wagtail.contrib.frontend_cache's backends and task; cdn/purging.py sends them) ----------------
def frontend_cache_settings(backend: str) -> dict:
    """WAGTAILFRONTENDCACHE for FRONTEND_CACHE_BACKEND; {} (no purging) when it is empty."""
    if not backend:
        return {}
    if backend == "http":
        if not FRONTEND_CACHE_LOCATION:
            raise ImproperlyConfigured("FRONTEND_CACHE_BACKEND=http needs FRONTEND_CACHE_LOCATION (the cache's URL).")
        config = {"BACKEND": "cdn.backends.HTTPBackend", "LOCATION": FRONTEND_CACHE_LOCATION}
        config["TIMEOUT"] = FRONTEND_CACHE_TIMEOUT
    elif backend == "cloudflare":
        if not CLOUDFLARE_ZONE_ID or not (CLOUDFLARE_BEARER_TOKEN or (CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)):
            raise ImproperlyConfigured(
                "FRONTEND_CACHE_BACKEND=cloudflare needs CLOUDFLARE_ZONE_ID and CLOUDFLARE_BEARER_TOKEN "
                "(or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)."
            )
        config = {"BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend", "ZONEID": CLOUDFLARE_ZONE_ID}
        if CLOUDFLARE_BEARER_TOKEN:
            config["BEARER_TOKEN"] = CLOUDFLARE_BEARER_TOKEN
        else:
            config.update(EMAIL=CLOUDFLARE_EMAIL, API_KEY=CLOUDFLARE_API_KEY)
    elif backend == "cloudfront":
        if not CLOUDFRONT_DISTRIBUTION_ID:
            raise ImproperlyConfigured("FRONTEND_CACHE_BACKEND=cloudfront needs CLOUDFRONT_DISTRIBUTION_ID.")
        config = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": CLOUDFRONT_DISTRIBUTION_ID,
        }
    else:
        raise ImproperlyConfigured(f"FRONTEND_CACHE_BACKEND must be http, cloudflare or cloudfront, not {backend!r}.")
    return {"default": config}


WAGTAILFRONTENDCACHE = frontend_cache_settings(FRONTEND_CACHE_BACKEND)
# cdn.targets names each translation at its own URL: Wagtail must not add language-swapped copies of every URL.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# --- Background tasks (django-tasks, with django-tasks-db's database backend) -----------------------
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def task_settings(background: str) -> dict:
    if background not in TASK_BACKENDS:
        raise ImproperlyConfigured(f"BACKGROUND_TASKS must be one of {', '.join(TASK_BACKENDS)}, not {background!r}")
    return {
        # Wagtail's own tasks (reference index and search index after a save) stay in the saving process, in its
        # transaction: a case an editor publishes is found by search at once, also while the worker is down.
        "default": {"BACKEND": TASK_BACKENDS["immediate"]},
        # Ours (home/renditions.py): slow work that a page can do without until it is done.
        "background": {"BACKEND": TASK_BACKENDS[background]},
    }


TASKS = task_settings(BACKGROUND_TASKS)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per background task and page save drowns out what matters in the console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

VITRINE_MUNICIPALITIES_CSV = BASE_DIR / "cases" / "data" / "flemish_municipalities.csv"

# --- Public JSON API (api/) ------------------------------------------------------------------
REST_FRAMEWORK = {
    # Authentication, permissions, renderers and throttling are set on api.views.ApiView: the
    # defaults stay as they are for wagtail-localize's editor, which also runs on DRF.
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # Proxies in front of the site (0: use the connecting address, so X-Forwarded-For cannot dodge the limit).
    "NUM_PROXIES": int(os.environ.get("API_NUM_PROXIES", "0")),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "De Vitrine API",
    # api/schema.py adds the HTTP behaviour (CORS, caching, rate limits, absolute URLs) with this server's values.
    "DESCRIPTION": (
        "Read-only JSON API with the published examples (cases) of De Vitrine, their themes and audiences, "
        "in Dutch (nl), English (en) and French (fr)."
    ),
    "VERSION": "1.5.0",  # api/CHANGELOG.md says what changed in each version
    "SERVERS": [{"url": PUBLIC_BASE_URL, "description": "De Vitrine (PUBLIC_BASE_URL)"}],
    "LICENSE": {
        "name": "Modellicentie Gratis Hergebruik v1.0",
        "url": "https://www.vlaanderen.be/digitaal-vlaanderen/onze-oplossingen/open-data/modellicentie-gratis-hergebruik",
    },
    "CONTACT": {
        "name": "Redactie De Vitrine",
        "url": f"{PUBLIC_BASE_URL}/nl/",
        **({"email": API_CONTACT_EMAIL} if API_CONTACT_EMAIL else {}),
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.typed_contract"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Coded values share one enum each, in query parameters and in answers ({code, label}).
    "ENUM_NAME_OVERRIDES": {
        "SizeClassEnum": "cases.places.SizeClass.values",
        "ProvinceEnum": "cases.places.Province.values",
        "CaseStatusEnum": "cases.places.CaseStatus.values",
        "ChangeKindEnum": "sync.models.ChangeKind",
        "RemovalReasonEnum": "sync.models.RemovalReason",
    },
}
CORS_ALLOWED_ORIGINS = API_CORS_ORIGINS
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# The VLAIO site revalidates with If-None-Match (a 304 costs no body), so its preflight must allow that header
# and its script must be able to read the ETag it sends back.
CORS_ALLOW_HEADERS = (*cors_default_headers, "if-none-match")
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After", "Link"]  # Link: the open data licence (rel="license")
# Rich text in API responses: display HTML with internal links resolved (no `linktype` markup).
WAGTAILAPI_RICH_TEXT_FORMAT = "html"

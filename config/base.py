"""Settings shared by every environment. Secrets never live here."""
import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class BaseConfig:
    SECRET_KEY = None
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'caseflow.db'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WORKFLOWS_DIR = str(ROOT / "workflows")

    # The kinds of case this installation runs. Each is a package under caseflow/kinds/ exposing KIND, with its
    # state machine in workflows/<kind>.yaml: adding a kind is its package, its workflow file and one line here.
    CASE_KINDS = ("caseflow.kinds.reconsideration", "caseflow.kinds.mediation", "caseflow.kinds.adjudication")
    # What POST /api/v1/cases registers when the body names no kind (clients written before the other kinds).
    DEFAULT_CASE_KIND = "reconsideration"

    # Legal dates are Asia/Shanghai dates; instants are stored in UTC (see caseflow/clock.py).
    DISPLAY_TZ = "Asia/Shanghai"
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ["zh_Hans_CN", "en"]

    # API tokens: bearer tokens that expire and can be revoked.
    API_TOKEN_TTL = timedelta(hours=12)

    # Web sessions and sign-in throttling.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCKOUT = timedelta(minutes=15)
    # Failed sign-ins one address may make (Flask-Limiter syntax); per account name it is LOGIN_MAX_FAILURES per
    # LOGIN_LOCKOUT, whether or not the name exists. A whole office behind one NAT address shares this budget.
    LOGIN_FAILURES_PER_ADDRESS = "20 per 10 minutes"
    # Where Flask-Limiter counts: memory:// counts per worker process; redis://host:6379 shares the counts between
    # workers and restarts (the per-account lockout in the database is shared either way).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # Behind a reverse proxy, how many X-Forwarded-For hops to trust (werkzeug's ProxyFix): without it every
    # sign-in would come from the proxy's address and share one throttle.
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0"))
    # How often a waiting scheduler (another node's) tries to take over the lock (caseflow.supervision.scheduler).
    SCHEDULER_RETRY_SECONDS = int(os.environ.get("SCHEDULER_RETRY_SECONDS", "30"))

    # flask-smorest / OpenAPI
    API_TITLE = "CaseFlow API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_SWAGGER_UI_URL = "/static/vendor/swagger-ui/"

    # Until a document's receipt is recorded, a clock counted from it runs from the sending date plus these days,
    # marked as awaiting receipt and recomputed once the 送达回证 or tracking record arrives. Direct, left and
    # electronic service are received the day they happen (CPL Arts. 87, 89, 90); a public notice is deemed
    # served after 30 days by law (CPL Art. 95); the mail allowance is this deployment's choice.
    SERVICE_PRESUMPTION = {"direct": 0, "left": 0, "electronic": 0, "mail": 3, "public_notice": 30}
    SERVICE_PRESUMPTION_BASIS = "本部署推定：邮寄按发出后3日、公告按30日（《民事诉讼法》第九十五条），直接、留置、电子送达按当日"
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024  # a request; one attachment may be ATTACHMENT_MAX_BYTES
    ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
    # The supervision scheduler runs in its own process (`flask caseflow scheduler`), never in web workers. The
    # daily sweep after midnight, the agencies' digest in the morning, mail delivery every minute (Asia/Shanghai).
    SCHEDULER_SWEEP_AT = os.environ.get("SCHEDULER_SWEEP_AT", "00:30")
    SCHEDULER_DIGEST_AT = os.environ.get("SCHEDULER_DIGEST_AT", "08:00")
    # E-mail (the outbox): off unless MAIL_SERVER is set; messages wait in the outbox meanwhile.
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "caseflow@localhost")
    MAIL_TIMEOUT = 10
    MAIL_MAX_ATTEMPTS = 10
    # Named in every electronic case file exported from here (manifest.json `source_installation`) and in the
    # accounts an import records for people of another installation; default: the machine's host name.
    INSTALLATION_NAME = os.environ.get("INSTALLATION_NAME", "")
    DEMO_DATA_ALLOWED = True  # `flask caseflow seed-demo`; production refuses it

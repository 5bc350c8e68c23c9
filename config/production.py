import os

from config.base import BaseConfig


class ProductionConfig(BaseConfig):
    SESSION_COOKIE_SECURE = True
    DEBUG = False  # never the interactive debugger or a stack trace: errors are logged and answered plainly
    PROPAGATE_EXCEPTIONS = False
    DEMO_DATA_ALLOWED = False  # the demo's users share one published password
    JSON_LOGS = os.environ.get("CASEFLOW_JSON_LOGS", "1") != "0"  # one JSON object a line, with the request id

    @classmethod
    def validate(cls):
        """Refuse to start without real secrets: a guessable key or a throwaway database is worse than no service."""
        secret = os.environ.get("SECRET_KEY", "")
        if len(secret) < 32:
            raise RuntimeError("Production needs SECRET_KEY set to a random string of at least 32 characters.")
        if os.environ.get("FLASK_DEBUG", "").lower() in ("1", "true", "yes", "on"):
            raise RuntimeError("Production never runs with FLASK_DEBUG: the debugger would execute code for anyone.")
        url = os.environ.get("DATABASE_URL", "")
        if not url:
            raise RuntimeError("Production needs DATABASE_URL (e.g. postgresql+psycopg://user@host/caseflow).")
        cls.SECRET_KEY = secret
        cls.SQLALCHEMY_DATABASE_URI = url

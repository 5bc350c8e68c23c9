import os

from config.base import BaseConfig


class ProductionConfig(BaseConfig):
    SESSION_COOKIE_SECURE = True

    @classmethod
    def validate(cls):
        """Refuse to start without real secrets: a guessable key or a throwaway database is worse than no service."""
        secret = os.environ.get("SECRET_KEY", "")
        if len(secret) < 32:
            raise RuntimeError("Production needs SECRET_KEY set to a random string of at least 32 characters.")
        url = os.environ.get("DATABASE_URL", "")
        if not url:
            raise RuntimeError("Production needs DATABASE_URL (e.g. postgresql+psycopg://user@host/caseflow).")
        cls.SECRET_KEY = secret
        cls.SQLALCHEMY_DATABASE_URI = url

from config.base import BaseConfig


class DevelopmentConfig(BaseConfig):
    # A fixed development key: sessions survive restarts of the demo server. Never used in production.
    SECRET_KEY = "caseflow-development-only"

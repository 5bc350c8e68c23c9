import os

from config.base import BaseConfig


class TestingConfig(BaseConfig):
    TESTING = True
    SECRET_KEY = "caseflow-testing-only"
    # Tests run on SQLite unless TEST_DATABASE_URL points at PostgreSQL (.ci/run does both).
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite:///:memory:")
    WTF_CSRF_ENABLED = True
    # Cheap argon2id parameters: the algorithm is the same, the cost is not what a test measures.
    PASSWORD_HASH_PARAMS = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}

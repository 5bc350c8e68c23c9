"""Configuration classes, picked by name (CASEFLOW_ENV) in the application factory."""
import os

from config.base import BaseConfig
from config.development import DevelopmentConfig
from config.production import ProductionConfig
from config.testing import TestingConfig

CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def get_config(name=None):
    """Return the config class for `name` (default: $CASEFLOW_ENV, else development)."""
    name = name or os.environ.get("CASEFLOW_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"Unknown CASEFLOW_ENV {name!r}; choose one of {sorted(CONFIGS)}") from None


__all__ = ["BaseConfig", "get_config", "CONFIGS"]

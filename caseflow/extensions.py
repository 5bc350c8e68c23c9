"""Extension instances, bound to the app in create_app()."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from caseflow.db import Base
from caseflow.schemas import ErrorSchema


class CaseFlowApi(Api):
    """flask-smorest's Api with our error shape documented as the default error response."""

    ERROR_SCHEMA = ErrorSchema

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
api = CaseFlowApi()
babel = Babel()
# Sign-in throttling per address and per account name (caseflow.security.throttle); storage from RATELIMIT_*.
limiter = Limiter(get_remote_address)

import pytest
import sqlalchemy as sa


@pytest.fixture
def demo(app, db):
    """The demo data (every kind, cases in most states), in the test's transaction."""
    from caseflow.auth.models import User
    from caseflow.demo import seed

    seed()
    db.session.flush()
    return {u.username: u for u in db.session.scalars(sa.select(User))}

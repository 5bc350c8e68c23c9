"""Finding 8 and what must hold 5: schemathesis generates requests from /api/v1/openapi.json, valid and invalid,
and every answer must be no server error and match the status and schema the document gives. Bounded (a fixed
number of examples per operation and mode) and deterministic (derandomized): the run is the same every time."""
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 25  # per operation and generation mode: about 700 requests in all
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return sorted((result.ok() for result in schema.get_all_operations()), key=lambda op: op.label)


@pytest.fixture
def token_headers(office_team, db):
    """A clerk's fresh token for every request: a generated DELETE /api/v1/auth/token signs the clerk out."""
    from caseflow.auth.services import issue_token

    def headers():
        token, _row = issue_token(office_team["clerk"])
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return headers


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_the_api_answers_as_documented_and_never_fails(app, team_case, token_headers, mode):
    operations = _operations(app)
    assert len(operations) >= 12
    for operation in operations:
        @FUZZ
        @given(case=operation.as_strategy(generation_mode=mode))
        def exercise(case):
            case.call_and_validate(headers=token_headers(), checks=CHECKS)

        exercise()

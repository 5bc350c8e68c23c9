"""Domain errors raised by services; each carries the HTTP status the API and the web pages map it to."""


class DomainError(Exception):
    status = 400
    code = "domain_error"

    def __init__(self, message, *, errors=None, **extra):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.extra = extra


class ValidationFailed(DomainError):
    """Input is malformed or breaks a field rule; `errors` maps field names to messages."""

    status = 422
    code = "validation_failed"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class StaleCase(Conflict):
    """The caller acted on an old version of the case: someone else changed it first."""

    code = "stale_version"


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"


class GuardFailed(Conflict):
    """The transition exists in this state but a legal precondition is not met (e.g. the period has not run out)."""

    code = "precondition_failed"


class ApprovalRequired(Conflict):
    """The action takes effect only once approved (呈批): it must be proposed, not applied."""

    code = "approval_required"


class CaseArchived(Conflict):
    """The case is archived (归档): read-only until an administrator withdraws the archiving."""

    code = "case_archived"

"""Every model of the core, imported once so the metadata (and Alembic's autogenerate) sees all tables. The
kinds' models are imported with the kinds (CASE_KINDS) when the app is created."""
from caseflow.approvals.models import ApprovalRequest, ApprovalStep  # noqa: F401
from caseflow.attachments.models import Attachment  # noqa: F401
from caseflow.auth.models import ApiToken, RoleGrant, User, UserRole  # noqa: F401
from caseflow.calendar.models import CalendarDay, CalendarYear  # noqa: F401
from caseflow.cases.models import Case, CaseAssignment, CaseEvent, DocketCounter, Party  # noqa: F401
from caseflow.deadlines.models import Deadline, DeadlineExtension, DeadlinePause, RecomputeJob  # noqa: F401
from caseflow.documents.models import IssuedDocument  # noqa: F401, E402
from caseflow.organisations.models import Office, RespondentAgency  # noqa: F401
from caseflow.publication.models import Publication, PublishedDecision  # noqa: F401, E402
from caseflow.security.models import SecurityEvent  # noqa: F401
from caseflow.serving.models import ServiceRecord  # noqa: F401
from caseflow.statistics.models import StatTally  # noqa: F401
from caseflow.supervision.models import Notice, NoticeEvent, OutboxMessage, SweepRun  # noqa: F401

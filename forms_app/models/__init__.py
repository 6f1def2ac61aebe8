from .funnel import FunnelCount, FunnelStep
from .incident import AgencyIncidentType, IncidentType, PropertyStatus
from .pages import (
    STANDARD_SCREENING,
    Answer,
    ReportFormField,
    ReportFormPage,
    ScreeningKind,
    ScreeningQuestion,
    StopAction,
)
from .reports import (
    OPEN_STATUSES,
    Attachment,
    PreviousReference,
    ReferenceSequence,
    Report,
    ReportStatus,
    ReportStatusChange,
    SupplementalNote,
)
from .saved import SavedDraft
from .survey import Survey

__all__ = [
    "OPEN_STATUSES",
    "STANDARD_SCREENING",
    "AgencyIncidentType",
    "Answer",
    "Attachment",
    "FunnelCount",
    "FunnelStep",
    "IncidentType",
    "PreviousReference",
    "PropertyStatus",
    "ReferenceSequence",
    "Report",
    "ReportFormField",
    "ReportFormPage",
    "ReportStatus",
    "ReportStatusChange",
    "SavedDraft",
    "ScreeningKind",
    "ScreeningQuestion",
    "StopAction",
    "SupplementalNote",
    "Survey",
]

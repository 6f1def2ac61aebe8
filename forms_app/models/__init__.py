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
    ScreeningStopCount,
    SupplementalNote,
)
from .saved import DraftCount, SavedDraft
from .survey import Survey

__all__ = [
    "OPEN_STATUSES",
    "STANDARD_SCREENING",
    "AgencyIncidentType",
    "Answer",
    "Attachment",
    "DraftCount",
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
    "ScreeningStopCount",
    "StopAction",
    "SupplementalNote",
    "Survey",
]

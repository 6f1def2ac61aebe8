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

__all__ = [
    "OPEN_STATUSES",
    "STANDARD_SCREENING",
    "AgencyIncidentType",
    "Answer",
    "Attachment",
    "IncidentType",
    "PreviousReference",
    "PropertyStatus",
    "ReferenceSequence",
    "Report",
    "ReportFormField",
    "ReportFormPage",
    "ReportStatus",
    "ReportStatusChange",
    "ScreeningKind",
    "ScreeningQuestion",
    "ScreeningStopCount",
    "StopAction",
    "SupplementalNote",
]

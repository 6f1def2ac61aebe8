"""Signals ``forms_app`` sends. ``workflows`` listens; ``forms_app`` never imports it.

``report_submitted`` is sent with ``send`` (not ``send_robust``) inside the submission's
transaction: a receiver that fails rolls the report, its files and its workflow back.
"""

from django.dispatch import Signal

# Sent with sender=ReportFormPage class, report=<Report>, request=<HttpRequest or None>.
report_submitted = Signal()

# Sent when the citizen answers a request for more information on their status page, with
# sender=Report class, report=<Report>, note=<SupplementalNote>.
information_supplied = Signal()

# A report's status changed (``forms_app.history.change_status``), after the commit: sender=Report
# class, change=<ReportStatusChange>.
status_changed = Signal()

# The citizen answered the satisfaction survey, after the commit: sender=Survey class,
# survey=<Survey>.
survey_answered = Signal()

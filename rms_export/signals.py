"""Signals ``rms_export`` sends. ``workflows`` listens; ``rms_export`` never imports it.

``delivery_acknowledged``: the RMS accepted a report's record. Sent with sender=Report class,
report=<Report>, case_number=<str>, inside the transaction that records the acknowledgement.
"""

from django.dispatch import Signal

delivery_acknowledged = Signal()

# The RMS refused a report's record (a 4xx answer): sender=Report class, report=<Report>,
# error=<str>. Sent once, in the transaction that records the refusal.
delivery_rejected = Signal()

# A delivery gave up after its last retry: sender=Report class, report=<Report>, error=<str>.
delivery_failed = Signal()

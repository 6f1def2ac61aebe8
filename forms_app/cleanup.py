"""Files a citizen uploaded but never sent: removed after ``STAGED_UPLOAD_HOURS``, unless the
report was saved to finish later (those go with their saved draft, ``forms_app.resume``)."""

import datetime

from django.conf import settings
from django.utils import timezone

from .models import Attachment, SavedDraft


def purge_stale_uploads(now=None):
    """Delete staged files (and their rows) older than the setting; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.STAGED_UPLOAD_HOURS)
    stale = Attachment.objects.filter(report__isnull=True, uploaded_at__lt=cutoff).exclude(
        draft_key__in=SavedDraft.objects.values("upload_key")
    )
    count = 0
    for attachment in stale.iterator():
        attachment.file.delete(save=False)
        attachment.delete()
        count += 1
    return count

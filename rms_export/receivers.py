"""What ``rms_export`` does when its own records change."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Destination
from .outbox import deliver_waiting


@receiver(post_save, sender=Destination, dispatch_uid="rms_export.deliver_waiting")
def destination_saved(sender, instance, **kwargs):
    """A destination added or switched on: the agency's approved reports that waited for one go."""
    if instance.active:
        deliver_waiting(instance.site_id)

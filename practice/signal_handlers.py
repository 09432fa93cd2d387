"""A casusbespreking is on each attendee's Mijn voortgang (``practice.views.my_progress_section``),
which is kept whole per person (:mod:`modules.page_cache`): saving or deleting an attendance, or
a discussion they attended, moves those people's generation on."""

from django.db.models.signals import post_delete, post_save

from modules.progress import progress_changed

from .models import Attendance, CaseDiscussion


def _attendance_changed(sender, instance, **kwargs):
    progress_changed(instance.user_id)


def _discussion_changed(sender, instance, **kwargs):
    # A deleted discussion takes its attendances with it (each one tells on its own).
    for user_id in Attendance.objects.filter(discussion=instance).values_list("user_id", flat=True):
        progress_changed(user_id)


def register_signal_handlers():
    post_save.connect(_attendance_changed, sender=Attendance, dispatch_uid="practice-attendance-save")
    post_delete.connect(_attendance_changed, sender=Attendance, dispatch_uid="practice-attendance-delete")
    post_save.connect(_discussion_changed, sender=CaseDiscussion, dispatch_uid="practice-discussion-save")

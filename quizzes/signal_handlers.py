"""A quiz attempt counts in the person's progress (the attempt counts of ``modules.progress``):
saving or deleting one tells modules, so the cached progress is rebuilt."""

from django.db.models.signals import post_delete, post_save

from modules.progress import progress_changed

from .models import QuizAttempt


def _attempt_changed(sender, instance, **kwargs):
    progress_changed(instance.user_id)


def register_signal_handlers():
    post_save.connect(_attempt_changed, sender=QuizAttempt, dispatch_uid="quizzes-attempt-progress-save")
    post_delete.connect(_attempt_changed, sender=QuizAttempt, dispatch_uid="quizzes-attempt-progress-delete")

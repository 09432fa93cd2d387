from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from modules.progress import register_optional_steps

        register_optional_steps(voortoets_ids)


def voortoets_ids(page_ids):
    """A voortoets is taken before the lessons and does not count for completing the module."""
    from .models import QuizPage, QuizRole

    return set(QuizPage.objects.filter(pk__in=page_ids, role=QuizRole.VOORTOETS).values_list("pk", flat=True))

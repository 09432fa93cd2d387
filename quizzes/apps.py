from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from modules.demo import register_demo_step_taker
        from modules.progress import register_optional_steps

        from .demo import take_quiz_for_demo

        register_optional_steps(voortoets_ids)
        # demo_progress takes quizzes through the real attempt service (modules never imports us)
        register_demo_step_taker(take_quiz_for_demo)


def voortoets_ids(page_ids):
    """A voortoets is taken before the lessons and does not count for completing the module."""
    from .models import QuizPage, QuizRole

    return set(QuizPage.objects.filter(pk__in=page_ids, role=QuizRole.VOORTOETS).values_list("pk", flat=True))

"""Hooks: the quizzes' part of modules' learning progress (``modules.hooks``: optional steps,
attempt counts, a person's data to export and erase, the demo), and the admin: the
"Quizanalyse" menu item, its URLs, buttons on quiz pages, the "Extra pogingen" snippet and its
person chooser."""

from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from leergang.privacy import ANONYMISED, DELETED, PersonalData, anonymise_log_titles
from modules import hooks as progress_hooks

from . import admin_urls
from .admin_views import ANALYSIS_PERMISSION, can_edit_quiz
from .demo import take_quiz_for_demo
from .models import ExtraAttempt, PracticeRun, QuestionResponse, QuizAttempt, QuizPage, QuizRole, UsedAttempts
from .services import used_attempts_key
from .viewsets import ExtraAttemptViewSet, person_chooser_viewset

register_snippet(ExtraAttemptViewSet)


# --- The quizzes in modules' learning progress ------------------------------------------------


def _quiz_ids(pages):
    """The ids of the quiz pages among plain ``Page``s (no query: content types are cached)."""
    return [page.pk for page in pages if page.specific_class is QuizPage]


@hooks.register(progress_hooks.OPTIONAL_STEPS)
def voortoets_is_optional(pages):
    """A voortoets is taken before the lessons and does not count for completing the module."""
    quiz_ids = _quiz_ids(pages)
    if not quiz_ids:
        return set()
    return set(QuizPage.objects.filter(pk__in=quiz_ids, role=QuizRole.VOORTOETS).values_list("pk", flat=True))


@hooks.register(progress_hooks.STEP_ATTEMPT_COUNTS)
def quiz_attempt_counts(user, pages):
    """quiz page id → the person's number of attempts (0 for a quiz not taken yet): one query."""
    quiz_ids = _quiz_ids(pages)
    if not quiz_ids:
        return {}
    taken = (
        QuizAttempt.objects.filter(user=user, quiz_id__in=quiz_ids)
        .order_by()
        .values_list("quiz_id")
        .annotate(n=Count("pk"))
        .values_list("quiz_id", "n")
    )
    return dict.fromkeys(quiz_ids, 0) | dict(taken)


@hooks.register(progress_hooks.PERSONAL_DATA)
def quiz_personal_data():
    return [
        PersonalData("quizzes.QuizAttempt", "user", "quiz_attempts", ANONYMISED),
        PersonalData("quizzes.PracticeRun", "user", "quiz_practice_runs", DELETED),
        PersonalData("quizzes.ExtraAttempt", "user", "extra_attempts", DELETED),
        PersonalData("quizzes.ExtraAttempt", "granted_by", "extra_attempts_granted", ANONYMISED),
    ]


@hooks.register(progress_hooks.EXPORT_LEARNING_DATA)
def export_quiz_data(user):
    """Every stored column of the person's attempts, their answers, practice runs and the extra
    attempts granted to them (with the reason); the grants they gave, as staff."""
    return {
        "quiz_attempts": list(QuizAttempt.objects.filter(user=user).order_by("pk").values()),
        "quiz_responses": list(QuestionResponse.objects.filter(attempt__user=user).order_by("pk").values()),
        "quiz_practice_runs": list(PracticeRun.objects.filter(user=user).order_by("pk").values()),
        "extra_attempts": list(ExtraAttempt.objects.filter(user=user).order_by("pk").values()),
        "extra_attempts_granted": list(
            ExtraAttempt.objects.filter(granted_by=user)
            .order_by("pk")
            .values("id", "quiz_id", "count", "granted_at")
        ),
    }


@hooks.register(progress_hooks.COUNT_LEARNING_DATA)
def count_quiz_data(user):
    return [
        (gettext("Quiz attempts (kept without the person)"), QuizAttempt.objects.filter(user=user).count()),
        (gettext("Practice runs at quizzes (deleted)"), PracticeRun.objects.filter(user=user).count()),
        (
            gettext("Extra attempts with their reasons (deleted)"),
            ExtraAttempt.objects.filter(user=user).count(),
        ),
    ]


def _keep_used_attempts(user):
    """Remember, under a keyed hash, how many attempts the person used at each quiz, so erasing
    does not give a person who stays a fresh set (quizzes.services.next_attempt_number)."""
    used = (
        QuizAttempt.objects.filter(user=user)
        .order_by()
        .values("quiz_id")
        .annotate(n=Max("attempt_number"))
        .values_list("quiz_id", "n")
    )
    for quiz_id, count in used:
        key = used_attempts_key(user.pk, quiz_id)
        row, created = UsedAttempts.objects.get_or_create(
            quiz_id=quiz_id, person_key=key, defaults={"count": count}
        )
        if not created and count > row.count:
            row.count = count
            row.save(update_fields=["count"])


@hooks.register(progress_hooks.ERASE_LEARNING_DATA)
def erase_quiz_data(user):
    """Attempts stay for the quiz statistics but no longer point to the person, dated to the
    month only; the number of attempts used stays under a keyed hash; the extra attempts granted
    to them (with their reason, and their titles in the admin history) and their practice runs
    (in no statistic) are deleted; grants they gave stay without them."""
    _keep_used_attempts(user)
    extra_ids = list(ExtraAttempt.objects.filter(user=user).values_list("pk", flat=True))
    anonymise_log_titles(user, [(ExtraAttempt, extra_ids)])
    return {
        "quiz_practice_runs": PracticeRun.objects.filter(user=user).delete()[0],
        "quiz_attempts_anonymised": QuizAttempt.objects.filter(user=user).update(
            user=None, started_at=TruncMonth("submitted_at"), submitted_at=TruncMonth("submitted_at")
        ),
        "extra_attempts": ExtraAttempt.objects.filter(pk__in=extra_ids).delete()[0],
        "extra_attempts_granted": ExtraAttempt.objects.filter(granted_by=user).update(granted_by=None),
    }


# demo_progress takes quizzes through the real attempt service
hooks.register(progress_hooks.TAKE_DEMO_STEP, take_quiz_for_demo)


@hooks.register(progress_hooks.BUILD_DEMO_DATA)
def import_demo_quizzes(*, verbosity, stdout, stderr):
    """The quizzes of the leerstof modules (``import_quizzes``), after the lessons."""
    call_command("import_quizzes", verbosity=verbosity, stdout=stdout, stderr=stderr)


@hooks.register("register_admin_viewset")
def register_person_chooser():
    return person_chooser_viewset


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [path("quizzes/", include(admin_urls, namespace="quizzes_admin"))]


@hooks.register("register_permissions")
def register_analysis_permission():
    """Shown in the group editor (quiz attempts have no admin screen of their own)."""
    return Permission.objects.filter(content_type__app_label="quizzes", codename="analyse_quizzes")


class QuizAnalysisMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(ANALYSIS_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_quiz_analysis_menu_item():
    return QuizAnalysisMenuItem(
        _("Quizanalyse"),
        reverse("quizzes_admin:index"),
        name="quizanalyse",
        icon_name="clipboard-list",
        order=250,
    )


class _QuizButton(PageMenuItem):
    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, user):
        return self.check(user)


def _quiz_buttons(page, user, priority):
    if page is None or page.specific_class is not QuizPage:
        return
    yield _QuizButton(
        _("Quizanalyse"),
        url=reverse("quizzes_admin:analysis", args=[page.pk]),
        icon_name="list-ul",
        priority=priority,
        page=page,
        check=lambda u: u.has_perm(ANALYSIS_PERMISSION),
    )
    yield _QuizButton(
        _("Download as GIFT"),
        url=reverse("quizzes_admin:gift_export", args=[page.pk]),
        icon_name="download",
        priority=priority + 1,
        page=page,
        check=lambda u: can_edit_quiz(u, page),
    )
    yield _QuizButton(
        _("Import questions (GIFT, Moodle XML)"),
        url=reverse("quizzes_admin:gift_import", args=[page.pk]),
        icon_name="upload",
        priority=priority + 2,
        page=page,
        check=lambda u: can_edit_quiz(u, page),
    )


@hooks.register("register_page_header_buttons")
def quiz_page_header_buttons(page, user, view_name, next_url=None):
    yield from _quiz_buttons(page, user, 66)


@hooks.register("register_page_listing_more_buttons")
def quiz_page_listing_buttons(page, user, next_url=None):
    yield from _quiz_buttons(page, user, 45)


def _empty_quizzes(pages):
    """The quizzes among ``pages`` whose version to be published (the latest revision) has no
    questions."""
    empty = []
    for page in pages:
        if page.specific_class is not QuizPage:
            continue
        quiz = page.specific
        if quiz.latest_revision_id:
            quiz = quiz.get_latest_revision_as_object()
        if len(quiz.questions) == 0:
            empty.append(quiz)
    return empty


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_empty_quizzes(request, action_type, objects, action_class_instance):
    """The edit form refuses to publish a quiz without questions (QuestionStreamBlock.clean);
    the bulk "Publiceren" in the page explorer skips that form, so it is checked here."""
    if action_type != "publish" or not objects or not isinstance(objects[0], Page):
        return None
    pages = list(objects)
    form = getattr(action_class_instance, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages += list(page.get_descendants().not_live())
    empty = _empty_quizzes(pages)
    if not empty:
        return None
    messages.error(
        request,
        gettext("Nothing was published: a quiz without questions cannot be published (%(titles)s).")
        % {"titles": ", ".join(f"“{quiz.title}”" for quiz in empty)},
    )
    return redirect(action_class_instance.next_url)

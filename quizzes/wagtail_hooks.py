"""Admin hooks: the "Quizanalyse" menu item, its URLs, and buttons on quiz pages."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import admin_urls
from .admin_views import can_analyse, can_edit_quiz
from .models import QuizPage


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [path("quizzes/", include(admin_urls, namespace="quizzes_admin"))]


class QuizAnalysisMenuItem(MenuItem):
    def is_shown(self, request):
        return can_analyse(request.user)


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
        check=can_analyse,
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
        _("Import GIFT"),
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

"""Wagtail admin views for coordinators: quiz analysis (+ CSV), knowledge gain, GIFT in and out."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from content import spreadsheet

from .analysis import analyse_quiz, knowledge_gain, people_out_of_attempts, quiz_pair
from .forms import GiftUploadForm
from .gift import GiftParseError
from .importing import export_quiz
from .models import QuizPage
from .question_import import NothingToImport, import_reading, nothing_message, read_question_file
from .viewsets import GRANT_PERMISSION

ANALYSIS_PERMISSION = "quizzes.analyse_quizzes"


def can_edit_quiz(user, quiz) -> bool:
    return quiz.permissions_for_user(user).can_edit()


class QuizAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self, user):
        return user.has_perm(ANALYSIS_PERMISSION)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("quizzes_admin:index"), "label": _("Quizanalyse")}]


class QuizObjectMixin(QuizAdminMixin):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quiz = get_object_or_404(QuizPage, pk=kwargs["page_id"])

    def get_page_subtitle(self):
        return self.quiz.title

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.quiz.pk]), "label": self.quiz.title},
            {"url": "", "label": self.get_page_title()},
        ]


class QuizIndexView(QuizAdminMixin, TemplateView):
    page_title = gettext_lazy("Quizanalyse")
    template_name = "quizzes/admin/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quizzes = list(
            QuizPage.objects.order_by("path").annotate(
                attempt_count=Count("attempts"),
                people=Count("attempts__user", distinct=True),
                passed_count=Count("attempts", filter=Q(attempts__passed=True)),
            )
        )
        parents = {
            page.path: page
            for page in Page.objects.filter(path__in={q.path[: -Page.steplen] for q in quizzes})
        }
        for quiz in quizzes:
            quiz.module = parents.get(quiz.path[: -Page.steplen])
            quiz.pass_rate = quiz.passed_count / quiz.attempt_count if quiz.attempt_count else None
        context["quizzes"] = quizzes
        return context


class QuizAnalysisView(QuizObjectMixin, TemplateView):
    page_title = gettext_lazy("Quizanalyse")
    template_name = "quizzes/admin/analysis.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quiz"] = self.quiz
        context["analysis"] = analyse_quiz(self.quiz)
        context["pair"] = quiz_pair(self.quiz)
        context["can_edit"] = can_edit_quiz(self.request.user, self.quiz)
        context["can_grant"] = self.request.user.has_perm(GRANT_PERMISSION) and not (
            self.quiz.unlimited or self.quiz.is_voortoets
        )
        if context["can_grant"]:
            context["out_of_attempts"] = people_out_of_attempts(self.quiz)
        return context


@permission_required(ANALYSIS_PERMISSION, raise_exception=True)
def quiz_analysis_csv(request, page_id):
    quiz = get_object_or_404(QuizPage, pk=page_id)
    analysis = analyse_quiz(quiz)
    rows = [
        [
            _("question number"),
            _("question key"),
            _("question"),
            _("source"),
            _("responses"),
            _("percentage right"),
            _("flagged"),
            _("deleted"),
            _("answer key"),
            _("answer"),
            _("right answer"),
            _("chosen"),
            _("percentage chosen"),
            _("changed since the attempts"),
            _("question now"),
            _("right answer now"),
        ]
    ]
    for question in analysis.questions:
        for option in question.options or [None]:
            rows.append(
                [
                    question.number or "",
                    question.key,
                    (question.situation + " " + question.text).strip(),
                    question.source,
                    question.responses,
                    round(100 * question.share_right),
                    _("yes") if question.flagged else _("no"),
                    _("yes") if question.deleted else _("no"),
                    option.key if option else "",
                    option.text if option else "",
                    (_("yes") if option.correct else _("no")) if option else "",
                    option.count if option else "",
                    round(100 * option.share) if option else "",
                    "; ".join(
                        question.change_descriptions
                        + ([_("not all attempts saw the same version")] if question.versions_differ else [])
                    ),
                    (question.current.situation + " " + question.current.text).strip()
                    if question.text_changed
                    else "",
                    (_("yes") if option.correct_now else _("no"))
                    if option and question.changes and option.correct_now is not None
                    else "",
                ]
            )
    return spreadsheet.csv_response(f"quizanalyse-{slugify(quiz.title) or quiz.pk}.csv", rows)


class KnowledgeGainAdminView(QuizObjectMixin, TemplateView):
    page_title = gettext_lazy("Knowledge gain")
    template_name = "quizzes/admin/knowledge_gain.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pair = quiz_pair(self.quiz)
        context["quiz"] = self.quiz
        context["pair"] = pair
        context["report"] = knowledge_gain(*pair) if pair else None
        return context


def gift_export(request, page_id):
    quiz = get_object_or_404(QuizPage, pk=page_id)
    if not can_edit_quiz(request.user, quiz):
        raise PermissionDenied
    module = quiz.get_parent()
    name = slugify(f"{module.slug}-{quiz.slug}") if module else quiz.slug
    response = HttpResponse(export_quiz(quiz), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.gift"'
    return response


class GiftImportView(QuizObjectMixin, TemplateView):
    page_title = gettext_lazy("Import questions")
    template_name = "quizzes/admin/gift_import.html"

    def has_permission(self, user):
        return True  # checked per quiz in dispatch

    def dispatch(self, request, *args, **kwargs):
        if not can_edit_quiz(request.user, self.quiz):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.quiz.pk]), "label": self.quiz.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", GiftUploadForm())
        context["quiz"] = self.quiz
        return context

    def post(self, request, *args, **kwargs):
        form = GiftUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        try:
            reading = read_question_file(upload.read(), upload.name)
            outcome = import_reading(
                self.quiz,
                reading,
                mode=form.cleaned_data["mode"],
                user=self.request.user,
                with_settings=form.cleaned_data["apply_settings"],
                category=form.cleaned_data["category"].strip() or None,
            )
        except GiftParseError as exc:
            return self.render_to_response(self.get_context_data(form=form, gift_errors=exc.errors))
        except NothingToImport as exc:
            context = self.get_context_data(form=form, gift_errors=[nothing_message(exc.outcome)])
            context["outcome"] = exc.outcome
            return self.render_to_response(context)
        quiz = QuizPage.objects.get(pk=self.quiz.pk)
        message = _(
            "%(n)s questions imported into “%(title)s” as a draft. Check them and publish the quiz."
        ) % {"n": outcome.imported, "title": quiz.get_latest_revision_as_object().title}
        if outcome.skipped or outcome.warnings:
            # what was left out stays on screen: a flash message would be gone after one page
            context = self.get_context_data(form=GiftUploadForm(), outcome=outcome, imported_message=message)
            return self.render_to_response(context)
        messages.success(request, message)
        return redirect("wagtailadmin_pages:edit", self.quiz.pk)

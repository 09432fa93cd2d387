"""Quizzes: the quiz page (a step of a module) and the attempts at it.

Attempts and responses are written only by :mod:`quizzes.services`. Each response keeps a
snapshot of the question and its options as they were shown, so editing or deleting a question
later never changes a past result, and the quiz analysis can still show it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from content.markdown import normalise_newlines
from modules.models import ViewRestrictionsFromStructure

from . import rules
from .blocks import QuestionStreamBlock
from .rules import FeedbackMode, QuizRole


class QuizPage(ViewRestrictionsFromStructure, RoutablePageMixin, Page):
    """A quiz as a step of a module: intro, questions, pass mark, attempt limit, shuffling."""

    intro = models.TextField(_("intro"), blank=True, help_text=_("Markdown."))
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=QuizRole.choices, default=QuizRole.EINDTOETS)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(rules.PASS_MARK_MIN), MaxValueValidator(rules.PASS_MARK_MAX)],
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempt limit"),
        default=3,
        validators=[MaxValueValidator(rules.MAX_ATTEMPTS_MAX)],
        help_text=_("0 = unlimited."),
    )
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle the answers"), default=True)
    feedback_mode = models.CharField(
        _("show feedback"),
        max_length=20,
        choices=FeedbackMode.choices,
        default=rules.DEFAULT_FEEDBACK_MODE,
        help_text=_(
            "When learners see the feedback per question and the right answers. “Only once "
            "passed”: a failed attempt shows the score only. A pre-test (voortoets) never shows "
            "the right answers before the person passed the final test of the module."
        ),
    )
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=15)
    # Set by `import_quizzes`: the checksum of the GIFT file content last imported.
    import_checksum = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("role"),
                FieldPanel("pass_mark"),
                FieldPanel("max_attempts"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("feedback_mode"),
                FieldPanel("estimated_minutes"),
            ],
            heading=_("Quiz settings"),
        ),
        FieldPanel("questions"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["modules.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def clean(self):
        super().clean()
        self.intro = normalise_newlines(self.intro)  # a browser sends CRLF; store "\n"

    @property
    def is_voortoets(self):
        return self.role == QuizRole.VOORTOETS

    @property
    def feedback_policy(self) -> str:
        """What the quiz page says about feedback: ``"each"`` (everything after every
        attempt), ``"last"`` (own answers after every attempt, the right answers once passed or
        after the last attempt), ``"passed"`` (only once passed), ``"voortoets"`` (own answers;
        the right answers once the eindtoets is passed) or ``"never"`` (a voortoets in
        "na-slagen" mode: the score only, the right answers once the eindtoets is passed)."""
        if self.is_voortoets:
            return "never" if self.feedback_mode == FeedbackMode.ONCE_PASSED else "voortoets"
        return {FeedbackMode.AFTER_EACH_ATTEMPT: "each", FeedbackMode.KEY_AFTER_LAST: "last"}.get(
            self.feedback_mode, "passed"
        )

    @property
    def unlimited(self):
        return self.max_attempts == 0

    @cached_property
    def question_data(self):
        from .questions import quiz_questions

        return quiz_questions(self.questions)

    @path("")
    def take(self, request):
        from .views import quiz_view

        return quiz_view(request, self)

    @path("poging/<int:number>/")
    def result(self, request, number):
        from .views import attempt_result_view

        return attempt_result_view(request, self, number)

    @path("oefenen/", name="practice")
    def practice(self, request):
        from .views import practice_view

        return practice_view(request, self)

    @path("oefenen/<int:run_id>/", name="practice_result")
    def practice_result(self, request, run_id):
        from .views import practice_result_view

        return practice_result_view(request, self, run_id)

    def serve_preview(self, request, mode_name):
        from .views import quiz_preview

        return quiz_preview(request, self)


class QuizAttempt(models.Model):
    """One try at a quiz by one person, with the pass mark as it was."""

    # Nullable: erasing a person's learning data keeps the attempt for quiz statistics, without them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quiz_attempts",
    )
    # PROTECT: learner records outlive the page (modules.deletion refuses the delete in the admin)
    quiz = models.ForeignKey(QuizPage, on_delete=models.PROTECT, related_name="attempts")
    attempt_number = models.PositiveSmallIntegerField(_("attempt"))
    kind = models.CharField(_("kind"), max_length=20, choices=QuizRole.choices, default=QuizRole.EINDTOETS)
    started_at = models.DateTimeField(_("started at"))
    submitted_at = models.DateTimeField(_("submitted at"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    question_count = models.PositiveSmallIntegerField(_("questions"))

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["quiz", "user", "attempt_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "attempt_number"], name="unique_quiz_attempt_number"
            ),
            models.CheckConstraint(
                condition=models.Q(attempt_number__gte=1), name="quiz_attempt_number_positive"
            ),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="quiz_attempt_score_max_100"),
        ]
        indexes = [models.Index(fields=["quiz", "kind", "attempt_number"])]
        permissions = [("analyse_quizzes", _("Can analyse quizzes and knowledge gain"))]

    def __str__(self):
        return f"{self.user} – {self.quiz_id} #{self.attempt_number}"


class QuestionResponse(models.Model):
    """The answer to one question in one attempt, with the question as shown."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="responses")
    question_key = models.CharField(_("question"), max_length=64)
    position = models.PositiveSmallIntegerField(_("position"))
    chosen = models.JSONField(_("chosen answers"), default=list)  # sorted option keys
    correct = models.DecimalField(_("correct"), max_digits=5, decimal_places=4)  # 0..1
    snapshot = models.JSONField(_("question as shown"))

    class Meta:
        verbose_name = _("question response")
        verbose_name_plural = _("question responses")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question_key"], name="unique_response_per_question"),
            models.CheckConstraint(
                condition=models.Q(correct__gte=0, correct__lte=1), name="question_response_correct_0_1"
            ),
        ]
        indexes = [models.Index(fields=["question_key"])]

    def __str__(self):
        return f"{self.attempt_id} {self.question_key}"


class PracticeRun(models.Model):
    """One practice run ("Oefenen") at a quiz the person passed: scored and shown with all the
    feedback, but kept apart from :class:`QuizAttempt` on purpose, so it never counts against
    the attempt limit, in the quiz analysis, in knowledge gain or in progress. Only the person
    sees it (their practice history); erasing their learning data deletes it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_runs")
    quiz = models.ForeignKey(QuizPage, on_delete=models.PROTECT, related_name="practice_runs")
    submitted_at = models.DateTimeField(_("handed in"), default=timezone.now)
    score = models.PositiveSmallIntegerField(_("score (%)"))
    question_count = models.PositiveSmallIntegerField(_("questions"))
    #: in the order shown: [{"key", "chosen": [option keys], "correct": "0..1", "snapshot"}]
    answers = models.JSONField(_("answers"), default=list)

    class Meta:
        verbose_name = _("practice run")
        verbose_name_plural = _("practice runs")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["user", "quiz"])]

    def __str__(self):
        return f"{self.user} – {self.quiz_id} oefenen {self.submitted_at:%Y-%m-%d %H:%M}"


class ExtraAttempt(models.Model):
    """Extra attempts a coordinator grants one person at one quiz, on top of its attempt limit.

    One row per grant, with who granted it, when and why: the rows are the log (Wagtail also
    logs the creation and any deletion). The attempt limit a person has is the quiz's limit
    plus the sum of their grants (:func:`quizzes.services.extra_attempts`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="extra_quiz_attempts",
        verbose_name=_("person"),
    )
    quiz = models.ForeignKey(
        QuizPage, on_delete=models.PROTECT, related_name="extra_attempts", verbose_name=_("quiz")
    )
    count = models.PositiveSmallIntegerField(
        _("number of extra attempts"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reason = models.TextField(
        _("reason"), help_text=_("Why this person gets another chance, e.g. “asked by e-mail on 3 March”.")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("extra attempt")
        verbose_name_plural = _("extra attempts")
        ordering = ["-granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gte=1, count__lte=10), name="extra_attempt_count_1_10"
            ),
        ]
        indexes = [models.Index(fields=["quiz", "user"])]

    def __str__(self):
        return _("%(count)s extra for %(person)s at “%(quiz)s”") % {
            "count": self.count,
            "person": self.user if self.user_id else "–",
            "quiz": self.quiz.title if self.quiz_id else "–",
        }

    def clean(self):
        super().clean()
        if not self.quiz_id:
            return
        quiz = self.quiz
        if quiz.is_voortoets:
            raise ValidationError(
                {"quiz": _("A pre-test (voortoets) is taken once and not passed: it has no extra attempts.")}
            )
        if quiz.unlimited:
            raise ValidationError(
                {"quiz": _("This quiz has no attempt limit: an extra attempt is not needed.")}
            )
        if self.user_id and QuizAttempt.objects.filter(user_id=self.user_id, quiz=quiz, passed=True).exists():
            raise ValidationError({"user": _("This person has already passed this quiz.")})


class UsedAttempts(models.Model):
    """How many attempts at a quiz an erased person had used, so a person who stays does not get
    a fresh set of attempts after erasure (``modules.erase_learning_data``).

    The row names nobody and has no relation to the user: ``person_key`` is a keyed hash
    (``salted_hmac`` with the site's secret key) of the user id and the quiz id, so rows of one
    person at two quizzes cannot be linked, and only the running site can find a person's row
    (:func:`quizzes.services.used_attempts`). Changing ``SECRET_KEY`` without keeping the old one in
    ``SECRET_KEY_FALLBACKS`` forgets these counts (the person then gets a fresh set)."""

    quiz = models.ForeignKey(QuizPage, on_delete=models.PROTECT, related_name="+")
    person_key = models.CharField(max_length=64)
    count = models.PositiveSmallIntegerField(_("attempts used"))

    class Meta:
        verbose_name = _("attempts used before erasure")
        verbose_name_plural = _("attempts used before erasure")
        constraints = [models.UniqueConstraint(fields=["quiz", "person_key"], name="unique_used_attempts")]

    def __str__(self):
        return f"{self.quiz_id}: {self.count}"

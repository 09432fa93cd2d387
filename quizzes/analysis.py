"""Quiz analysis and knowledge gain: aggregate queries over attempts and response snapshots.

Every function here runs a fixed number of queries, whatever the number of attempts. Labels
come from the snapshots, so a question that was edited or deleted after attempts still shows
as it was answered.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, IntegerField, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from leergang.models import Team

from .models import ExtraAttempt, QuestionResponse, QuizAttempt, QuizPage, QuizRole
from .questions import QuestionData

FLAG_BELOW = Decimal("0.5")


@dataclass
class OptionStat:
    key: str
    text: str
    correct: bool
    count: int = 0
    share: float = 0.0  # of the responses to the question
    correct_now: bool | None = None  # in the current quiz; None when the answer is no longer there

    @property
    def correctness_changed(self) -> bool:
        return self.correct_now is not None and self.correct_now != self.correct

    @property
    def removed(self) -> bool:
        return self.correct_now is None


# What can change in a question after attempts, in the order they are reported.
CHANGE_TEXT, CHANGE_ANSWERS, CHANGE_RIGHT = "text", "answers", "right"


def question_changes(now: QuestionData, shown: QuestionData) -> list[str]:
    """How the current question differs from a snapshot: its text (or casus situation), its
    answers (added, removed or reworded), or which answers are right (or their weights).
    Explanation, source and feedback are left out: they do not change what was answered."""
    changes = []
    if (now.text, now.situation) != (shown.text, shown.situation):
        changes.append(CHANGE_TEXT)
    now_options = {o.key: o for o in now.options}
    shown_options = {o.key: o for o in shown.options}
    # true/false answers are fixed ("Juist"/"Onjuist", stored in the language of the moment)
    if not now.is_true_false and {k: o.text for k, o in now_options.items()} != {
        k: o.text for k, o in shown_options.items()
    }:
        changes.append(CHANGE_ANSWERS)

    def scoring(options):
        return {k: (o.correct, o.weight if now.multiple else None) for k, o in options.items()}

    if (
        set(now.right_keys()) != set(shown.right_keys())
        or now.multiple != shown.multiple
        or (
            scoring({k: o for k, o in now_options.items() if k in shown_options})
            != scoring({k: o for k, o in shown_options.items() if k in now_options})
        )
    ):
        changes.append(CHANGE_RIGHT)
    return changes


@dataclass
class QuestionStat:
    key: str
    text: str
    situation: str = ""
    type: str = ""
    source: str = ""
    explanation: str = ""
    number: int | None = None  # position in the current quiz; None when deleted
    responses: int = 0
    right: int = 0  # fully right
    mean_credit: float = 0.0
    options: list[OptionStat] = field(default_factory=list)
    # Edits after the attempts: how the current question differs from the latest snapshot, and
    # whether the first and the latest snapshot differ (the attempts saw different versions).
    changes: list[str] = field(default_factory=list)
    versions_differ: bool = False
    current: QuestionData | None = None

    @property
    def changed(self) -> bool:
        return bool(self.changes) or self.versions_differ

    @property
    def change_descriptions(self) -> list[str]:
        names = {
            CHANGE_TEXT: _("the question text"),
            CHANGE_ANSWERS: _("the answers"),
            CHANGE_RIGHT: _("which answers are right"),
        }
        return [names[change] for change in self.changes]

    @property
    def current_right_texts(self) -> list[str]:
        return [o.text for o in self.current.options if o.correct] if self.current else []

    @property
    def text_changed(self) -> bool:
        return CHANGE_TEXT in self.changes

    @property
    def answers_changed(self) -> bool:
        return CHANGE_ANSWERS in self.changes

    @property
    def right_changed(self) -> bool:
        return CHANGE_RIGHT in self.changes

    @property
    def share_right(self) -> float:
        return self.right / self.responses if self.responses else 0.0

    @property
    def flagged(self) -> bool:
        return self.responses > 0 and self.share_right < FLAG_BELOW

    @property
    def deleted(self) -> bool:
        return self.number is None


@dataclass
class QuizAnalysis:
    quiz: QuizPage
    attempts: int
    people: int
    passed_attempts: int
    people_passed: int
    mean_score: float | None
    first_attempt_mean: float | None
    questions: list[QuestionStat]

    @property
    def pass_rate(self) -> float:
        return self.passed_attempts / self.attempts if self.attempts else 0.0

    @property
    def people_pass_rate(self) -> float:
        return self.people_passed / self.people if self.people else 0.0

    @property
    def flagged(self) -> list[QuestionStat]:
        return [q for q in self.questions if q.flagged]


def analyse_quiz(quiz: QuizPage) -> QuizAnalysis:
    """Attempts, pass rate, mean score; per question the share right and the distribution over
    the options. Four queries.

    Results are always those of the question as it was answered (the snapshots); a question
    edited since is marked (``changes``, ``versions_differ``) and carries its current version."""
    totals = QuizAttempt.objects.filter(quiz=quiz).aggregate(
        attempts=Count("id"),
        people=Count("user", distinct=True),
        passed_attempts=Count("id", filter=Q(passed=True)),
        people_passed=Count("user", distinct=True, filter=Q(passed=True)),
        mean_score=Avg("score"),
        first_attempt_mean=Avg("score", filter=Q(attempt_number=1)),
    )
    responses = QuestionResponse.objects.filter(attempt__quiz=quiz)
    per_question = {
        row["question_key"]: row
        for row in responses.values("question_key").annotate(
            n=Count("id"),
            right=Count("id", filter=Q(correct__gte=1)),
            mean=Avg("correct"),
            first=Min("id"),
            last=Max("id"),
        )
    }
    chosen_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in responses.values("question_key", "chosen").annotate(n=Count("id")).order_by():
        for key in row["chosen"] or []:
            chosen_counts[row["question_key"]][key] += row["n"]
    wanted = {r["last"] for r in per_question.values()} | {r["first"] for r in per_question.values()}
    snapshots = {
        row["id"]: QuestionData.from_snapshot(row["question_key"], row["snapshot"])
        for row in QuestionResponse.objects.filter(id__in=wanted).values("id", "question_key", "snapshot")
    }
    latest = {key: snapshots[row["last"]] for key, row in per_question.items() if row["last"] in snapshots}
    earliest = {
        key: snapshots[row["first"]] for key, row in per_question.items() if row["first"] in snapshots
    }

    stats = []
    current = {q.key: (number, q) for number, q in enumerate(quiz.question_data, start=1)}
    keys = list(current) + [key for key in per_question if key not in current]
    for key in keys:
        number, now = current.get(key, (None, None))
        shown = latest.get(key) or now
        row = per_question.get(key, {})
        stat = QuestionStat(
            key=key,
            text=shown.text,
            situation=shown.situation,
            type=shown.type,
            source=(now or shown).source,
            explanation=(now or shown).explanation,
            number=number,
            responses=row.get("n", 0),
            right=row.get("right", 0),
            mean_credit=float(row.get("mean") or 0),
            current=now,
        )
        if now is not None and key in latest:
            stat.changes = question_changes(now, latest[key])
        if key in latest and key in earliest:
            stat.versions_differ = bool(question_changes(latest[key], earliest[key]))
        counts = chosen_counts.get(key, {})
        now_options = {o.key: o for o in (now.options if now else [])}
        option_texts = now_options | {o.key: o for o in shown.options}
        order = [o.key for o in shown.options] + [
            k for k in counts if k not in {o.key for o in shown.options}
        ]
        for option_key in order:
            option = option_texts.get(option_key)
            count = counts.get(option_key, 0)
            stat.options.append(
                OptionStat(
                    key=option_key,
                    text=option.text if option else option_key,
                    correct=option.correct if option else False,
                    count=count,
                    share=count / stat.responses if stat.responses else 0.0,
                    correct_now=now_options[option_key].correct if option_key in now_options else None,
                )
            )
        stats.append(stat)
    return QuizAnalysis(quiz=quiz, questions=stats, **totals)


@dataclass
class OutOfAttempts:
    user_id: int
    name: str
    team: str
    used: int
    extra: int
    best_score: int
    last_attempt: object  # datetime


def people_out_of_attempts(quiz: QuizPage) -> list[OutOfAttempts]:
    """People who used every attempt they have (their extra attempts included) without
    passing: the ones a coordinator may give another chance. One query; empty for a quiz
    without an attempt limit and for a voortoets."""
    if quiz.unlimited or quiz.is_voortoets:
        return []
    extra = (
        ExtraAttempt.objects.filter(quiz=quiz, user=OuterRef("user"))
        .order_by()
        .values("user")
        .annotate(n=Sum("count"))
        .values("n")
    )
    passed = QuizAttempt.objects.filter(quiz=quiz, passed=True, user__isnull=False).values("user")
    rows = (
        QuizAttempt.objects.filter(quiz=quiz, user__isnull=False)
        .exclude(user__in=passed)
        .values("user", "user__username", "user__first_name", "user__last_name", "user__profile__team__name")
        .annotate(
            used=Max("attempt_number"),
            best=Max("score"),
            last=Max("submitted_at"),
            extra=Coalesce(Subquery(extra, output_field=IntegerField()), 0),
        )
        .filter(used__gte=quiz.max_attempts + F("extra"))
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    return [
        OutOfAttempts(
            user_id=row["user"],
            name=f"{row['user__first_name']} {row['user__last_name']}".strip() or row["user__username"],
            team=row["user__profile__team__name"] or "",
            used=row["used"],
            extra=row["extra"],
            best_score=row["best"],
            last_attempt=row["last"],
        )
        for row in rows
    ]


# --------------------------------------------------------------------------- knowledge gain


def quiz_pair(quiz: QuizPage):
    """(voortoets, eindtoets) of the module this quiz belongs to, or None when it has no pair."""
    other_role = QuizRole.EINDTOETS if quiz.is_voortoets else QuizRole.VOORTOETS
    other = (
        QuizPage.objects.sibling_of(quiz, inclusive=False).filter(role=other_role).order_by("path").first()
    )
    if other is None:
        return None
    return (quiz, other) if quiz.is_voortoets else (other, quiz)


@dataclass
class GainRow:
    label: str  # a team's name, or for a question its key when it is no longer in either quiz
    people: int = 0
    situation: str = ""  # for a question: its casus situation and text, for a recognisable label
    text: str = ""
    before: float | None = None  # mean voortoets score (%) or share right
    after: float | None = None
    pair: str = ""  # for a paired question: the pair key (``// paar:``) of the two items
    before_situation: str = ""  # for a paired question: its voortoets item
    before_text: str = ""

    @property
    def gain(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass
class TeamGain:
    team_id: int | None
    name: str
    summary: GainRow
    questions: list[GainRow]


@dataclass
class GainReport:
    voortoets: QuizPage
    eindtoets: QuizPage
    overall: GainRow
    teams: list[TeamGain]
    questions: list[GainRow]

    @property
    def paired(self) -> int:
        """How many rows compare a voortoets item with a different, parallel eindtoets item."""
        return sum(1 for row in self.questions if row.before_text)


def knowledge_gain(voortoets: QuizPage, eindtoets: QuizPage, teams=None) -> GainReport:
    """Knowledge gain between a module's voortoets and eindtoets, per team and per question.

    Fair comparison: only people who took both count, and each with their *first* attempt at
    each (later attempts have seen the feedback). Per question the share answered fully right;
    questions are matched by key. ``teams``: limit to these teams (a team lead's), or None for
    everyone (coordinators; people without a team form their own row). Four queries.
    """
    attempts = _first_attempts_at_both(voortoets, eindtoets, teams)
    gain = _Gain(voortoets, eindtoets, attempts)
    team_names = dict(
        Team.objects.filter(
            pk__in=[t.pk for t in teams] if teams is not None else attempts.values(_TEAM)
        ).values_list("pk", "name")
    )
    if teams is not None:
        team_ids = [t.pk for t in teams]
    else:
        team_ids = sorted(gain.summary, key=lambda t: (t is None, team_names.get(t, "")))
    team_reports = [
        TeamGain(
            team_id=team_id,
            name=team_names.get(team_id, "") if team_id is not None else "",
            summary=gain.summary_row(team_names.get(team_id, ""), [team_id]),
            questions=gain.question_rows([team_id]),
        )
        for team_id in team_ids
    ]
    return GainReport(
        voortoets=voortoets,
        eindtoets=eindtoets,
        overall=gain.summary_row("", team_ids),
        teams=team_reports,
        questions=gain.question_rows(team_ids),
    )


_TEAM = "user__profile__team"


def _first_attempts_at_both(voortoets, eindtoets, teams):
    """The first attempts at both quizzes of the people who took both (of ``teams``, if given)."""
    took_voortoets = QuizAttempt.objects.filter(quiz=voortoets, attempt_number=1).values("user")
    took_eindtoets = QuizAttempt.objects.filter(quiz=eindtoets, attempt_number=1).values("user")
    attempts = QuizAttempt.objects.filter(
        quiz__in=[voortoets, eindtoets], attempt_number=1, user__in=took_voortoets
    ).filter(user__in=took_eindtoets)
    if teams is not None:
        attempts = attempts.filter(user__profile__team__in=teams)
    return attempts


class _Gain:
    """The scores of ``attempts`` per team and quiz, and per team, question and quiz."""

    def __init__(self, voortoets, eindtoets, attempts):
        self.before_id, self.after_id = voortoets.pk, eindtoets.pk
        self.summary = defaultdict(dict)  # team -> quiz -> (people, mean)
        summary_rows = attempts.values(_TEAM, "quiz").annotate(
            people=Count("user", distinct=True), mean=Avg("score")
        )
        for row in summary_rows:
            self.summary[row[_TEAM]][row["quiz"]] = (row["people"], float(row["mean"] or 0))
        self.per_question = defaultdict(
            lambda: defaultdict(lambda: [0, 0])
        )  # (team, key) -> quiz -> [n, right]
        question_rows = (
            QuestionResponse.objects.filter(attempt__in=attempts)
            .values("attempt__user__profile__team", "attempt__quiz", "question_key")
            .annotate(n=Count("id"), right=Count("id", filter=Q(correct__gte=1)))
        )
        # A question is a row; a voortoets item and an eindtoets item with the same pair key
        # (``// paar:``, parallel items on one learning goal) share one row.
        self.row_of = {}  # (quiz id, question key) -> row key
        self.labels = {}  # row key -> (order, eindtoets question or None, voortoets question or None)
        for quiz_id, questions, slot in (
            (self.after_id, eindtoets.question_data, 1),
            (self.before_id, voortoets.question_data, 2),
        ):
            for q in questions:
                row_key = ("paar", q.pair) if q.pair else q.key
                self.row_of[(quiz_id, q.key)] = row_key
                order, after_q, before_q = self.labels.get(row_key, (len(self.labels) + 1, None, None))
                if slot == 1:
                    after_q = after_q or q
                else:
                    before_q = before_q or q
                self.labels[row_key] = (order, after_q, before_q)
        for row in question_rows:
            row_key = self.row_of.get((row["attempt__quiz"], row["question_key"]), row["question_key"])
            cell = self.per_question[(row["attempt__user__profile__team"], row_key)][row["attempt__quiz"]]
            cell[0] += row["n"]
            cell[1] += row["right"]
        # The questions in the order of the eindtoets, then those only in the voortoets.
        self.question_keys = sorted(
            {key for (_team, key) in self.per_question} | set(self.labels),
            key=lambda k: (self.labels[k][0] if k in self.labels else 999, str(k)),
        )

    def summary_row(self, label, team_ids) -> GainRow:
        people = 0
        sums = {self.before_id: 0.0, self.after_id: 0.0}
        for team_id in team_ids:
            for quiz_id in sums:
                n, mean = self.summary.get(team_id, {}).get(quiz_id, (0, 0.0))
                sums[quiz_id] += n * mean
            people += self.summary.get(team_id, {}).get(self.after_id, (0, 0))[0]
        if not people:
            return GainRow(label=label)
        return GainRow(
            label=label,
            people=people,
            before=sums[self.before_id] / people,
            after=sums[self.after_id] / people,
        )

    def question_rows(self, team_ids) -> list[GainRow]:
        return [self._question_row(key, team_ids) for key in self.question_keys]

    def _question_row(self, key, team_ids) -> GainRow:
        before, after = [0, 0], [0, 0]  # [answers, fully right]
        for team_id in team_ids:
            cells = self.per_question.get((team_id, key), {})
            for quiz_id, target in ((self.before_id, before), (self.after_id, after)):
                n, right = cells.get(quiz_id, (0, 0))
                target[0] += n
                target[1] += right
        _order, after_q, before_q = self.labels.get(key, (None, None, None))
        question = after_q or before_q
        paired = bool(after_q and before_q and after_q.key != before_q.key)
        return GainRow(
            label=question.text if question else key,
            situation=question.situation if question else "",
            text=question.text if question else key,
            people=after[0],
            before=100 * before[1] / before[0] if before[0] else None,
            after=100 * after[1] / after[0] if after[0] else None,
            pair=key[1] if isinstance(key, tuple) else "",
            before_situation=before_q.situation if paired else "",
            before_text=before_q.text if paired else "",
        )

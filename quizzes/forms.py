"""The quiz form (works without JavaScript) and its signed token, and the GIFT upload form."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .questions import QuestionData

TOKEN_SALT = "quizzes.attempt-form"  # noqa: S105  (a signing salt names a purpose; it is not a secret)
SEED_SALT = "quizzes.attempt-seed"
TOKEN_MAX_AGE = 2 * 24 * 3600  # a form left open for two days must be reloaded
FIELD_PREFIX = "q-"


class BadToken(Exception):
    def __init__(self, reason):
        self.reason = reason  # "garbled", "expired" or "foreign"
        super().__init__(reason)


@dataclass(frozen=True)
class AttemptToken:
    attempt_number: int
    fingerprint: str
    started_at: float  # unix time of the first render of this attempt


def attempt_seed(user_id: int, quiz_id: int, attempt_number: int) -> int:
    """The shuffle seed of one attempt: the same on every re-render, unguessable across users."""
    message = f"{user_id}:{quiz_id}:{attempt_number}".encode()
    digest = salted_hmac(SEED_SALT, message, algorithm="sha256").digest()
    return int.from_bytes(digest[:8], "big")


def issue_token(user, quiz, attempt_number: int, fingerprint: str, started_at: float | None = None) -> str:
    payload = {
        "u": user.pk,
        "q": quiz.pk,
        "n": attempt_number,
        "f": fingerprint,
        "t": round(started_at if started_at is not None else time.time(), 3),
    }
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def read_token(token: str, user, quiz) -> AttemptToken:
    if not token or len(token) > 1000:
        raise BadToken("garbled")
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise BadToken("expired") from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadToken("garbled") from exc
    if not isinstance(payload, dict):
        raise BadToken("garbled")
    if payload.get("u") != user.pk or payload.get("q") != quiz.pk:
        raise BadToken("foreign")
    try:
        return AttemptToken(
            attempt_number=int(payload["n"]), fingerprint=str(payload["f"]), started_at=float(payload["t"])
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BadToken("garbled") from exc


PRACTICE_SALT = "quizzes.practice-form"


def issue_practice_token(user, quiz, seed: int, fingerprint: str) -> str:
    """The hidden value of a practice form: who, which quiz, the order shown (its seed)."""
    return signing.dumps({"u": user.pk, "q": quiz.pk, "s": seed, "f": fingerprint}, salt=PRACTICE_SALT)


def read_practice_token(token: str, user, quiz) -> tuple[int, str]:
    """(seed, fingerprint) of a practice form; raises :class:`BadToken`."""
    if not token or len(token) > 1000:
        raise BadToken("garbled")
    try:
        payload = signing.loads(token, salt=PRACTICE_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise BadToken("expired") from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadToken("garbled") from exc
    if not isinstance(payload, dict) or payload.get("u") != user.pk or payload.get("q") != quiz.pk:
        raise BadToken("foreign")
    try:
        return int(payload["s"]), str(payload["f"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadToken("garbled") from exc


def field_name(question: QuestionData) -> str:
    return FIELD_PREFIX + question.key


class QuizForm(forms.Form):
    """One field per question, in the order shown. Django's choice validation is the check that
    every chosen option belongs to its question."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)
    # The server checks every answer and says what is missing in Dutch; the browser's own
    # (differently worded, differently translated) required-field bubbles would get in the way.
    use_required_attribute = False

    def __init__(self, questions: list[QuestionData], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.tampered = False
        for question in questions:
            choices = [(option.key, option.text) for option in question.options]
            if question.multiple:
                field = forms.MultipleChoiceField(
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple(
                        attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
                    ),
                    error_messages={
                        "required": _("Choose at least one answer."),
                        "invalid_choice": _("This answer does not belong to this question. Choose again."),
                        "invalid_list": _("This answer does not belong to this question. Choose again."),
                    },
                )
            else:
                field = forms.ChoiceField(
                    choices=choices,
                    widget=forms.RadioSelect(
                        attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}
                    ),
                    error_messages={
                        "required": _("Choose an answer."),
                        "invalid_choice": _("This answer does not belong to this question. Choose again."),
                    },
                )
            field.label = question.text
            self.fields[field_name(question)] = field

    def clean(self):
        cleaned = super().clean()
        if self.is_bound:
            for question in self.questions:
                name = field_name(question)
                posted = self.data.getlist(name) if hasattr(self.data, "getlist") else []
                if not question.multiple and len(posted) > 1:
                    self.add_error(name, _("Choose one answer."))
                    self.tampered = True
                allowed = set(question.option_keys())
                if any(value not in allowed for value in posted):
                    self.tampered = True
        return cleaned

    def answers(self) -> dict[str, list[str]]:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            result[question.key] = list(value) if isinstance(value, list) else [value]
        return result

    def rows(self):
        """(question, bound field, number) for the template."""
        return [
            (question, self[field_name(question)], number)
            for number, question in enumerate(self.questions, start=1)
        ]


def kept_answers(data, questions: list[QuestionData]) -> dict:
    """The posted answers that still fit the questions: to fill a fresh form in again."""
    initial = {}
    for question in questions:
        name = field_name(question)
        allowed = set(question.option_keys())
        values = [v for v in data.getlist(name) if v in allowed] if hasattr(data, "getlist") else []
        if values:
            initial[name] = values if question.multiple else values[-1]
    return initial


class GiftUploadForm(forms.Form):
    MODE_REPLACE = "replace"
    MODE_APPEND = "append"
    MODE_UPDATE = "update"

    file = forms.FileField(
        label=_("Question file"),
        help_text=_(
            "A GIFT file (.gift or .txt) or a Moodle XML file (.xml), as Moodle's question bank "
            "exports it; UTF-8, at most 2 MB."
        ),
    )
    mode = forms.ChoiceField(
        label=_("What to do with the questions"),
        choices=[
            (MODE_REPLACE, _("Replace the questions of this quiz with those in the file")),
            (MODE_APPEND, _("Add the questions in the file; every question of the quiz stays as it is")),
            (MODE_UPDATE, _("Update the questions with the same key, add the others")),
        ],
        initial=MODE_REPLACE,
        widget=forms.RadioSelect,
    )
    category = forms.CharField(
        label=_("Only this category"),
        required=False,
        max_length=500,
        help_text=_("Optional: the Moodle category (as in the file) whose questions to import; empty: all."),
    )
    apply_settings = forms.BooleanField(
        label=_("Also take over the title, intro and settings from the file's header"),
        required=False,
    )

    MAX_SIZE = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload

"""GIFT (Moodle's plain-text question format) with our comment lines: parse and write.

Pure functions, no database. Two readers: :func:`read_gift` reads any GIFT file the way Moodle
does (``question/format/gift/format.php``) and returns the importable questions, the skipped ones
(with line, type and reason) and warnings; :func:`parse_gift` is the strict reader of our own
leerstof files and raises :class:`GiftParseError` with *every* problem and its line number.
``write_gift(quiz)`` writes our dialect back, so ``parse_gift(write_gift(parse_gift(text)))``
equals ``parse_gift(text)``.

The dialect (docs/leerstof-format.md):

* Questions are separated by blank lines. Lines starting with ``//`` are comments; Moodle
  ignores them, we read ``// key: value`` lines: before the first question the quiz header
  (``quiz``, ``module``, ``pass_mark``, ``max_attempts``, ``shuffle_questions``,
  ``shuffle_options``, ``intro``, and optionally ``role``: eindtoets / voortoets and
  ``feedback``: na-laatste-poging (the default) / na-elke-poging / na-slagen), directly above
  a question ``type`` (enkelvoudig / meervoudig / juist-onjuist / casus), ``bron`` and
  ``paar`` (the key that pairs a voortoets item with its parallel eindtoets item). Other
  comments (``doel`` among them) are ignored.
* ``::key:: text {answers}``. Single choice: one ``=`` (or ``~=``) option, the others ``~``.
  Multiple choice: no ``=``, every right option ``~%weight%``; the right ones' weights add up
  to 100. True/false: ``{T#feedback when answered wrongly#feedback when answered rightly}`` (or
  ``F``). ``#`` after an option is its feedback, the last ``####`` the general feedback (our
  explanation). Text after the answers is Moodle's missing word: the answers' place becomes
  ``_____``.
* Escapes ``\\~ \\= \\# \\{ \\} \\: \\\\`` and ``\\n`` (a line break). A text may start with
  ``[html]``, ``[markdown]``, ``[plain]`` or ``[moodle]``; the question text's format is the
  default of its answers and feedback (:mod:`quizzes.textformat` turns each into Markdown).
* A casus is stored as a situation and a question. In a file the question is the text after
  the last line break (``\\n``); without one, the last sentence with a question mark and what
  follows it. The writer always puts a ``\\n`` between the two.
* Questions without a title get a key from their first words and a digest of their content;
  a title used twice gets a ``-2`` key (Moodle allows it; our strict reader refuses it).

Not importable (skipped by :func:`read_gift`, errors for :func:`parse_gift`): short answer,
numerical, matching, essay, description and cloze questions, and partial credit or penalties
on a single-choice question. ``$CATEGORY:`` lines name the category of the questions below.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.text import get_text_list, slugify
from django.utils.translation import gettext as _

from . import rules
from .rules import DEFAULT_FEEDBACK_MODE, QuizRole, format_weight
from .textformat import MOODLE, PLAIN, to_markdown

TYPE_SINGLE = "enkelvoudig"
TYPE_MULTIPLE = "meervoudig"
TYPE_TRUE_FALSE = "juist-onjuist"
TYPE_CASUS = "casus"
TYPES = (TYPE_SINGLE, TYPE_MULTIPLE, TYPE_TRUE_FALSE, TYPE_CASUS)

# The question types Moodle reads from a GIFT answer block; only choice and true/false import.
KIND_CHOICE, KIND_TRUE_FALSE, KIND_SHORT_ANSWER = "multichoice", "truefalse", "shortanswer"
KIND_NUMERICAL, KIND_MATCHING, KIND_ESSAY = "numerical", "match", "essay"
KIND_DESCRIPTION, KIND_UNKNOWN = "description", "unknown"

KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,55}$")  # room for a "-NN" suffix within 64

# Escaped characters are replaced by private-use placeholders while parsing.
_ESCAPES = {
    "\\": "\ue000",
    "~": "\ue001",
    "=": "\ue002",
    "#": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    ":": "\ue006",
}
_NEWLINE = "\ue007"
_UNESCAPE = {v: k for k, v in _ESCAPES.items()} | {_NEWLINE: "\n"}
_COMMENT_RE = re.compile(r"^//\s*([A-Za-z_]+)\s*:\s?(.*)$")
_WEIGHT_RE = re.compile(r"^%\s*(-?\d+(?:[.,]\d+)?)\s*%")
_FORMAT_RE = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_TF_RE = re.compile(r"^(TRUE|FALSE|T|F)(?=\s|#|$)", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?…][\"”’')]*\s+(?=[\"“‘'(]?[A-ZÀ-Þ0-9])")


@dataclass
class GiftOption:
    text: str
    correct: bool
    weight: Decimal | None = None  # percent; set for multiple choice, None for single choice
    feedback: str = ""


@dataclass
class GiftQuestion:
    key: str
    type: str
    text: str  # the question; for a casus the question after the situation
    situation: str = ""  # casus only
    multiple: bool = False  # several answers may be chosen (meervoudig, or such a casus)
    options: list[GiftOption] = field(default_factory=list)  # empty for juist-onjuist
    answer: bool | None = None  # juist-onjuist: is the statement true?
    feedback_wrong: str = ""  # juist-onjuist: shown to who answered wrongly
    feedback_right: str = ""  # juist-onjuist: shown to who answered rightly
    explanation: str = ""
    source: str = ""
    pair: str = ""  # ``// paar:``: the same key on a voortoets item and its parallel eindtoets item
    line: int = field(default=0, compare=False)
    title: str = field(default="", compare=False)  # the ``::title::`` as written
    category: str = field(default="", compare=False)  # Moodle's ``$CATEGORY:`` it stands under
    warnings: list[str] = field(default_factory=list, compare=False)  # e.g. media left out


@dataclass
class GiftQuiz:
    title: str = ""
    module: str = ""
    pass_mark: int | None = None
    max_attempts: int | None = None
    shuffle_questions: bool | None = None
    shuffle_options: bool | None = None
    role: str | None = None
    feedback: str | None = None
    intro: str = ""
    questions: list[GiftQuestion] = field(default_factory=list)


@dataclass(frozen=True)
class GiftError:
    line: int
    message: str

    def __str__(self):
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class GiftParseError(ValueError):
    """The file has problems; ``errors`` lists each with its line number. Nothing was imported."""

    def __init__(self, errors):
        self.errors = sorted(errors, key=lambda e: e.line)
        super().__init__("; ".join(str(e) for e in self.errors))


# --------------------------------------------------------------------------- parsing


def _escape_placeholders(text: str) -> str:
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            if nxt == "n":
                out.append(_NEWLINE)
                i += 2
                continue
        out.append(char)
        i += 1
    return "".join(out)


def parse_bool(value: str) -> bool | None:
    value = value.strip().lower()
    if value in {"ja", "yes", "true", "waar", "1", "aan"}:
        return True
    if value in {"nee", "no", "false", "onwaar", "0", "uit"}:
        return False
    return None


def split_casus(text: str) -> tuple[str, str]:
    """A casus text → (situation, question); see the module docstring for the rule."""
    text = text.strip()
    if "\n" in text:
        situation, question = text.rsplit("\n", 1)
        return situation.strip(), question.strip()
    starts = [0] + [m.end() for m in _SENTENCE_END_RE.finditer(text)]
    sentences = [
        (start, text[start:end]) for start, end in zip(starts, starts[1:] + [len(text)], strict=True)
    ]
    with_question = [start for start, sentence in sentences if "?" in sentence]
    start = with_question[-1] if with_question else sentences[-1][0]
    return text[:start].strip(), text[start:].strip()


class _Chunk:
    def __init__(self):
        self.comments = []  # (line, text) before the first content line
        self.lines = []  # (line, text)


def _chunks(text: str):
    chunk = _Chunk()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            if chunk.lines or chunk.comments:
                yield chunk
            chunk = _Chunk()
            continue
        if line.lstrip().startswith("//"):
            if not chunk.lines:
                chunk.comments.append((number, line.strip()))
            continue
        chunk.lines.append((number, line))
    if chunk.lines or chunk.comments:
        yield chunk


def _meta(comments):
    meta = {}
    for number, comment in comments:
        match = _COMMENT_RE.match(comment)
        if match:
            meta[match.group(1).lower()] = (number, match.group(2).strip())
    return meta


class _HeaderValueError(ValueError):
    pass


def _header_text(key, value):
    return value


def _header_intro(key, value):
    return _text(_escape_placeholders(value), MOODLE, convert=False)[0]


_NUMBER_RANGES = {
    "pass_mark": (rules.PASS_MARK_MIN, rules.PASS_MARK_MAX),
    "max_attempts": (0, rules.MAX_ATTEMPTS_MAX),
}


def _header_number(key, value):
    low, high = _NUMBER_RANGES[key]
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise _HeaderValueError(
            _("%(key)s must be a whole number from %(low)s to %(high)s, not “%(value)s”.")
            % {"key": key, "low": low, "high": high, "value": value}
        )
    return number


def _header_flag(key, value):
    flag = parse_bool(value)
    if flag is None:
        raise _HeaderValueError(
            _("%(key)s must be “ja” or “nee”, not “%(value)s”.") % {"key": key, "value": value}
        )
    return flag


_CHOICES = {"role": QuizRole.values, "feedback": rules.FeedbackMode.values}


def _header_choice(key, value):
    if value not in _CHOICES[key]:
        choices = get_text_list([f"“{choice}”" for choice in _CHOICES[key]])
        raise _HeaderValueError(
            _("%(key)s must be %(choices)s, not “%(value)s”.")
            % {"key": key, "choices": choices, "value": value}
        )
    return value


#: header key → (attribute of GiftQuiz, reader of the value)
_HEADER = {
    "quiz": ("title", _header_text),
    "module": ("module", _header_text),
    "pass_mark": ("pass_mark", _header_number),
    "max_attempts": ("max_attempts", _header_number),
    "shuffle_questions": ("shuffle_questions", _header_flag),
    "shuffle_options": ("shuffle_options", _header_flag),
    "role": ("role", _header_choice),
    "feedback": ("feedback", _header_choice),
    "intro": ("intro", _header_intro),
}


def _parse_header(meta, quiz, errors):
    for key, (number, value) in meta.items():
        if key not in _HEADER:
            continue
        attribute, read = _HEADER[key]
        try:
            setattr(quiz, attribute, read(key, value))
        except _HeaderValueError as exc:
            errors.append(GiftError(number, str(exc)))


@dataclass
class ChoiceOption:
    marker: str  # "=" or "~"
    weight: Decimal | None
    text: str
    feedback: str
    offset: int


def _split_options(stripped, lead):
    """``=a ~b ~=c`` → [[marker, raw text, offset]]; ``stripped`` starts with a marker.

    As in Moodle, ``~=`` (a tilde directly followed by an equals sign) is a right answer."""
    options = []
    for index, char in enumerate(stripped):
        if char == "=" and options and options[-1][0] == "~" and not options[-1][1].strip():
            options[-1][0] = "="
            options[-1][1] = ""
        elif char in "=~":
            options.append([char, "", lead + index])
        else:
            options[-1][1] += char
    return options


def _looks_single(options):
    """One “=” option, or exactly one ~%100% option and the rest without weight (or 0)."""
    if any(option.marker == "=" for option in options):
        return True
    full = [option for option in options if option.weight == 100]
    return len(full) == 1 and all(option.weight in (None, 0) for option in options if option.weight != 100)


def _moodle_kind(answers: str) -> str:
    """The question type Moodle reads from an answer block (``format.php``, ``readquestion``)."""
    if not answers:
        return KIND_ESSAY
    if answers[0] == "#":
        return KIND_NUMERICAL
    if "~" in answers:
        return KIND_CHOICE
    if "=" in answers and "->" in answers:
        return KIND_MATCHING
    check = answers.split("#", 1)[0].strip() if answers.find("#") > 0 else answers
    if _TF_RE.fullmatch(check.strip()):
        return KIND_TRUE_FALSE
    return KIND_SHORT_ANSWER


class _Question:
    """Parses one question chunk. ``problems`` lists (line, message) of what stops it from being
    imported, ``kind`` the Moodle type it has; ``parse()`` gives None when there are problems."""

    def __init__(self, chunk, ordinal):
        self.first_line = chunk.lines[0][0]
        self.offsets = []  # (offset in joined content, line number)
        parts = []
        offset = 0
        for number, line in chunk.lines:
            self.offsets.append((offset, number))
            parts.append(line)
            offset += len(line) + 1
        self.content = _escape_placeholders("\n".join(parts))
        self.meta = _meta(chunk.comments)
        self.ordinal = ordinal
        self.problems: list[GiftError] = []
        self.kind = KIND_CHOICE
        self.title = ""
        self.format = MOODLE
        self.warnings: list[str] = []

    @property
    def failed(self):
        return bool(self.problems)

    def line_at(self, offset):
        number = self.first_line
        for start, line in self.offsets:
            if start <= offset:
                number = line
        return number

    def error(self, message, offset=None):
        self.problems.append(
            GiftError(self.line_at(offset) if offset is not None else self.first_line, message)
        )

    def report(self, messages, offset=None) -> bool:
        """Record each message as a problem at ``offset``; True when there were any."""
        for message in messages:
            self.error(message, offset)
        return bool(messages)

    def text(self, raw, default=None):
        """Unescaped text in its format (a ``[html]``-like prefix, else ``default``) as Markdown;
        references to media that stay behind become warnings of this question."""
        text, fmt, media = _text(raw, default or self.format)
        self.warnings += [
            _("%(media)s cannot be brought along and was left out.") % {"media": name} for name in media
        ]
        return text, fmt

    def parse(self):
        braces = self._braces()
        if braces is None:
            return None
        body_start, open_at, close_at = braces
        content = self.content
        before, after = content[body_start:open_at], content[close_at + 1 :]
        fmt = _FORMAT_RE.match(before)
        if fmt:
            self.format = fmt.group(1).lower()
            before = before[fmt.end() :]
        if after.strip():
            before = before.rstrip() + " _____ " + after.lstrip()  # Moodle's missing word
        text, _fmt = self.text(before)
        block = content[open_at + 1 : close_at]
        general = block.rfind("####")
        explanation = ""
        if general != -1:
            explanation, _fmt = self.text(block[general + 4 :])
            block = block[:general]
        self.kind = _moodle_kind(block.strip())
        if not text:
            self.error(_("the question has no text."))
        question = GiftQuestion(
            key="",
            type=self._declared_type() or "",
            text=text,
            explanation=explanation,
            source=self.meta["bron"][1] if "bron" in self.meta else "",
            pair=self.meta["paar"][1][:64] if "paar" in self.meta else "",
            line=self.first_line,
        )
        question.key = question_key(self.title, text, block)
        self._answers(question, block, open_at + 1)
        if self.failed:
            return None
        if question.type == TYPE_CASUS:
            question.situation, question.text = split_casus(question.text)
        question.title = self.title
        question.warnings = list(dict.fromkeys(self.warnings))
        return question

    def _braces(self):
        """(where the text starts, offset of "{", offset of "}"), or None after recording why
        the question cannot be read."""
        content = self.content
        body_start = 0
        stripped = content.lstrip()
        if stripped.startswith("::"):
            end = stripped.find("::", 2)
            lead = len(content) - len(stripped)
            if end == -1:  # Moodle: no name; the text starts after the "::"
                body_start = lead + 2
            else:
                self.title = _text(stripped[2:end], PLAIN, convert=False)[0].strip()
                body_start = lead + end + 2
        open_at = content.find("{", body_start)
        close_at = content.find("}", body_start)
        if open_at == -1 and close_at == -1:
            self.kind = KIND_DESCRIPTION
            self.title = self.title or first_words(_text(content[body_start:], MOODLE)[0])
            self.error(_("this question has no answers between { and } (descriptions are not supported)."))
            return None
        if open_at == -1 or close_at == -1 or close_at < open_at:
            self.kind = KIND_UNKNOWN
            self.error(
                _("the answers opened with “{” are not closed with “}” before the next blank line.")
                if close_at == -1
                else _("a “}” without a “{” before it; escape a literal brace as \\}."),
                open_at if open_at != -1 else close_at,
            )
            return None
        if "{" in content[open_at + 1 : close_at]:
            self.kind = KIND_UNKNOWN
            self.error(_("a second “{” before the “}”; escape a literal brace as \\{."), open_at)
            return None
        if "{" in content[close_at + 1 :] or "}" in content[close_at + 1 :]:
            self.kind = KIND_UNKNOWN
            self.error(_("more than one answer block (a cloze question) is not supported."), close_at)
            return None
        return body_start, open_at, close_at

    def _declared_type(self):
        """The ``// type:`` above the question, or None (none given, or an unknown one)."""
        if "type" not in self.meta:
            return None
        number, declared = self.meta["type"]
        if declared in TYPES:
            return declared
        self.problems.append(
            GiftError(
                number,
                _("unknown type “%(type)s”; use enkelvoudig, meervoudig, juist-onjuist or casus.")
                % {"type": declared},
            )
        )
        return None

    def _answers(self, question, block, block_offset):
        stripped = block.strip()
        lead = block_offset + (len(block) - len(block.lstrip()))
        unsupported = {
            KIND_ESSAY: _("an empty answer block (an essay question) is not supported."),
            KIND_NUMERICAL: _("numerical questions are not supported."),
            KIND_MATCHING: _("%(kind)s questions are not supported.") % {"kind": _("matching")},
            KIND_SHORT_ANSWER: _("%(kind)s questions are not supported.") % {"kind": _("short answer")},
        }
        if self.kind in unsupported:
            self.error(unsupported[self.kind], lead if stripped else block_offset)
            return
        if self.kind == KIND_TRUE_FALSE:
            self._true_false(question, stripped, lead)
            return
        if question.type == TYPE_TRUE_FALSE:
            self.error(_("“// type: juist-onjuist” needs the answer {T} or {F}."), lead)
            return
        options = self._options(stripped, lead)
        if options is None:
            return
        if not question.type:
            # Moodle: a "=" makes a question with one right answer, else several may be chosen
            question.type = TYPE_SINGLE if any(o.marker == "=" for o in options) else TYPE_MULTIPLE
        question.multiple = question.type == TYPE_MULTIPLE or (
            question.type == TYPE_CASUS and not _looks_single(options)
        )
        if question.multiple:
            self._multiple(question, options, lead)
        else:
            self._single(question, options, lead)

    def _true_false(self, question, stripped, lead):
        """``{T}``, ``{F}``, with ``#feedback when wrong#feedback when right`` (Moodle splits at
        the first two “#”)."""
        parts = stripped.split("#", 2)
        answer = parts[0].strip()
        feedback = [*parts[1:], "", ""][:2]
        if question.type and question.type != TYPE_TRUE_FALSE:
            self.error(
                _("“// type: %(type)s” but the answers are true/false; use “// type: juist-onjuist”.")
                % {"type": question.type},
                lead,
            )
            return
        question.type = TYPE_TRUE_FALSE
        question.answer = answer.upper().startswith("T")
        question.feedback_wrong = self.text(feedback[0])[0]
        question.feedback_right = self.text(feedback[1])[0]

    def _options(self, stripped, lead):
        """The ``=`` / ``~`` options of a choice question, or None after recording a problem."""
        if stripped[0] not in "=~":
            self.error(_("the answers must start with “=” or “~”."), lead)
            return None
        options = []
        for marker, raw, offset in _split_options(stripped, lead):
            if not raw.strip():
                continue  # Moodle leaves out answers without text
            option = self._option(marker, raw.strip(), offset)
            if option is None:
                return None
            options.append(option)
        if len(options) < rules.MIN_OPTIONS:
            self.error(_("a question needs at least two options."), lead)
            return None
        if len(options) > rules.MAX_OPTIONS:
            self.error(_("at most %(max)s options per question.") % {"max": rules.MAX_OPTIONS}, lead)
            return None
        return options

    def _option(self, marker, raw, offset):
        """One option: ``%weight%`` (optional), text, ``#feedback`` (optional); or None."""
        weight = None
        match = _WEIGHT_RE.match(raw)
        if match:
            try:
                weight = Decimal(match.group(1).replace(",", "."))
            except InvalidOperation:  # pragma: no cover - the regex only lets numbers through
                weight = Decimal(1000)
            raw = raw[match.end() :]
            if not rules.MIN_WEIGHT <= weight <= rules.MAX_WEIGHT:
                self.error(
                    _("a weight must lie between %(min)s and %(max)s percent.")
                    % {"min": rules.MIN_WEIGHT, "max": rules.MAX_WEIGHT},
                    offset,
                )
                return None
        elif raw.startswith("%"):
            self.error(_("a weight must look like %(a)s or %(b)s.") % {"a": "%50%", "b": "%-50%"}, offset)
            return None
        text, _sep, feedback = raw.partition("#")
        text, _fmt = self.text(text)
        if not text:
            self.error(_("an option without text."), offset)
            return None
        return ChoiceOption(marker, weight, text, self.text(feedback)[0], offset)

    def _single(self, question, options, lead):
        for message, offset in single_choice(question, options):
            self.error(message, lead if offset is None else offset)

    def _multiple(self, question, options, lead):
        for message, offset in multiple_choice(question, options):
            self.error(message, lead if offset is None else offset)


def single_choice(question, options) -> list[tuple[str, int | None]]:
    """Fill in ``question.options`` for one right answer; else (message, offset) problems."""
    answers = [
        rules.Answer(text=option.text, correct=option.marker == "=" or option.weight == 100)
        for option in options
    ]
    errors = rules.answer_errors(answers, multiple=False)
    if errors:
        return [(message, None) for message in errors]
    for option in options:
        if option.marker == "~" and option.weight not in (None, Decimal(0), Decimal(100)):
            message = _(
                "partial credit or a penalty (%%%(w)s%%) is not supported on a single-choice "
                "question; use “// type: meervoudig”."
            ) % {"w": format_weight(option.weight)}
            return [(message, option.offset)]
        if option.marker == "=" and option.weight not in (None, Decimal(100)):
            return [(_("a right option (“=”) cannot have a weight other than 100 percent."), option.offset)]
    question.options = [
        GiftOption(text=answer.text, correct=answer.correct, weight=None, feedback=option.feedback)
        for answer, option in zip(answers, options, strict=True)
    ]
    return []


def multiple_choice(question, options) -> list[tuple[str, int | None]]:
    """Fill in ``question.options`` for one or more right answers with weights; else problems."""
    for option in options:
        if option.marker == "=":
            message = _(
                "a multiple-choice question gives every option a weight (~%%50%%, ~%%-50%%), not “=”."
            )
            return [(message, option.offset)]
    weights = [option.weight if option.weight is not None else Decimal(0) for option in options]
    answers = [
        rules.Answer(text=option.text, correct=weight > 0, weight=weight)
        for option, weight in zip(options, weights, strict=True)
    ]
    errors = rules.answer_errors(answers, multiple=True)
    if errors:
        return [(message, None) for message in errors]
    question.options = [
        GiftOption(text=answer.text, correct=answer.correct, weight=answer.weight, feedback=option.feedback)
        for answer, option in zip(answers, options, strict=True)
    ]
    return []


def question_key(title: str, text: str, answers: str) -> str:
    """The title when it is a valid key, else a slug of it; without a title, a key made of the
    first words and a digest of the question (never its position in the file)."""
    if title and KEY_RE.match(title):
        return title
    if title and slugify(title)[:56].strip("-"):
        return slugify(title)[:56].strip("-")
    digest = hashlib.sha1(f"{text}\n{answers}".encode(), usedforsecurity=False).hexdigest()[:6]
    words = slugify(" ".join(text.split()[:6]))[:40].strip("-")
    return f"{words}-{digest}" if words else f"vraag-{digest}"


def _text(raw: str, default: str, *, convert=True) -> tuple[str, str, list[str]]:
    """Placeholder-escaped GIFT text → (Markdown, format, media left out). A leading
    ``[html]``, ``[markdown]``, ``[plain]`` or ``[moodle]`` names the format, else ``default``."""
    text = raw.strip()
    fmt = default
    match = _FORMAT_RE.match(text)
    if match:
        fmt = match.group(1).lower()
        text = text[match.end() :].strip()
    text = "".join(_UNESCAPE.get(c, c) for c in text)
    if fmt in (MOODLE, PLAIN):
        # Line breaks inside a text are kept; runs of spaces around them are not.
        text = "\n".join(line.strip() for line in text.split("\n")).strip()
    if not convert:
        return text, fmt, []
    converted = to_markdown(text, fmt)
    return converted.text, fmt, converted.media


def first_words(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Skipped:
    """A question of a file that is not imported: its title (or first words), line, type, why."""

    title: str
    line: int
    type: str
    reason: str

    def as_dict(self):
        return {"title": self.title, "line": self.line, "type": self.type, "reason": self.reason}


@dataclass
class GiftReading:
    """What a GIFT file holds, read the way Moodle reads it: the importable questions (in
    ``quiz``), the skipped ones, and warnings (about the file, and per question)."""

    quiz: GiftQuiz
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    header_errors: list[GiftError] = field(default_factory=list)  # bad values of "// key:" lines
    problems: list[GiftError] = field(default_factory=list)  # why each skipped question is skipped
    duplicates: list[tuple[int, str, int, str]] = field(default_factory=list)  # line, key, other, new
    positions: bool = False  # "line" is a question's position in the file (Moodle XML)


def _kind_label(kind: str) -> str:
    return {
        KIND_CHOICE: _("multiple choice"),
        KIND_TRUE_FALSE: _("true/false"),
        KIND_SHORT_ANSWER: _("short answer"),
        KIND_NUMERICAL: _("numerical"),
        KIND_MATCHING: _("matching"),
        KIND_ESSAY: _("essay"),
        KIND_DESCRIPTION: _("description"),
        KIND_UNKNOWN: _("unreadable"),
    }[kind]


def _category(chunk) -> str:
    text = " ".join(line.strip() for _number, line in chunk.lines)
    return _text(_escape_placeholders(text.strip()[len("$CATEGORY:") :]), PLAIN, convert=False)[0]


def read_gift(text: str) -> GiftReading:
    """Read a GIFT file as Moodle does: every question of a supported type in ``quiz``, every
    other one in ``skipped`` with its line, type and reason. Never raises on content."""
    text = text.lstrip("\ufeff")
    reading = GiftReading(GiftQuiz())
    quiz = reading.quiz
    seen_keys: dict[str, int] = {}
    ordinal = 0
    category = ""
    for chunk in _chunks(text):
        if not chunk.lines:
            if not quiz.questions and not ordinal:
                _parse_header(_meta(chunk.comments), quiz, reading.header_errors)
            continue
        if chunk.lines[0][1].lstrip().startswith("$CATEGORY:"):
            category = _category(chunk)
            if category not in reading.categories:
                reading.categories.append(category)
            continue
        if not ordinal:  # header lines may also sit directly above the first question
            _parse_header(_meta(chunk.comments), quiz, reading.header_errors)
        ordinal += 1
        parser = _Question(chunk, ordinal)
        question = parser.parse()
        if question is None:
            reading.problems += parser.problems
            reading.skipped.append(
                Skipped(
                    title=parser.title or first_words(_text(parser.content.split("{", 1)[0], MOODLE)[0]),
                    line=parser.first_line,
                    type=_kind_label(parser.kind),
                    reason="; ".join(problem.message for problem in parser.problems),
                )
            )
            continue
        question.category = category
        unique_key(question, seen_keys, reading)
        quiz.questions.append(question)
    return reading


def unique_key(question, seen_keys, reading):
    """Moodle allows two questions with the same title: the later one gets the next free key."""
    original = question.key
    if original in seen_keys:
        suffix = 2
        while f"{original[:56]}-{suffix}" in seen_keys:
            suffix += 1
        question.key = f"{original[:56]}-{suffix}"
        reading.duplicates.append((question.line, original, seen_keys[original], question.key))
    seen_keys[question.key] = question.line


def parse_gift(text: str) -> GiftQuiz:
    """Parse a GIFT file strictly (our leerstof files): any question that cannot be imported,
    a bad header value or a title used twice is an error. Raises :class:`GiftParseError`
    listing every error."""
    reading = read_gift(text)
    errors = reading.header_errors + reading.problems
    for line, key, other, _new in reading.duplicates:
        message = _("the key “%(key)s” is already used on line %(other)s.") % {"key": key, "other": other}
        errors.append(GiftError(line, message))
    if not errors and not reading.quiz.questions:
        errors.append(GiftError(1, _("the file contains no questions.")))
    if errors:
        raise GiftParseError(errors)
    return reading.quiz


def decode_gift(data: bytes) -> str:
    """Bytes of an uploaded file → text; raises GiftParseError when it is not UTF-8 text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GiftParseError([GiftError(line, _("the file is not UTF-8 text."))]) from exc
    if "\x00" in text:
        raise GiftParseError([GiftError(1, _("the file is not a text file."))])
    return text


# --------------------------------------------------------------------------- writing


def _escape(text: str) -> str:
    out = []
    for char in text.strip():
        if char in "\\~=#{}:":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        else:
            out.append(char)
    return "".join(out)


def _comment_value(text: str) -> str:
    return text.strip().replace("\n", "\\n")


def write_gift(quiz: GiftQuiz) -> str:
    """Write a quiz in our GIFT dialect (UTF-8 text, lines ending in \\n)."""
    lines = []
    if quiz.title:
        lines.append(f"// quiz: {_comment_value(quiz.title)}")
    if quiz.module:
        lines.append(f"// module: {quiz.module}")
    if quiz.pass_mark is not None:
        lines.append(f"// pass_mark: {quiz.pass_mark}")
    if quiz.max_attempts is not None:
        lines.append(f"// max_attempts: {quiz.max_attempts}")
    if quiz.shuffle_questions is not None:
        lines.append(f"// shuffle_questions: {'ja' if quiz.shuffle_questions else 'nee'}")
    if quiz.shuffle_options is not None:
        lines.append(f"// shuffle_options: {'ja' if quiz.shuffle_options else 'nee'}")
    if quiz.role and quiz.role != QuizRole.EINDTOETS:
        lines.append(f"// role: {quiz.role}")
    if quiz.feedback and quiz.feedback != DEFAULT_FEEDBACK_MODE:
        lines.append(f"// feedback: {quiz.feedback}")
    if quiz.intro:
        lines.append(f"// intro: {_escape(quiz.intro)}")
    for question in quiz.questions:
        if lines:
            lines.append("")
        lines.extend(_write_question(question))
    return "\n".join(lines) + "\n"


def _write_question(question: GiftQuestion) -> list[str]:
    lines = [f"// type: {question.type}"]
    if question.source:
        lines.append(f"// bron: {_comment_value(question.source)}")
    if question.pair:
        lines.append(f"// paar: {_comment_value(question.pair)}")
    text = question.text
    if question.type == TYPE_CASUS and question.situation:
        text = question.situation + "\n" + question.text
    head = f"::{_escape(question.key)}:: {_escape(text)}"
    explanation = f"####{_escape(question.explanation)}" if question.explanation else ""
    if question.type == TYPE_TRUE_FALSE:
        answer = "T" if question.answer else "F"
        feedback = ""
        if question.feedback_wrong or question.feedback_right:
            feedback = f"#{_escape(question.feedback_wrong)}#{_escape(question.feedback_right)}"
        lines.append(f"{head} {{{answer}{feedback}")
        if explanation:
            lines.append(explanation)
        lines.append("}")
        return lines
    lines.append(head + " {")
    for option in question.options:
        if question.multiple:
            weight = option.weight if option.weight is not None else Decimal(0)
            marker = f"~%{format_weight(weight)}%"
        else:
            marker = "=" if option.correct else "~"
        feedback = f"#{_escape(option.feedback)}" if option.feedback else ""
        lines.append(f"{marker}{_escape(option.text)}{feedback}")
    if explanation:
        lines.append(explanation)
    lines.append("}")
    return lines

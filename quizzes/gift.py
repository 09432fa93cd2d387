"""GIFT (Moodle's plain-text question format) with our comment lines: parse and write.

Pure functions, no database. ``parse_gift(text)`` returns a :class:`GiftQuiz` or raises
:class:`GiftParseError` with *every* problem and its line number; ``write_gift(quiz)`` writes the
same dialect back, so ``parse_gift(write_gift(parse_gift(text)))`` equals ``parse_gift(text)``.

The dialect (docs/leerstof-format.md):

* Questions are separated by blank lines. Lines starting with ``//`` are comments; Moodle
  ignores them, we read ``// key: value`` lines: before the first question the quiz header
  (``quiz``, ``module``, ``pass_mark``, ``max_attempts``, ``shuffle_questions``,
  ``shuffle_options``, ``intro``, and optionally ``role``: eindtoets / voortoets and
  ``feedback``: na-laatste-poging (the default) / na-elke-poging / na-slagen), directly above
  a question ``type`` (enkelvoudig / meervoudig / juist-onjuist / casus), ``bron`` and
  ``paar`` (the key that pairs a voortoets item with its parallel eindtoets item). Other
  comments (``doel`` among them) are ignored.
* ``::key:: text {answers}``. Single choice: one ``=`` option, the others ``~``. Multiple
  choice: every option ``~%weight%``; the right ones' weights add up to 100. True/false:
  ``{T#feedback when answered wrongly#feedback when answered rightly}`` (or ``F``).
  ``#`` after an option is its feedback, ``####`` the general feedback (our explanation).
* Escapes ``\\~ \\= \\# \\{ \\} \\:`` and ``\\n`` (a line break).
* A casus is stored as a situation and a question. In a file the question is the text after
  the last line break (``\\n``); without one, the last sentence with a question mark and what
  follows it. The writer always puts a ``\\n`` between the two.

Not supported (reported as errors, nothing is imported): short answer, numerical, matching,
missing word, essay and description questions, and partial credit or penalties on a
single-choice question. Moodle's ``$CATEGORY:`` lines are skipped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.text import get_text_list, slugify
from django.utils.translation import gettext as _

from . import rules
from .rules import DEFAULT_FEEDBACK_MODE, QuizRole, format_weight

TYPE_SINGLE = "enkelvoudig"
TYPE_MULTIPLE = "meervoudig"
TYPE_TRUE_FALSE = "juist-onjuist"
TYPE_CASUS = "casus"
TYPES = (TYPE_SINGLE, TYPE_MULTIPLE, TYPE_TRUE_FALSE, TYPE_CASUS)

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
_TAG_RE = re.compile(r"<[^>]*>")


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


def _unescape(text: str, *, html_format=False) -> str:
    text = text.strip()
    fmt = _FORMAT_RE.match(text)
    if fmt:
        html_format = html_format or fmt.group(1).lower() == "html"
        text = text[fmt.end() :].strip()
    text = "".join(_UNESCAPE.get(c, c) for c in text)
    if html_format:
        text = html.unescape(_TAG_RE.sub("", text.replace("<br>", "\n").replace("<br />", "\n")))
    # Line breaks inside a text are kept; runs of spaces around them are not.
    return "\n".join(line.strip() for line in text.split("\n")).strip()


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
    return _unescape(_escape_placeholders(value))


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
class _Option:
    marker: str  # "=" or "~"
    weight: Decimal | None
    text: str
    feedback: str
    offset: int


def _split_options(stripped, lead):
    """``=a ~b ~c`` → [(marker, raw text, offset)]; ``stripped`` starts with a marker."""
    options = []
    for index, char in enumerate(stripped):
        if char in "=~":
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


class _Question:
    """Parses one question chunk; appends to ``errors``; ``result`` is None on failure."""

    def __init__(self, chunk, ordinal, errors):
        self.errors = errors
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
        self.result = None
        self.failed = False

    def line_at(self, offset):
        number = self.first_line
        for start, line in self.offsets:
            if start <= offset:
                number = line
        return number

    def error(self, message, offset=None):
        self.errors.append(
            GiftError(self.line_at(offset) if offset is not None else self.first_line, message)
        )
        self.failed = True

    def report(self, messages, offset=None) -> bool:
        """Record each message as an error at ``offset``; True when there were any."""
        for message in messages:
            self.error(message, offset)
        return bool(messages)

    def parse(self):
        braces = self._braces()
        if braces is None:
            return None
        title, body_start, open_at, close_at = braces
        content = self.content
        fmt = _FORMAT_RE.match(content[body_start:open_at])
        html_format = bool(fmt) and fmt.group(1).lower() == "html"
        text = _unescape(content[body_start:open_at], html_format=html_format)
        if not text:
            self.error(_("the question has no text."))
        question = GiftQuestion(
            key=self._key(title),
            type=self._declared_type() or "",
            text=text,
            source=self.meta["bron"][1] if "bron" in self.meta else "",
            pair=self.meta["paar"][1][:64] if "paar" in self.meta else "",
            line=self.first_line,
        )
        block = content[open_at + 1 : close_at]
        general = block.find("####")
        if general != -1:
            question.explanation = _unescape(block[general + 4 :], html_format=html_format)
            block = block[:general]
        self._answers(question, block, open_at + 1, html_format)
        if self.failed:
            return None
        if question.type == TYPE_CASUS:
            question.situation, question.text = split_casus(question.text)
        self.result = question
        return question

    def _braces(self):
        """(title or None, where the text starts, offset of "{", offset of "}"), or None after
        recording why the question cannot be read."""
        content = self.content
        title, body_start = None, 0
        stripped = content.lstrip()
        if stripped.startswith("::"):
            end = stripped.find("::", 2)
            if end == -1:
                self.error(_("the question title has no closing “::”."))
                return None
            title = _unescape(stripped[2:end])
            body_start = len(content) - len(stripped) + end + 2
        open_at = content.find("{", body_start)
        if open_at == -1:
            self.error(_("this question has no answers between { and } (descriptions are not supported)."))
            return None
        close_at = content.find("}", open_at)
        if close_at == -1:
            self.error(
                _("the answers opened with “{” are not closed with “}” before the next blank line."), open_at
            )
            return None
        if "{" in content[open_at + 1 : close_at]:
            self.error(_("a second “{” before the “}”; escape a literal brace as \\{."), open_at)
            return None
        if content[close_at + 1 :].strip():
            self.error(
                _(
                    "text after the answers (a missing-word question) is not supported; "
                    "put all text before “{”."
                ),
                close_at,
            )
            return None
        return title, body_start, open_at, close_at

    def _declared_type(self):
        """The ``// type:`` above the question, or None (none given, or an unknown one)."""
        if "type" not in self.meta:
            return None
        number, declared = self.meta["type"]
        if declared in TYPES:
            return declared
        self.errors.append(
            GiftError(
                number,
                _("unknown type “%(type)s”; use enkelvoudig, meervoudig, juist-onjuist or casus.")
                % {"type": declared},
            )
        )
        self.failed = True
        return None

    def _key(self, title):
        if title is None or not title.strip():
            return f"vraag-{self.ordinal:02d}"
        if KEY_RE.match(title):
            return title
        return slugify(title)[:56].strip("-") or f"vraag-{self.ordinal:02d}"

    def _answers(self, question, block, block_offset, html_format):
        stripped = block.strip()
        lead = block_offset + (len(block) - len(block.lstrip()))
        if not stripped:
            self.error(_("an empty answer block (an essay question) is not supported."), block_offset)
            return
        true_false = _TF_RE.match(stripped)
        if true_false:
            self._true_false(question, true_false, stripped[true_false.end() :].strip(), lead, html_format)
            return
        if question.type == TYPE_TRUE_FALSE:
            self.error(_("“// type: juist-onjuist” needs the answer {T} or {F}."), lead)
            return
        options = self._options(stripped, lead, html_format)
        if options is None:
            return
        if not question.type:
            question.type = TYPE_SINGLE if _looks_single(options) else TYPE_MULTIPLE
        question.multiple = question.type == TYPE_MULTIPLE or (
            question.type == TYPE_CASUS and not _looks_single(options)
        )
        if question.multiple:
            self._multiple(question, options, lead)
        else:
            self._single(question, options, lead)

    def _true_false(self, question, match, rest, lead, html_format):
        """``{T}``, ``{F}``, with ``#feedback when wrong#feedback when right`` in ``rest``."""
        if rest and not rest.startswith("#"):
            self.error(_("unexpected text after T/F: “%(text)s”.") % {"text": _unescape(rest)[:40]}, lead)
            return
        feedback = rest.split("#")[1:] if rest else []
        if len(feedback) > 2:
            self.error(_("true/false takes at most two feedbacks (#wrong#right)."), lead)
            return
        feedback += [""] * (2 - len(feedback))
        if question.type and question.type != TYPE_TRUE_FALSE:
            self.error(
                _("“// type: %(type)s” but the answers are true/false; use “// type: juist-onjuist”.")
                % {"type": question.type},
                lead,
            )
            return
        question.type = TYPE_TRUE_FALSE
        question.answer = match.group(1).upper().startswith("T")
        question.feedback_wrong = _unescape(feedback[0], html_format=html_format)
        question.feedback_right = _unescape(feedback[1], html_format=html_format)

    def _options(self, stripped, lead, html_format):
        """The ``=`` / ``~`` options of a choice question, or None after recording an error."""
        if stripped[0] not in "=~":
            if stripped[0] == "#":
                self.error(_("numerical questions are not supported."), lead)
            else:
                self.error(_("the answers must start with “=” or “~”."), lead)
            return None
        raw_options = _split_options(stripped, lead)
        if all(marker == "=" for marker, _raw, _offset in raw_options):
            matching = any("->" in raw for _marker, raw, _offset in raw_options)
            kind = _("matching") if matching else _("short answer")
            self.error(_("%(kind)s questions are not supported.") % {"kind": kind}, lead)
            return None
        options = []
        for marker, raw, offset in raw_options:
            option = self._option(marker, raw.strip(), offset, html_format)
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

    def _option(self, marker, raw, offset, html_format):
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
        text = _unescape(text, html_format=html_format)
        if not text:
            self.error(_("an option without text."), offset)
            return None
        return _Option(marker, weight, text, _unescape(feedback, html_format=html_format), offset)

    def _single(self, question, options, lead):
        answers = [
            rules.Answer(text=option.text, correct=option.marker == "=" or option.weight == 100)
            for option in options
        ]
        if self.report(rules.answer_errors(answers, multiple=False), lead):
            return
        for option in options:
            if option.marker == "~" and option.weight not in (None, Decimal(0), Decimal(100)):
                self.error(
                    _(
                        "partial credit or a penalty (%%%(w)s%%) is not supported on a single-choice "
                        "question; use “// type: meervoudig”."
                    )
                    % {"w": format_weight(option.weight)},
                    option.offset,
                )
                return
            if option.marker == "=" and option.weight not in (None, Decimal(100)):
                self.error(
                    _("a right option (“=”) cannot have a weight other than 100 percent."), option.offset
                )
                return
        question.options = [
            GiftOption(text=answer.text, correct=answer.correct, weight=None, feedback=option.feedback)
            for answer, option in zip(answers, options, strict=True)
        ]

    def _multiple(self, question, options, lead):
        for option in options:
            if option.marker == "=":
                self.error(
                    _("a multiple-choice question gives every option a weight (~%%50%%, ~%%-50%%), not “=”."),
                    option.offset,
                )
                return
        weights = [option.weight if option.weight is not None else Decimal(0) for option in options]
        answers = [
            rules.Answer(text=option.text, correct=weight > 0, weight=weight)
            for option, weight in zip(options, weights, strict=True)
        ]
        if self.report(rules.answer_errors(answers, multiple=True), lead):
            return
        question.options = [
            GiftOption(
                text=answer.text, correct=answer.correct, weight=answer.weight, feedback=option.feedback
            )
            for answer, option in zip(answers, options, strict=True)
        ]


def parse_gift(text: str) -> GiftQuiz:
    """Parse a GIFT file in our dialect. Raises :class:`GiftParseError` listing every error."""
    text = text.lstrip("\ufeff")
    quiz = GiftQuiz()
    errors: list[GiftError] = []
    seen_keys: dict[str, int] = {}
    ordinal = 0
    for chunk in _chunks(text):
        if not chunk.lines:
            if not quiz.questions and not ordinal:
                _parse_header(_meta(chunk.comments), quiz, errors)
            continue
        if chunk.lines[0][1].lstrip().startswith("$CATEGORY:"):
            continue
        if not ordinal:  # header lines may also sit directly above the first question
            _parse_header(_meta(chunk.comments), quiz, errors)
        ordinal += 1
        question = _Question(chunk, ordinal, errors).parse()
        if question is None:
            continue
        if question.key in seen_keys:
            original = question.key
            if chunk.lines[0][1].lstrip().startswith("::"):
                errors.append(
                    GiftError(
                        question.line,
                        _("the key “%(key)s” is already used on line %(other)s.")
                        % {"key": original, "other": seen_keys[original]},
                    )
                )
                continue
            suffix = 2
            while f"{original}-{suffix}" in seen_keys:
                suffix += 1
            question.key = f"{original}-{suffix}"
        seen_keys[question.key] = question.line
        quiz.questions.append(question)
    if not errors and not quiz.questions:
        errors.append(GiftError(1, _("the file contains no questions.")))
    if errors:
        raise GiftParseError(errors)
    return quiz


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
        if char in "\\~=#{}":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        else:
            out.append(char)
    escaped = "".join(out)
    # A single colon is fine; a double one would read as a title, so escape those.
    return re.sub(r":(?=:)|(?<=:):", r"\\:", escaped)


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

"""Question blocks of a quiz: single choice, multiple choice, true/false and casus.

The question key is the StreamField block id (stable across revisions; for imported questions
the GIFT ``::key::``). Every option has an explicit ``key``, filled in automatically when left
empty, so answers and the quiz analysis survive reordering and editing of options.
"""

import re
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import BlockGroup
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from content.markdown import normalise_newlines

from . import rules

OPTION_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
#: The values of a true/false question's "answer" and of a casus's "answer_mode".
STATEMENT_TRUE, STATEMENT_FALSE = "juist", "onjuist"
ONE_RIGHT, SEVERAL_RIGHT = "single", "multiple"


def _normalised(value):
    """Every text of a question or answer with "\\n" line ends (a browser sends CRLF)."""
    for name, child in list(value.items()):
        if isinstance(child, str):
            value[name] = normalise_newlines(child)
    return value


def new_option_key():
    return "o" + secrets.token_hex(4)


def _text(label, required=True, help_text=None, rows=2):
    return blocks.TextBlock(required=required, label=label, help_text=help_text, rows=rows)


def _explanation():
    return _text(
        _("Explanation"),
        required=False,
        help_text=_("Shown after answering, for every option: why the right answer is right."),
        rows=3,
    )


def _source():
    return blocks.CharBlock(
        required=False,
        max_length=500,
        label=_("Source"),
        help_text=_(
            "Document and lines, e.g. “000_9642f3ac0124132f.txt:140-143”, or a site address; "
            "several separated by “; ”. Shown to coordinators (the quiz analysis), not to learners."
        ),
    )


def _pair():
    return blocks.CharBlock(
        required=False,
        max_length=64,
        label=_("Pair"),
        help_text=_(
            "The same short key on a pre-test question and its parallel final-test question "
            "(same learning goal, different question); the knowledge gain report compares them."
        ),
    )


class OptionBlock(blocks.StructBlock):
    def clean(self, value):
        return _normalised(super().clean(value))

    text = _text(_("Answer"))
    correct = blocks.BooleanBlock(required=False, label=_("Right answer"))
    feedback = _text(_("Feedback on this answer"), required=False)
    key = blocks.CharBlock(
        required=False,
        max_length=64,
        label=_("Key"),
        help_text=_("Stable identifier of this answer. Leave empty: it is filled in when you save."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Answer")
        # The key is bookkeeping: out of the way, in the block's collapsed settings.
        form_layout = BlockGroup(children=["text", "correct", "feedback"], settings=["key"])


class WeightedOptionBlock(OptionBlock):
    """An answer of a question with several right answers: optionally weighted."""

    weight = blocks.DecimalBlock(
        required=False,
        min_value=rules.MIN_WEIGHT,
        max_value=rules.MAX_WEIGHT,
        max_digits=8,
        decimal_places=5,
        label=_("Weight (%)"),
        help_text=_(
            "Optional. Right answers: positive weights adding up to 100. Wrong answers: a negative "
            "weight. Empty: right answers share 100 equally, a wrong answer costs as much as one "
            "right answer earns."
        ),
    )

    class Meta:
        icon = "check"
        form_layout = BlockGroup(children=["text", "correct", "weight", "feedback"], settings=["key"])


def _answers(option_block):
    return blocks.ListBlock(
        option_block, min_num=rules.MIN_OPTIONS, max_num=rules.MAX_OPTIONS, label=_("Answers")
    )


class BaseQuestionBlock(blocks.StructBlock):
    """Shared validation: option keys filled in and unique, the right answers consistent."""

    multiple = False

    def is_multiple(self, value):
        return self.multiple

    def clean(self, value):
        value = _normalised(super().clean(value))
        errors = []
        options = value.get("options")
        if options is not None:
            seen = set()
            for option in options:
                key = (option.get("key") or "").strip()
                if not key or key in seen or not OPTION_KEY_RE.match(key):
                    key = new_option_key()
                option["key"] = key
                seen.add(key)
            errors += self.check_options(value, list(options))
        if errors:
            raise StructBlockValidationError(non_block_errors=[ValidationError(e) for e in errors])
        return value

    def check_options(self, value, options):
        answers = [
            rules.Answer(text=o.get("text") or "", correct=bool(o.get("correct")), weight=o.get("weight"))
            for o in options
        ]
        return rules.answer_errors(answers, multiple=self.is_multiple(value))


class SingleChoiceQuestionBlock(BaseQuestionBlock):
    question = _text(_("Question"))
    options = _answers(OptionBlock())
    explanation = _explanation()
    source = _source()
    pair = _pair()

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        help_text = _("One right answer.")


class MultipleChoiceQuestionBlock(BaseQuestionBlock):
    multiple = True
    question = _text(_("Question"))
    options = _answers(WeightedOptionBlock())
    explanation = _explanation()
    source = _source()
    pair = _pair()

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple choice")
        help_text = _("One or more right answers, with partial credit.")


class TrueFalseQuestionBlock(BaseQuestionBlock):
    question = _text(_("Statement"))
    answer = blocks.ChoiceBlock(
        choices=[(STATEMENT_TRUE, _("True")), (STATEMENT_FALSE, _("False"))],
        default=STATEMENT_TRUE,
        label=_("The statement is"),
    )
    feedback_right = _text(_("Feedback when answered rightly"), required=False)
    feedback_wrong = _text(_("Feedback when answered wrongly"), required=False)
    explanation = _explanation()
    source = _source()
    pair = _pair()

    class Meta:
        icon = "help"
        label = _("True/false")


class CasusQuestionBlock(BaseQuestionBlock):
    situation = _text(_("Situation"), rows=4, help_text=_("A short case from practice."))
    question = _text(_("Question"))
    answer_mode = blocks.ChoiceBlock(
        choices=[(ONE_RIGHT, _("one right answer")), (SEVERAL_RIGHT, _("one or more right answers"))],
        default=ONE_RIGHT,
        label=_("Answers"),
    )
    options = _answers(WeightedOptionBlock())
    explanation = _explanation()
    source = _source()
    pair = _pair()

    def is_multiple(self, value):
        return value.get("answer_mode") == SEVERAL_RIGHT

    class Meta:
        icon = "group"
        label = _("Casus")
        help_text = _("A short situation followed by a single- or multiple-choice question.")


EMPTY_QUIZ_MESSAGE = _(
    "A quiz without questions cannot be published or submitted for review: learners would get "
    "an empty quiz. Add at least one question, or save the quiz as a draft."
)


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()
    casus = CasusQuestionBlock()

    def clean(self, value):
        """At least one question, except for a draft: Wagtail defers required validation when
        a page is saved as a draft, and enforces it on publish and on submit for review."""
        if not getattr(self, "is_deferred_validation", False) and len(value) == 0:
            raise StreamBlockValidationError(non_block_errors=[ValidationError(EMPTY_QUIZ_MESSAGE)])
        return super().clean(value)

"""The oefengesprek's StreamField: decision nodes (a situation and two to four choices) and
endings. The first block is where a run starts; choices point to a node or ending by its key.

The stream as a whole is checked in :meth:`ScenarioStreamBlock.clean` with
:func:`practice.scenario.problems`, so the admin refuses a scenario with an unreachable node, a
choice that leads nowhere or no good ending, naming the node (a draft is checked too: a run
could not be taken through it either)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from content.blocks import MarkdownBlock

from . import scenario as rules

KEY_VALIDATOR = RegexValidator(r"^[a-z0-9][a-z0-9-]*$", _("Use lower-case letters, digits and hyphens."))


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("choice"), max_length=500)
    feedback = MarkdownBlock(label=_("feedback"), help_text=_("Why this helps or harms the conversation."))
    goal = blocks.IntegerBlock(
        required=False,
        min_value=1,
        label=_("learning goal"),
        help_text=_("The number of the module's learning goal this choice bears on (1 = the first)."),
    )
    weight = blocks.IntegerBlock(
        default=0,
        min_value=rules.MIN_WEIGHT,
        max_value=rules.MAX_WEIGHT,
        label=_("weight"),
        help_text=_("From −3 (harms the goal) to +3 (helps it)."),
    )
    next = blocks.CharBlock(
        label=_("next"), max_length=60, help_text=_("The key of the next node or ending.")
    )
    voorziening = SnippetChooserBlock(
        "kaart.Voorziening",
        required=False,
        label=_("voorziening"),
        help_text=_(
            "For a referral: the sociale kaart's entry this choice refers to, shown live with the node."
        ),
    )

    class Meta:
        icon = "radio-full"
        label = _("choice")


class NodeBlock(blocks.StructBlock):
    key = blocks.CharBlock(label=_("key"), max_length=60, validators=[KEY_VALIDATOR])
    title = blocks.CharBlock(label=_("title"), max_length=200)
    situation = MarkdownBlock(
        label=_("situation"), help_text=_("What the family, the huisarts or the colleague says or does.")
    )
    choices = blocks.ListBlock(
        ChoiceBlock(), min_num=rules.MIN_CHOICES, max_num=rules.MAX_CHOICES, label=_("choices")
    )

    class Meta:
        icon = "help"
        label = _("decision node")


class EndingBlock(blocks.StructBlock):
    key = blocks.CharBlock(label=_("key"), max_length=60, validators=[KEY_VALIDATOR])
    title = blocks.CharBlock(label=_("title"), max_length=200)
    outcome = MarkdownBlock(label=_("outcome"), help_text=_("What came of the conversation."))
    good = blocks.BooleanBlock(required=False, label=_("good ending"))
    summary = MarkdownBlock(required=False, label=_("summary of the learning goals"))

    class Meta:
        icon = "flag"
        label = _("ending")


def _choice(value) -> rules.Choice:
    voorziening = value.get("voorziening")
    return rules.Choice(
        text=value.get("text") or "",
        feedback=value.get("feedback") or "",
        next=(value.get("next") or "").strip(),
        goal=value.get("goal"),
        weight=value.get("weight") or 0,
        voorziening_id=getattr(voorziening, "pk", voorziening),
    )


def scenario_from_stream(stream) -> rules.Scenario:
    """The plain scenario of a StreamValue (or a list of (block type, value) pairs)."""
    nodes, endings, first = [], [], None
    for child in stream:
        block_type, value = (child.block_type, child.value) if hasattr(child, "block_type") else child
        first = first or block_type
        key = (value.get("key") or "").strip()
        if block_type == "node":
            choices = tuple(_choice(c) for c in value.get("choices") or [])
            nodes.append(rules.Node(key, value.get("title") or "", value.get("situation") or "", choices))
        elif block_type == "ending":
            endings.append(
                rules.Ending(
                    key,
                    value.get("title") or "",
                    value.get("outcome") or "",
                    bool(value.get("good")),
                    value.get("summary") or "",
                )
            )
    return rules.Scenario(tuple(nodes), tuple(endings), start_is_node=first == "node")


class ScenarioStreamBlock(blocks.StreamBlock):
    node = NodeBlock()
    ending = EndingBlock()

    def clean(self, value):
        value = super().clean(value)
        found = rules.problems(scenario_from_stream(value))
        if found:
            raise StreamBlockValidationError(non_block_errors=[ValidationError(message) for message in found])
        return value

"""Facts defined once and used everywhere: the callout kinds of the leerstof files are the
callout block's choices."""

import pytest

from content.blocks import CalloutBlock
from modules.blocks import LessonStreamBlock
from modules.leerstof_import import LeerstofError, parse_body

CALLOUT_KINDS = [kind for kind, _label in CalloutBlock().child_blocks["kind"].field.choices if kind]


def test_the_callout_block_offers_kinds():
    assert "let-op" in CALLOUT_KINDS and len(CALLOUT_KINDS) >= 4


@pytest.mark.parametrize("kind", CALLOUT_KINDS)
def test_every_kind_the_callout_block_offers_is_a_leerstof_directive(kind):
    data = parse_body(f":::{kind} Titel\nTekst.\n:::\n", "01-giz/01-les.md")
    assert [(block["type"], block["value"]["kind"]) for block in data] == [("callout", kind)]
    stream = LessonStreamBlock()
    stream.clean(stream.to_python(data))  # the editor accepts what the import wrote


def test_an_unknown_directive_lists_the_callout_kinds_of_the_block():
    with pytest.raises(LeerstofError) as raised:
        parse_body(":::waarschuwing\ntekst\n:::\n", "01-giz/01-les.md")
    offered = str(raised.value).split("kies uit ", 1)[1].rstrip(".").split(", ")
    assert offered == [*CALLOUT_KINDS, "casus", "voorzieningen"]

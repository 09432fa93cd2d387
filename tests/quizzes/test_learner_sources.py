"""Learners see sources by title, organisation and year, never the seed file names (authoring
metadata); coordinators keep the file and line references (the lesson's source notes, the quiz
analysis)."""

import re

from modules.leerstof_import import split_source_references

SEED_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def test_the_bronnen_list_keeps_title_organisation_and_year_and_loses_file_and_lines():
    body = (
        "Tekst met `code`.\n\n## Bronnen\n\n"
        "- Verbeterplan Toegang tot Jeugdhulp, gemeente Zoetermeer (2023), "
        "`000_9642f3ac0124132f.txt` regels 92–95 en 136–143\n"
        "- De jeugd-GGZ na de Jeugdwet (Nivel, 2019), "
        "`002_2178173e993c9eed.txt` regels 4711–4717, 10574–10586\n"
        "- CJG-professionals, pagina GIZ: cjgprof.nl\n"
    )
    learner, notes = split_source_references(body)
    assert learner.splitlines() == [
        "Tekst met `code`.",
        "",
        "## Bronnen",
        "",
        "- Verbeterplan Toegang tot Jeugdhulp, gemeente Zoetermeer (2023)",
        "- De jeugd-GGZ na de Jeugdwet (Nivel, 2019)",
        "- CJG-professionals, pagina GIZ: cjgprof.nl",
    ]
    assert notes.splitlines()[0].endswith("`000_9642f3ac0124132f.txt` regels 92–95 en 136–143")
    assert len(notes.splitlines()) == 3

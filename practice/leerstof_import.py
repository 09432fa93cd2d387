"""Oefengesprekken as source files (``practice/leerstof/*.md``, docs/leerstof-format.md).

Parsing is pure and raises ``modules.leerstof_import.LeerstofError`` with the file and line;
:func:`import_scenarios` writes the pages idempotently, as ``import_leerstof`` does for lessons
(``LeerstofImport`` remembers the revision the import wrote: a page edited in the admin since
is skipped). Every file is read and checked (format, graph) before anything is saved.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from modules.leerstof_import import LeerstofError, parse_front_matter, split_source_references

from . import scenario as rules

LEERSTOF_DIR = Path(__file__).resolve().parent / "leerstof"
FORMAT_VERSION = "1"
SOURCE_PREFIX = "oefengesprekken/"  # LeerstofImport.source_path, apart from the lessons' paths

_OPEN = re.compile(r"^:::(knoop|einde)\s+([a-z0-9][a-z0-9-]*)\s+(.+)$")
_GOOD = {"goed": True, "matig": False, "slecht": False}
_NAMESPACE = uuid.UUID("0b7e1c8e-58a4-4d4b-9a53-5f0a9e6d2c41")


@dataclass
class ScenarioSource:
    path: str  # relative, e.g. "oefengesprekken/giz-specialistische-hulp.md"
    title: str
    slug: str
    module: str
    minutes: int
    intro: str
    sources: str
    source_notes: str
    stream: list = field(default_factory=list)
    voorzieningen: list = field(default_factory=list)  # (line, key) to resolve
    hash: str = ""

    def page_fields(self):
        return {
            "title": self.title,
            "slug": self.slug,
            "intro": self.intro,
            "estimated_minutes": self.minutes,
            "sources": self.sources,
            "source_notes": self.source_notes,
            "nodes": self.stream,
        }


def _id(path, *parts):
    return str(uuid.uuid5(_NAMESPACE, "#".join([path, *map(str, parts)])))


def _choice_header(rest, path, number):
    """``<next> [| doel N] [| +W] [| voorziening <key>]`` → dict."""
    parts = [p.strip() for p in rest.split("|")]
    if not parts[0] or " " in parts[0]:
        raise LeerstofError(
            path, number, "na '--- keuze' volgt de sleutel van de volgende knoop of het einde."
        )
    value = {"next": parts[0], "goal": None, "weight": 0, "voorziening": None}
    for part in parts[1:]:
        if re.fullmatch(r"doel\s+\d+", part):
            value["goal"] = int(part.split()[1])
        elif re.fullmatch(r"[+−-]\d", part):
            value["weight"] = int(part.replace("−", "-"))
        elif re.fullmatch(r"voorziening\s+[a-z0-9-]+", part):
            value["voorziening"] = part.split()[1]
        else:
            raise LeerstofError(path, number, f"onbekend onderdeel van een keuze: {part!r}.")
    return value


def _text(lines):
    return "\n".join(lines).strip()


class _Block:
    def __init__(self, kind, key, header, path, line):
        self.kind, self.key, self.path, self.line = kind, key, path, line
        self.good = None
        title = header
        if kind == "einde":
            word, _sep, title = header.partition(" ")
            if word not in _GOOD:
                raise LeerstofError(path, line, "na de sleutel van een einde volgt goed, matig of slecht.")
            self.good = _GOOD[word]
        self.title = title.strip()
        self.main, self.summary, self.choices = [], [], []
        self.section = self.main

    def add(self, line, number):
        marker = line.strip()
        if marker.startswith("--- keuze") and self.kind == "knoop":
            self.choices.append(
                {
                    **_choice_header(marker[len("--- keuze") :], self.path, number),
                    "text": [],
                    "feedback": [],
                    "line": number,
                }
            )
            self.section = self.choices[-1]["text"]
        elif marker == "--- feedback" and self.choices:
            self.section = self.choices[-1]["feedback"]
        elif marker == "--- samenvatting" and self.kind == "einde":
            self.section = self.summary
        elif marker.startswith("--- "):
            raise LeerstofError(self.path, number, f"onbekende regel {marker!r} in {self.kind} '{self.key}'.")
        else:
            self.section.append(line)

    def stream_value(self, source):
        if self.kind == "einde":
            return {
                "type": "ending",
                "id": _id(source.path, self.key),
                "value": {
                    "key": self.key,
                    "title": self.title,
                    "outcome": _text(self.main),
                    "good": self.good,
                    "summary": _text(self.summary),
                },
            }
        choices = []
        for index, choice in enumerate(self.choices):
            if not _text(choice["text"]) or not _text(choice["feedback"]):
                raise LeerstofError(
                    self.path,
                    choice["line"],
                    f"keuze {index + 1} van '{self.key}' mist de tekst of de feedback.",
                )
            if choice["voorziening"]:
                source.voorzieningen.append((choice["line"], choice["voorziening"]))
            choices.append(
                {
                    "type": "item",
                    "id": _id(source.path, self.key, index),
                    "value": {
                        "text": " ".join(_text(choice["text"]).split()),
                        "feedback": _text(choice["feedback"]),
                        "goal": choice["goal"],
                        "weight": choice["weight"],
                        "next": choice["next"],
                        "voorziening": choice["voorziening"],  # a key until resolved
                    },
                }
            )
        return {
            "type": "node",
            "id": _id(source.path, self.key),
            "value": {
                "key": self.key,
                "title": self.title,
                "situation": _text(self.main),
                "choices": choices,
            },
        }


def _to_scenario(stream):
    pairs = []
    for block in stream:
        value = dict(block["value"])
        if block["type"] == "node":
            value["choices"] = [dict(c["value"], voorziening=None) for c in value["choices"]]
        pairs.append((block["type"], value))
    from .blocks import scenario_from_stream

    return scenario_from_stream(pairs)


def parse_scenario(text, path="?", *, goal_count=None) -> ScenarioSource:
    meta, body, first_line = parse_front_matter(text, path)
    for key in ("title", "slug", "module"):
        if not meta.get(key):
            raise LeerstofError(path, 1, f"'{key}:' ontbreekt in de front matter.")
    sources = meta.get("bronnen") or []
    if not isinstance(sources, list) or not sources:
        raise LeerstofError(path, 1, "'bronnen:' (een lijst) ontbreekt in de front matter.")
    learner_sources, notes = split_source_references("## Bronnen\n" + "\n".join(f"- {s}" for s in sources))
    source = ScenarioSource(
        path=path,
        title=meta["title"],
        slug=meta["slug"],
        module=meta["module"],
        minutes=int(meta.get("minutes") or 15),
        intro="",
        sources=learner_sources.split("\n", 1)[1],
        source_notes=notes,
        hash=hashlib.sha256((FORMAT_VERSION + text).encode()).hexdigest(),
    )
    intro, blocks, current = [], [], None
    for number, line in enumerate(body.split("\n"), start=first_line):
        opening = _OPEN.match(line.strip())
        if current is None and opening:
            current = _Block(opening.group(1), opening.group(2), opening.group(3), path, number)
        elif current is None and line.strip().startswith(":::"):
            raise LeerstofError(
                path,
                number,
                "verwacht ':::knoop <sleutel> <titel>' of ':::einde <sleutel> goed|matig|slecht <titel>', "
                f"niet {line.strip()!r}.",
            )
        elif current is None:
            (intro if not blocks else []).append(line)
        elif line.strip() == ":::":
            blocks.append(current)
            current = None
        else:
            current.add(line, number)
    if current is not None:
        raise LeerstofError(path, current.line, f"'{current.key}' wordt niet afgesloten met een regel ':::'.")
    source.intro = _text(intro)
    source.stream = [block.stream_value(source) for block in blocks]
    found = rules.problems(_to_scenario(source.stream), goal_count=goal_count)
    if found:
        raise LeerstofError(path, 0, " ".join(found))
    return source


def read_scenarios(directory: Path = LEERSTOF_DIR, goal_counts=None) -> list[ScenarioSource]:
    """Every ``*.md`` in ``directory``, parsed and checked; the first error stops it all."""
    goal_counts = goal_counts or {}
    sources = []
    for file in sorted(Path(directory).glob("*.md")):
        text = file.read_text(encoding="utf-8")
        meta, _body, _line = parse_front_matter(text, file.name)
        sources.append(
            parse_scenario(text, SOURCE_PREFIX + file.name, goal_count=goal_counts.get(meta.get("module")))
        )
    return sources


# --------------------------------------------------------------------------- writing


@dataclass
class ReportLine:
    status: str
    title: str
    path: str
    reason: str = ""


def _resolve_voorzieningen(source):
    from content.kaart.models import Voorziening

    keys = {key for _line, key in source.voorzieningen}
    found = dict(Voorziening.objects.filter(slug__in=keys).values_list("slug", "pk"))
    for line, key in source.voorzieningen:
        if key not in found:
            raise LeerstofError(source.path, line, f"voorziening '{key}' staat niet in de sociale kaart.")
    for block in source.stream:
        for choice in block["value"].get("choices", []):
            slug = choice["value"]["voorziening"]
            choice["value"]["voorziening"] = found.get(slug) if slug else None


def _place(page, module):
    """New pages go before the module's eindtoets (its last step when it has one)."""
    last = module.get_last_child()
    if last is not None and last.slug == "toets":
        last.add_sibling(pos="left", instance=page)
    else:
        module.add_child(instance=page)


def _sync(source, module, report, overwrite):
    from modules.models import LeerstofImport

    from .models import ScenarioPage

    record = LeerstofImport.objects.select_related("page").filter(source_path=source.path).first()
    if record is None:
        if ScenarioPage.objects.child_of(module).filter(slug=source.slug).exists():
            report.append(ReportLine("overgeslagen", source.title, source.path, "niet uit de import"))
            return
        page = ScenarioPage(**source.page_fields())
        _place(page, module)
        revision = page.save_revision(log_action=True)
        revision.publish()
        LeerstofImport.objects.create(
            page=page, source_path=source.path, source_hash=source.hash, revision=revision
        )
        report.append(ReportLine("nieuw", source.title, source.path))
        return
    page = record.page.specific
    forced = source.path in overwrite
    if page.latest_revision_id != record.revision_id and not forced:
        report.append(ReportLine("overgeslagen", source.title, source.path, "in de admin bewerkt"))
        return
    if record.source_hash == source.hash and not forced:
        report.append(ReportLine("ongewijzigd", source.title, source.path))
        return
    for name, value in source.page_fields().items():
        setattr(page, name, value)
    revision = page.save_revision(log_action=True)
    revision.publish()
    record.source_hash, record.revision = source.hash, revision
    record.save()
    report.append(ReportLine("bijgewerkt", source.title, source.path))


def import_scenarios(directory: Path = LEERSTOF_DIR, *, dry_run=False, overwrite=()) -> list[ReportLine]:
    from modules.leerstof_import import refresh_module_time
    from modules.models import ModulePage

    modules = {m.slug: m for m in ModulePage.objects.all()}
    goal_counts = {slug: len(m.learning_goal_list) for slug, m in modules.items()}
    sources = read_scenarios(directory, goal_counts)
    report = []
    with transaction.atomic():
        for source in sources:
            module = modules.get(source.module)
            if module is None:
                report.append(
                    ReportLine(
                        "overgeslagen", source.title, source.path, f"module '{source.module}' bestaat niet"
                    )
                )
                continue
            _resolve_voorzieningen(source)
            _sync(source, module, report, overwrite)
            refresh_module_time(module)
        if dry_run:
            transaction.set_rollback(True)
    return report

"""Leerstof as reviewable source files: parse ``modules/leerstof/`` and load it into pages.

The format is described in ``docs/leerstof-format.md``. Parsing (:func:`parse_front_matter`,
:func:`parse_body`, :func:`read_leerstof`) is pure and raises :class:`LeerstofError` with the
file and line. :func:`import_leerstof` writes the pages, idempotently:

- a source file without a page yet → the page is created and published ("nieuw");
- a page whose latest revision is still the one the import wrote → updated in place when the
  file changed ("bijgewerkt"), left alone when it did not ("ongewijzigd");
- a page that somebody edited in the admin since the last import (its latest revision is
  another one: a draft, a submission to the workflow, a publication) → left alone
  ("overgeslagen: in de admin bewerkt").

Pages are updated in place, so their ids, and the progress that points at them, survive.
The import is a system action: it publishes directly, not through the review workflow.
"""

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from content.blocks import CALLOUT_KINDS as CALLOUT_CHOICES

from .study_time import accreditation_hours, minutes_of_lesson_source

LEERSTOF_DIR = Path(__file__).resolve().parent / "leerstof"

# Part of every source hash: raise it when the parser changes how files become pages, so that
# the next import rewrites every page that nobody edited.
FORMAT_VERSION = "2"  # 2: seed file references into source_notes; minutes by the study-time rule

CALLOUT_KINDS = tuple(kind for kind, _label in CALLOUT_CHOICES)  # the kinds the callout block offers
DIRECTIVE_KINDS = (*CALLOUT_KINDS, "casus", "voorzieningen")
VOORZIENINGEN_LIMIT = 6

_KEY = re.compile(r"^([a-z_]+):(.*)$")
_LIST_ITEM = re.compile(r"^\s+-\s+(.*)$")
_DIRECTIVE_OPEN = re.compile(r"^:::([A-Za-z-]+)(?:\s+(.*))?$")
_FOLDER = re.compile(r"^(\d+)-([a-z0-9-]+)$")
_LESSON_FILE = re.compile(r"^(\d+)-([a-z0-9-]+)\.md$")
# A seed file reference in a source list: ", `000_9642f3ac0124132f.txt` regels 92–95 en 136–143".
_SEED_REFERENCE = re.compile(
    r",?\s*`[^`\s]+\.txt`(?:\s+regels?\s+\d+(?:\s*[–-]\s*\d+)?(?:(?:\s*,\s*|\s+en\s+)\d+(?:\s*[–-]\s*\d+)?)*)?"
)
_BLOCK_NAMESPACE = uuid.UUID("5b1e6a52-2f3c-4a55-9d7e-6c1f0c2b8e11")


class LeerstofError(ValueError):
    """A source file does not follow the format; the message says where and what."""

    def __init__(self, path, line, message):
        self.path, self.line = path, line
        where = f"{path}, regel {line}" if line else str(path)
        super().__init__(f"{where}: {message}")


# --------------------------------------------------------------------------- parsing (pure)


def parse_front_matter(text, path="?"):
    """Split a file into (front matter dict, body, line number where the body starts).

    Front matter: ``key: value`` lines, and lists as ``key:`` followed by ``  - item`` lines.
    Values are strings; list values are lists of strings.
    """
    lines = _unix(text).split("\n")
    if not lines or lines[0].strip() != "---":
        raise LeerstofError(path, 1, "het bestand begint niet met een regel '---' (front matter).")
    meta, current_list = {}, None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return meta, "\n".join(lines[number:]), number + 1
        if not line.strip():
            continue
        item = _LIST_ITEM.match(line)
        if item and current_list is not None:
            current_list.append(item.group(1).strip())
            continue
        match = _KEY.match(line)
        if not match:
            raise LeerstofError(path, number, f"verwacht 'sleutel: waarde' of '  - item', niet {line!r}.")
        key, value = match.group(1), match.group(2).strip()
        if key in meta:
            raise LeerstofError(path, number, f"'{key}' staat twee keer in de front matter.")
        if value:
            meta[key], current_list = value, None
        else:
            meta[key] = current_list = []
    raise LeerstofError(path, 1, "de front matter wordt niet afgesloten met een regel '---'.")


def _block_id(source_path, index):
    return str(uuid.uuid5(_BLOCK_NAMESPACE, f"{source_path}#{index}"))


def split_source_references(body):
    """(the body for learners, the full source references for coordinators).

    Learners see each source by title, organisation and year; the seed file names and line
    ranges (authoring metadata) leave the body and are kept, with the whole ``## Bronnen``
    list as written, in the second value. The number of lines stays the same, so errors still
    name the right line."""
    notes, lines, in_sources = [], [], False
    for line in body.split("\n"):
        if line.startswith("## "):
            in_sources = line[3:].strip().lower() == "bronnen"
        elif in_sources and line.strip().startswith("- "):
            notes.append(line.strip())
        lines.append(_SEED_REFERENCE.sub("", line) if "`" in line else line)
    return "\n".join(lines), "\n".join(notes)


def parse_body(body, path="?", first_line=1):
    """The lesson body as StreamField data: ``[{"type", "value", "id"}]``.

    Plain Markdown becomes ``markdown`` blocks; ``:::kind [title]`` … ``:::`` directives become
    callouts, casus and voorzieningen blocks. Block ids are derived from the file and position,
    so importing an unchanged file gives the same ids.
    """
    blocks, chunk = [], []
    lines = body.split("\n")
    i = 0

    def flush():
        text = "\n".join(chunk).strip("\n")
        chunk.clear()
        if text.strip():
            blocks.append(("markdown", text))

    while i < len(lines):
        line = lines[i]
        opening = _DIRECTIVE_OPEN.match(line.rstrip())
        if not opening:
            if line.strip() == ":::":
                raise LeerstofError(path, first_line + i, "':::' sluit een blok dat niet geopend is.")
            chunk.append(line)
            i += 1
            continue
        kind, argument, start = opening.group(1), (opening.group(2) or "").strip(), first_line + i
        if kind not in DIRECTIVE_KINDS:
            raise LeerstofError(
                path, start, f"onbekend blok ':::{kind}'; kies uit {', '.join(DIRECTIVE_KINDS)}."
            )
        content, i = [], i + 1
        while i < len(lines) and lines[i].strip() != ":::":
            if _DIRECTIVE_OPEN.match(lines[i].rstrip()):
                message = f"nieuw blok binnen ':::{kind}' (regel {start}); sluit dat eerst met ':::'."
                raise LeerstofError(path, first_line + i, message)
            content.append(lines[i])
            i += 1
        if i >= len(lines):
            raise LeerstofError(path, start, f"':::{kind}' wordt niet afgesloten met een regel ':::'.")
        i += 1  # the closing :::
        flush()
        blocks.append(_directive(kind, argument, content, path, start))
    flush()
    return [
        {"type": kind, "value": value, "id": _block_id(path, number)}
        for number, (kind, value) in enumerate(blocks)
    ]


def _directive(kind, argument, content, path, line):
    text = "\n".join(content).strip()
    if kind in CALLOUT_KINDS:
        if not text:
            raise LeerstofError(path, line, f"':::{kind}' is leeg.")
        return "callout", {"kind": kind, "title": argument, "text": text}
    if kind == "voorzieningen":
        if not argument:
            message = "':::voorzieningen' mist de categorie, bijv. ':::voorzieningen welzijn'."
            raise LeerstofError(path, line, message)
        return "voorzieningen", {"intro": text, "category_slug": argument, "limit": VOORZIENINGEN_LIMIT}
    # casus
    if not argument:
        raise LeerstofError(path, line, "':::casus' mist een titel op dezelfde regel.")
    parts, current = {"situatie": []}, "situatie"
    for offset, content_line in enumerate(content, start=1):
        marker = content_line.strip()
        if marker in ("--- vraag", "--- uitwerking"):
            name = marker[4:]
            if name in parts:
                raise LeerstofError(path, line + offset, f"'{marker}' staat twee keer in deze casus.")
            if name == "uitwerking" and "vraag" not in parts:
                raise LeerstofError(path, line + offset, "'--- uitwerking' komt vóór '--- vraag'.")
            parts[name], current = [], name
        else:
            parts[current].append(content_line)
    texts = {name: "\n".join(lines).strip() for name, lines in parts.items()}
    for name in ("situatie", "vraag", "uitwerking"):
        if not texts.get(name):
            missing = "de situatie" if name == "situatie" else f"'--- {name}' met tekst"
            raise LeerstofError(path, line, f"de casus '{argument}' mist {missing}.")
    return "casus", {
        "title": argument,
        "situation": texts["situatie"],
        "question": texts["vraag"],
        "answer": texts["uitwerking"],
    }


@dataclass
class LessonSource:
    path: str  # relative to the leerstof folder, e.g. "01-giz/01-wat-is-giz.md"
    hash: str
    title: str
    slug: str
    minutes: int
    region: str
    learning_goals: list
    body: list
    source_notes: str = ""
    computed_minutes: int | None = None  # by the study-time rule; ``minutes`` may override it

    def page_fields(self):
        return {
            "source_notes": self.source_notes,
            "computed_minutes": self.computed_minutes,
            "title": self.title,
            "slug": self.slug,
            "estimated_minutes": self.minutes,
            "region": self.region,
            "learning_goals": "\n".join(self.learning_goals),
            "body": self.body,
        }


@dataclass
class ModuleSource:
    path: str  # e.g. "01-giz/module.md"
    hash: str
    order: int
    title: str
    slug: str
    minutes: int
    accreditation_hours: Decimal
    refresh_months: int | None
    audience: str
    learning_goals: list
    intro: str
    lessons: list = field(default_factory=list)

    def page_fields(self):
        return {
            "title": self.title,
            "slug": self.slug,
            "estimated_minutes": self.minutes,
            "accreditation_hours": self.accreditation_hours,
            "refresh_months": self.refresh_months,
            "audience": self.audience,
            "learning_goals": "\n".join(self.learning_goals),
            "intro": self.intro,
        }


def _hash(text):
    return hashlib.sha256(f"{FORMAT_VERSION}\n{text}".encode()).hexdigest()


def _required(meta, key, path):
    value = meta.get(key)
    if not value or not isinstance(value, str):
        raise LeerstofError(path, None, f"'{key}' ontbreekt in de front matter.")
    return value


def _integer(meta, key, path, default=None):
    value = meta.get(key)
    if value in (None, ""):
        if default is None:
            raise LeerstofError(path, None, f"'{key}' ontbreekt in de front matter.")
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise LeerstofError(path, None, f"'{key}' moet een heel getal zijn, niet {value!r}.") from None
    if number < 0:
        raise LeerstofError(path, None, f"'{key}' mag niet negatief zijn.")
    return number


def _list(meta, key):
    value = meta.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def _slug(meta, path):
    slug = _required(meta, "slug", path)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise LeerstofError(path, None, f"slug {slug!r} mag alleen kleine letters, cijfers en '-' bevatten.")
    return slug


def _unix(text):
    """A file saved by Windows Notepad reads as the same file: no BOM, "\\n" line ends."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_module(text, path):
    text = _unix(text)
    meta, body, _ = parse_front_matter(text, path)
    try:
        hours = Decimal(str(meta.get("accreditation_hours") or "0").replace(",", "."))
    except InvalidOperation:
        raise LeerstofError(path, None, "'accreditation_hours' moet een getal zijn, bijv. 1.5.") from None
    refresh = meta.get("refresh_months")
    return ModuleSource(
        path=path,
        hash=_hash(text),
        order=_integer(meta, "order", path, default=0),
        title=_required(meta, "title", path),
        slug=_slug(meta, path),
        minutes=_integer(meta, "minutes", path, default=60),
        accreditation_hours=hours,
        refresh_months=_integer(meta, "refresh_months", path) if refresh else None,
        audience=meta.get("audience", "") if isinstance(meta.get("audience", ""), str) else "",
        learning_goals=_list(meta, "learning_goals"),
        intro=body.strip(),
    )


def parse_lesson(text, path):
    text = _unix(text)
    meta, body, first_line = parse_front_matter(text, path)
    body, source_notes = split_source_references(body)
    blocks = parse_body(body, path, first_line)
    if not blocks:
        raise LeerstofError(path, first_line, "de les heeft geen tekst.")
    computed = minutes_of_lesson_source(body, blocks)
    override = _integer(meta, "minutes", path) if meta.get("minutes") not in (None, "") else None
    return LessonSource(
        path=path,
        hash=_hash(text),
        title=_required(meta, "title", path),
        slug=_slug(meta, path),
        minutes=override if override is not None else computed,
        computed_minutes=computed,
        region=meta.get("region", "") if isinstance(meta.get("region", ""), str) else "",
        learning_goals=_list(meta, "learning_goals"),
        body=blocks,
        source_notes=source_notes,
    )


def read_leerstof(directory=LEERSTOF_DIR):
    """Every module folder ``NN-slug`` with ``module.md`` and lessons ``NN-slug.md``, in order."""
    directory = Path(directory)
    if not directory.is_dir():
        raise LeerstofError(directory, None, "de map met leerstof bestaat niet.")
    modules = []
    for folder in sorted(p for p in directory.iterdir() if p.is_dir() and _FOLDER.match(p.name)):
        module_file = folder / "module.md"
        relative = f"{folder.name}/module.md"
        if not module_file.exists():
            raise LeerstofError(relative, None, "module.md ontbreekt.")
        module = parse_module(module_file.read_text(encoding="utf-8-sig"), relative)
        lesson_files = sorted(
            (p for p in folder.iterdir() if _LESSON_FILE.match(p.name)),
            key=lambda p: (int(_LESSON_FILE.match(p.name).group(1)), p.name),
        )
        for lesson_file in lesson_files:
            module.lessons.append(
                parse_lesson(lesson_file.read_text(encoding="utf-8-sig"), f"{folder.name}/{lesson_file.name}")
            )
        slugs = [lesson.slug for lesson in module.lessons]
        duplicates = {slug for slug in slugs if slugs.count(slug) > 1}
        if duplicates:
            message = f"twee lessen met dezelfde slug: {', '.join(sorted(duplicates))}."
            raise LeerstofError(relative, None, message)
        modules.append(module)
    modules.sort(key=lambda m: (m.order, m.path))
    slugs = [module.slug for module in modules]
    duplicates = {slug for slug in slugs if slugs.count(slug) > 1}
    if duplicates:
        message = f"twee modules met dezelfde slug: {', '.join(sorted(duplicates))}."
        raise LeerstofError(directory, None, message)
    return modules


# --------------------------------------------------------------------------- importing

NEW = "nieuw"
UPDATED = "bijgewerkt"
UNCHANGED = "ongewijzigd"
SKIPPED = "overgeslagen"

EDITED_IN_ADMIN = "in de admin bewerkt"
NOT_FROM_IMPORT = "er staat al een pagina met deze slug die niet uit de import komt"
NO_MODULE = "de module is niet uit de import gekomen"


@dataclass
class ReportLine:
    status: str
    kind: str  # "module" or "les"
    title: str
    source_path: str
    reason: str = ""
    page_id: int | None = None

    def __str__(self):
        status = f"{self.status}: {self.reason}" if self.reason else self.status
        return f"{status} — {self.kind} “{self.title}” ({self.source_path})"


@dataclass
class ImportReport:
    lines: list = field(default_factory=list)
    dry_run: bool = False

    def count(self, status):
        return sum(1 for line in self.lines if line.status == status)

    def summary(self):
        modules = sum(1 for line in self.lines if line.kind == "module")
        lessons = len(self.lines) - modules
        prefix = "Proefdraai (niets opgeslagen): " if self.dry_run else ""
        return (
            f"{prefix}{modules} modules en {lessons} lessen: {self.count(NEW)} nieuw, "
            f"{self.count(UPDATED)} bijgewerkt, {self.count(UNCHANGED)} ongewijzigd, "
            f"{self.count(SKIPPED)} overgeslagen."
        )


def import_leerstof(directory=LEERSTOF_DIR, dry_run=False, overwrite=()):
    """Load the leerstof into pages (see the module docstring); returns an :class:`ImportReport`.

    Reads and checks every file before it writes anything. With ``dry_run`` the report says what
    would happen and the database is left as it was. ``overwrite``: source paths (such as
    ``"01-giz/01-wat-is-giz.md"``) whose pages are updated from the file even though they were
    edited in the admin.
    """
    from .setup import ensure_site_tree

    sources = read_leerstof(directory)
    known = {module.path for module in sources} | {lesson.path for m in sources for lesson in m.lessons}
    unknown = sorted(set(overwrite) - known)
    if unknown:
        raise LeerstofError(
            directory, None, f"onbekend bronbestand om te overschrijven: {', '.join(unknown)}."
        )
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        _, index = ensure_site_tree()
        previous_module = None
        for module_source in sources:
            module = _sync_page(index, "module", module_source, report, previous_module, overwrite)
            if module is None:
                for lesson_source in module_source.lessons:
                    report.lines.append(
                        ReportLine(SKIPPED, "les", lesson_source.title, lesson_source.path, NO_MODULE)
                    )
                continue
            previous_module = module
            previous_lesson = None
            for lesson_source in module_source.lessons:
                lesson = _sync_page(module, "les", lesson_source, report, previous_lesson, overwrite)
                previous_lesson = lesson or previous_lesson
            refresh_module_time(module)
        if dry_run:
            transaction.set_rollback(True)
    return report


def refresh_module_time(module):
    """Make the module's minutes the sum of its published steps' minutes (quizzes included) and
    its accreditation hours follow from them (:mod:`modules.study_time`). Leaves a module with
    unpublished changes alone; keeps an imported module counted as imported."""
    from .models import LeerstofImport, ModulePage

    module = ModulePage.objects.get(pk=module.pk)
    steps = [page.specific for page in module.get_children().live()]
    minutes = sum(getattr(step, "estimated_minutes", None) or 0 for step in steps)
    hours = accreditation_hours(minutes)
    if (module.estimated_minutes, module.accreditation_hours) == (minutes, hours) or (
        module.has_unpublished_changes
    ):
        return module
    record = LeerstofImport.objects.filter(page=module).first()
    imported = record is not None and record.revision_id == module.latest_revision_id
    module.estimated_minutes, module.accreditation_hours = minutes, hours
    revision = module.save_revision(log_action=False)
    revision.publish(log_action=False)
    if imported:
        record.revision = revision
        record.save(update_fields=["revision"])
    return module


def _sync_page(parent, kind, source, report, after=None, overwrite=()):
    """Create, update or leave one page; returns it (or None when there is no usable page)."""
    from wagtail.models import Page

    from .models import LeerstofImport, LessonPage, ModulePage

    model = ModulePage if kind == "module" else LessonPage
    record = LeerstofImport.objects.select_related("page").filter(source_path=source.path).first()

    def line(status, page, reason=""):
        page_id = page.pk if page else None
        report.lines.append(ReportLine(status, kind, source.title, source.path, reason, page_id))

    if record is None:
        existing = Page.objects.child_of(parent).filter(slug=source.slug).first()
        if existing is not None:
            line(SKIPPED, existing, NOT_FROM_IMPORT)
            existing = existing.specific
            return existing if isinstance(existing, model) else None
        page = model(**source.page_fields())
        if after is not None and after.get_parent().pk == parent.pk:
            after.add_sibling(pos="right", instance=page)
        else:
            parent.add_child(instance=page)
        revision = page.save_revision(log_action=True)
        revision.publish()
        LeerstofImport.objects.create(
            page=page, source_path=source.path, source_hash=source.hash, revision=revision
        )
        line(NEW, page)
        return page

    page = record.page.specific
    if not isinstance(page, model):
        line(SKIPPED, page, EDITED_IN_ADMIN)
        return None
    forced = source.path in overwrite
    if page.latest_revision_id != record.revision_id and not forced:
        line(SKIPPED, page, EDITED_IN_ADMIN)
        return page
    if record.source_hash == source.hash and not forced:
        line(UNCHANGED, page)
        return page
    for name, value in source.page_fields().items():
        setattr(page, name, value)
    revision = page.save_revision(log_action=True)
    revision.publish()
    record.source_hash, record.revision = source.hash, revision
    record.save()
    line(UPDATED, page)
    return page
